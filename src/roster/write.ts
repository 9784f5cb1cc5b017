import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { writeChanges, type ChangeEntry } from '../audit/writeChanges';
import { toPlain } from '../db/toPlain';
import { searchFieldsOf } from '../search/pinyinOf';
import type { PairingWrite, UnitWrite } from './RowPlan';
import type { CooperationWrite } from './planCooperation';

/** Who imports what, when: written on every node an import creates or changes. */
export interface WriteMeta {
  /** Id of the import's :Source node (one per roster). */
  sourceId: string;
  /** The roster's name (a file's base name). */
  file: string;
  importedAt: Date;
  importedBy: string;
  /** The import's day in China, `YYYY-MM-DD`: the pairings' `asOf` and the reference of their status. */
  today: string;
  /** What the audit trail names as the operation: `import`, or a mutation's name. */
  operation: string;
  /** The role of who imports (a token's), null from the command line. */
  role: string | null;
  /** Prefix of this roster's change ids, and how many changes it recorded so far (across batches). */
  changes: { prefix: string; count: number };
}

const IMPORTED = 'IMPORTED';

/** Records, in the audit trail, the rows of `plans` that change something. */
async function recordChanges(tx: ManagedTransaction, plans: readonly (UnitWrite | PairingWrite | CooperationWrite)[], meta: WriteMeta): Promise<void> {
  const entries: ChangeEntry[] = [];
  for (const p of plans) {
    if (p.action === 'unchanged') continue;
    const targetType = p.type === 'pairing' ? 'Pairing' : p.type === 'division' ? 'Region' : p.type === 'cooperation' ? 'Cooperation' : 'Unit';
    const action = p.action === 'create' ? 'CREATE' : p.replaces ? 'REPLACE' : 'UPDATE';
    entries.push({ targetType, targetId: p.id, action, fields: p.changes, before: p.audit.before, after: p.audit.after });
  }
  if (!entries.length) return;
  await writeChanges(tx, entries, { actor: meta.importedBy, role: meta.role, operation: meta.operation, at: meta.importedAt, source: meta.sourceId }, meta.changes.prefix, meta.changes.count);
  meta.changes.count += entries.length;
}

function date(iso: string | null | undefined): unknown {
  if (!iso) return null;
  const [y, m, d] = iso.split('-').map(Number);
  return new neo4j.types.Date(y, m, d);
}

function stamp(meta: WriteMeta, row: number): Record<string, unknown> {
  return {
    provenance: IMPORTED,
    source: meta.sourceId,
    importedFrom: meta.file,
    importedRow: neo4j.int(row),
    importedAt: neo4j.types.DateTime.fromStandardDate(meta.importedAt),
    importedBy: meta.importedBy,
  };
}

async function runCounted(tx: ManagedTransaction, cypher: string, rows: unknown[], params: Record<string, unknown>, what: string): Promise<void> {
  if (!rows.length) return;
  const result = await tx.run(cypher, { ...params, rows });
  const written = toPlain(result.records[0]?.get('written') ?? 0);
  if (written !== rows.length) throw new Error(`import: ${what}: wrote ${String(written)} of ${rows.length} rows (the database changed during the import?)`);
}

/** Writes the units rows that create or change something, in batched UNWIND statements, inside `tx`. */
export async function writeUnits(tx: ManagedTransaction, plans: readonly UnitWrite[], meta: WriteMeta): Promise<void> {
  const params = { source: meta.sourceId };
  const creates = new Map<string, Record<string, unknown>[]>();
  const updates: Record<string, unknown>[] = [];
  const divisions: Record<string, unknown>[] = [];
  for (const p of plans) {
    if (p.action === 'unchanged') continue;
    const v = p.values;
    if (p.type === 'division') {
      divisions.push({
        id: p.id,
        props: {
          demonstration: v.demonstration,
          demonstrationProvenance: IMPORTED,
          demonstrationSource: meta.sourceId,
          importedFrom: meta.file,
          importedRow: neo4j.int(p.row),
          importedAt: neo4j.types.DateTime.fromStandardDate(meta.importedAt),
          importedBy: meta.importedBy,
        },
      });
      continue;
    }
    const props: Record<string, unknown> = { name: v.name, kind: v.kind, side: p.side, ...searchFieldsOf(v.name), ...stamp(meta, p.row) };
    if (p.action === 'create') {
      if (!p.label) throw new Error(`invariant: no label for kind ${v.kind}`);
      const list = creates.get(p.label) ?? [];
      list.push({ region: v.region, props: { id: p.id, ...props } });
      creates.set(p.label, list);
    } else {
      if (p.replaces) Object.assign(props, { id: p.id, replacedPlaceholder: p.replaces });
      updates.push({ matchId: p.matchId, region: v.region, props });
    }
  }
  for (const [label, rows] of creates) {
    // The label comes from IMPORTABLE_UNIT_LABEL, a fixed list.
    await runCounted(
      tx,
      `UNWIND $rows AS row
       MATCH (r:Region {id: row.region})
       CREATE (n:Node:Unit:\`${label}\`)
       SET n = row.props
       CREATE (n)-[:LOCATED_IN {provenance: 'IMPORTED', source: $source}]->(r)
       RETURN count(*) AS written`,
      rows,
      params,
      'new units',
    );
  }
  await runCounted(
    tx,
    `UNWIND $rows AS row
     MATCH (n:Node:Unit {id: row.matchId})
     SET n += row.props
     RETURN count(*) AS written`,
    updates,
    params,
    'changed units',
  );
  const moved = updates.filter((u) => u.region !== null).map((u) => ({ id: (u.props as { id?: string }).id ?? u.matchId, region: u.region }));
  await runCounted(
    tx,
    `UNWIND $rows AS row
     MATCH (n:Node:Unit {id: row.id})
     MATCH (r:Region {id: row.region})
     CALL (n) { MATCH (n)-[old:LOCATED_IN]->() DELETE old }
     CREATE (n)-[:LOCATED_IN {provenance: 'IMPORTED', source: $source}]->(r)
     RETURN count(*) AS written`,
    moved,
    params,
    'unit locations',
  );
  await runCounted(
    tx,
    `UNWIND $rows AS row
     MATCH (n:Region {id: row.id})
     SET n += row.props
     RETURN count(*) AS written`,
    divisions,
    params,
    'demonstration villages',
  );
  await recordChanges(tx, plans, meta);
}

/** Writes the pairings rows that create or change something, inside `tx`. */
export async function writePairings(tx: ManagedTransaction, plans: readonly PairingWrite[], meta: WriteMeta): Promise<void> {
  const params = { source: meta.sourceId };
  const creates: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  for (const p of plans) {
    if (p.action === 'unchanged') continue;
    const v = p.values;
    const status = p.until !== null && p.until < meta.today ? 'ENDED' : 'ACTIVE';
    const props: Record<string, unknown> = { kind: p.kind, sector: p.sector, status, asOf: date(meta.today), ...stamp(meta, p.row) };
    if (v.since !== undefined) props.since = date(v.since);
    if (v.until !== undefined) props.until = date(v.until);
    if (v.agreement !== undefined) props.agreementId = p.agreementId;
    if (v.note !== undefined) props.note = v.note ?? null;
    if (p.action === 'create') {
      for (const k of Object.keys(props)) if (props[k] === null) delete props[k];
      creates.push({ supporting: v.supporting, supported: v.supported, cooperation: p.cooperationId, props: { id: p.id, ...props } });
    } else {
      updates.push({ id: p.id, props });
    }
  }
  await runCounted(
    tx,
    `UNWIND $rows AS row
     MATCH (a:Unit {id: row.supporting})
     MATCH (b:Unit {id: row.supported})
     CREATE (p:Node:Pairing)
     SET p = row.props
     CREATE (p)-[:SUPPORTER {provenance: 'IMPORTED', source: $source}]->(a)
     CREATE (p)-[:SUPPORTED {provenance: 'IMPORTED', source: $source}]->(b)
     WITH p, row
     MATCH (c:Cooperation {id: row.cooperation})
     CREATE (p)-[:IN_COOPERATION {provenance: 'IMPORTED', source: $source}]->(c)
     RETURN count(*) AS written`,
    creates,
    params,
    'new pairings',
  );
  await runCounted(
    tx,
    `UNWIND $rows AS row
     MATCH (p:Pairing {id: row.id})
     SET p += row.props
     WITH p
     CALL (p) { MATCH (p)-[r:SUPPORTER|SUPPORTED]->() SET r.provenance = 'IMPORTED', r.source = $source }
     RETURN count(*) AS written`,
    updates,
    params,
    'changed pairings',
  );
  await recordChanges(tx, plans, meta);
}

/**
 * Writes the cooperations rows that create or change something, inside `tx`: a `:Node:Entity:Cooperation`
 * with SUPPORTING_SIDE and SUPPORTED_SIDE to its two regions (its year and note as the seed keeps them, in
 * `p_since` and `p_note` listed in `propertyKeys`). The caller refreshes the units' sides after.
 */
export async function writeCooperations(tx: ManagedTransaction, plans: readonly CooperationWrite[], meta: WriteMeta): Promise<void> {
  const params = { source: meta.sourceId };
  const creates: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  for (const p of plans) {
    if (p.action === 'unchanged') continue;
    const v = p.values;
    const props: Record<string, unknown> = { name: v.name, ...stamp(meta, p.row) };
    const extra: Record<string, unknown> = {};
    if (v.kind !== undefined) props.kind = v.kind;
    if (v.sinceYear !== undefined) extra.since = v.sinceYear === null ? null : String(v.sinceYear);
    if (v.note !== undefined) extra.note = v.note;
    for (const [k, value] of Object.entries(extra)) props[`p_${k}`] = value;
    const row = { id: p.id, props, stated: Object.keys(extra), kept: Object.keys(extra).filter((k) => extra[k] !== null) };
    if (p.action === 'create') {
      for (const k of Object.keys(props)) if (props[k] === null) delete props[k];
      creates.push({ ...row, supporting: v.supportingRegion, supported: v.supportedRegion });
    } else updates.push(row);
  }
  await runCounted(
    tx,
    `UNWIND $rows AS row
     MATCH (a:Region {id: row.supporting})
     MATCH (b:Region {id: row.supported})
     CREATE (c:Node:Entity:Cooperation {id: row.id})
     SET c += row.props, c.propertyKeys = row.kept
     CREATE (c)-[:SUPPORTING_SIDE {provenance: 'IMPORTED', source: $source}]->(a)
     CREATE (c)-[:SUPPORTED_SIDE {provenance: 'IMPORTED', source: $source}]->(b)
     RETURN count(*) AS written`,
    creates,
    params,
    'new cooperations',
  );
  await runCounted(
    tx,
    `UNWIND $rows AS row
     MATCH (c:Cooperation {id: row.id})
     SET c += row.props, c.propertyKeys = [k IN coalesce(c.propertyKeys, []) WHERE NOT k IN row.stated] + row.kept
     RETURN count(*) AS written`,
    updates,
    params,
    'changed cooperations',
  );
  await recordChanges(tx, plans, meta);
}

/** The counts an import's Source records: what its committed transactions wrote, so far. */
export interface SourceCounts {
  kind: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Creates the :Source node of one imported roster (kind IMPORT, titled by the file's name) or, when an
 * earlier batch of the same import created it, sets its counts to `counts`; inside the batch's own
 * transaction, so that the counts always say what was committed.
 */
export async function saveImportSource(tx: ManagedTransaction, meta: WriteMeta, counts: SourceCounts, extra: Record<string, unknown> = {}): Promise<void> {
  const tally = {
    rows: neo4j.int(counts.rows),
    created: neo4j.int(counts.created),
    updated: neo4j.int(counts.updated),
    unchanged: neo4j.int(counts.unchanged),
  };
  await tx.run(
    `MERGE (s:Node:Source {id: $id})
     ON CREATE SET s = $props
     ON MATCH SET s += $tally`,
    {
      id: meta.sourceId,
      tally,
      props: {
        id: meta.sourceId,
        kind: 'IMPORT',
        title: meta.file,
        author: meta.importedBy,
        published: date(meta.today),
        importedBy: meta.importedBy,
        importedAt: neo4j.types.DateTime.fromStandardDate(meta.importedAt),
        roster: counts.kind,
        ...tally,
        provenance: IMPORTED,
        source: meta.sourceId,
        ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined && v !== null)),
      },
    },
  );
}
