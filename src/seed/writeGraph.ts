import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { toPlain } from '../db/toPlain';
import type { SeedGraph, SeedNode, SeedRelationship } from './SeedGraph';

/** Labels the seed may write; a label outside this list is an error, never interpolated. */
const NODE_LABELS = new Set([
  'Node',
  'Unit',
  'Region',
  'Organization',
  'Locality',
  'RelocationEstate',
  'Pairing',
  'Source',
  'Figure',
  'FigureGroup',
  'Entity',
  'Cooperation',
  'Agreement',
  'Action',
  'Plan',
  'Studio',
  'IndustrialPark',
  'Workshop',
  'Product',
  'Channel',
  'Person',
  'Event',
]);

/** Relationship types the seed may write. */
const RELATIONSHIP_TYPES = new Set([
  'PART_OF',
  'LOCATED_IN',
  'SUPPORTER',
  'SUPPORTED',
  'IN_COOPERATION',
  'IN_GROUP',
  'OF',
  'ABOUT',
  'BREAKDOWN_OF',
  'ALIGNS_WITH',
  'SUPPORTING_SIDE',
  'SUPPORTED_SIDE',
  'SOLD_VIA',
  'FOUNDED',
  'POSTED_TO',
  'FROM',
  'LEADS',
  'MEMBER_OF',
  'HELD_AT',
  'ORGANIZED_BY',
  'RUNS',
  'CERTIFIED_BY',
  'HAS_MARK',
  'PARTICIPATED_IN',
]);

/** Properties stored as Neo4j dates when written YYYY-MM-DD (a bare year such as '2021' stays text). */
const DATE_KEYS = new Set(['since', 'until', 'asOf', 'published', 'periodFrom', 'periodTo']);

const BATCH = 5000;

/** What an import set on a village (its demonstration flag) and a reload of the seed keeps. */
const KEPT_IMPORTED = ['demonstration', 'demonstrationProvenance', 'demonstrationSource', 'importedFrom', 'importedRow', 'importedAt', 'importedBy'];

/**
 * Finds the two ends of a relationship by id; an id that an import gave to a real unit in place of a
 * placeholder (`replacedPlaceholder`) finds that unit, so that reloading the seed follows the replacement.
 */
const MATCH_ENDS = `
      OPTIONAL MATCH (a0:Node {id: row.from})
      OPTIONAL MATCH (a1:Node {replacedPlaceholder: row.from})
      WITH row, coalesce(a1, a0) AS a, a1 IS NOT NULL AS fromReplaced
      OPTIONAL MATCH (b0:Node {id: row.to})
      OPTIONAL MATCH (b1:Node {replacedPlaceholder: row.to})
      WITH row, a, fromReplaced, coalesce(b1, b0) AS b
      WHERE a IS NOT NULL AND b IS NOT NULL`;

/** Returns properties as Neo4j stores them: nulls left out, `YYYY-MM-DD` dates of date keys as dates, whole numbers as integers. */
export function toStored(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined) continue;
    const m = DATE_KEYS.has(k) && typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
    if (m) out[k] = new neo4j.types.Date(Number(m[1]), Number(m[2]), Number(m[3]));
    else out[k] = typeof v === 'number' && Number.isInteger(v) ? neo4j.int(v) : v;
  }
  return out;
}

function checkLabels(labels: string[], id: string): void {
  for (const l of labels) if (!NODE_LABELS.has(l)) throw new Error(`node ${id}: label '${l}' is not allowed`);
  if (labels[0] !== 'Node') throw new Error(`invariant: node ${id} must carry the Node label first`);
}

/**
 * Writes `graph` inside the transaction `tx`: nodes merged on id (their properties replaced,
 * unless the node was IMPORTED by a user; a village keeps an imported demonstration flag; a placeholder
 * that an import replaced is not created again), then relationships merged on their two ends and type
 * (an end replaced by an import is found under its new id; the relationships of a node that an import
 * replaced or changed, such as its location, are left as the import made them; an IMPORTED relationship
 * keeps its properties).
 * Mode `create` skips the merge for bulk loads of new data (the id constraint still rejects duplicates).
 * Labels and types come only from fixed lists. Throws naming the relationship whose end is missing,
 * so that the caller's transaction rolls back and nothing is half-written.
 */
export async function writeGraph(
  tx: ManagedTransaction,
  graph: SeedGraph,
  options: { mode?: 'merge' | 'create' } = {},
): Promise<{ nodes: number; relationships: number }> {
  const create = options.mode === 'create';
  const byLabels = new Map<string, SeedNode[]>();
  for (const n of graph.nodes) {
    checkLabels(n.labels, n.id);
    const key = n.labels.join(':');
    const group = byLabels.get(key);
    if (group) group.push(n);
    else byLabels.set(key, [n]);
  }
  for (const [key, nodes] of byLabels) {
    const extra = key.split(':').slice(1).map((l) => `:\`${l}\``).join('');
    const cypher = create
      ? `UNWIND $rows AS row CREATE (n:Node) SET n = row.props ${extra ? `SET n${extra}` : ''}`
      : `
      UNWIND $rows AS row
      WITH row WHERE NOT EXISTS { MATCH (:Node {replacedPlaceholder: row.id}) }
      MERGE (n:Node {id: row.id})
      WITH n, row WHERE coalesce(n.provenance, '') <> 'IMPORTED'
      WITH n, row, CASE WHEN n.demonstrationProvenance = 'IMPORTED' THEN n {${KEPT_IMPORTED.map((k) => `.${k}`).join(', ')}} ELSE {} END AS kept
      SET n = row.props SET n += kept ${extra ? `SET n${extra}` : ''}`;
    for (let i = 0; i < nodes.length; i += BATCH) {
      const rows = nodes.slice(i, i + BATCH).map((n) => ({ id: n.id, props: toStored(n.props) }));
      await tx.run(cypher, { rows });
    }
  }
  const byType = new Map<string, SeedRelationship[]>();
  for (const r of graph.relationships) {
    if (!RELATIONSHIP_TYPES.has(r.type)) throw new Error(`relationship ${r.from}-${r.type}->${r.to}: type not allowed`);
    const group = byType.get(r.type);
    if (group) group.push(r);
    else byType.set(r.type, [r]);
  }
  for (const [type, rels] of byType) {
    const cypher = create
      ? `
      UNWIND $rows AS row
      MATCH (a:Node {id: row.from})
      MATCH (b:Node {id: row.to})
      CREATE (a)-[r:\`${type}\`]->(b)
      SET r = row.props
      RETURN count(*) AS written`
      : `
      UNWIND $rows AS row
      ${MATCH_ENDS}
      CALL (a, b, row, fromReplaced) {
        WITH a, b, row WHERE NOT fromReplaced AND NOT (a.provenance = 'IMPORTED' AND EXISTS { (a)-[:\`${type}\`]->() })
        MERGE (a)-[r:\`${type}\`]->(b)
        FOREACH (_ IN CASE WHEN r.provenance = 'IMPORTED' THEN [] ELSE [1] END | SET r = row.props)
      }
      RETURN count(*) AS written`;
    for (let i = 0; i < rels.length; i += BATCH) {
      const rows = rels.slice(i, i + BATCH).map((r) => ({ from: r.from, to: r.to, props: toStored(r.props) }));
      const result = await tx.run(cypher, { rows });
      if (toPlain(result.records[0].get('written')) !== rows.length) await throwMissingEnd(tx, type, rows);
    }
  }
  await writeRegionFlags(tx, graph.regionFlags ?? []);
  return { nodes: graph.nodes.length, relationships: graph.relationships.length };
}

/**
 * Sets the seed's flags on divisions the national list loaded, unless an import set them (an IMPORTED
 * demonstration flag is kept). Throws naming the first division that is missing: load the divisions first.
 */
async function writeRegionFlags(tx: ManagedTransaction, flags: NonNullable<SeedGraph['regionFlags']>): Promise<void> {
  for (let i = 0; i < flags.length; i += BATCH) {
    const rows = flags.slice(i, i + BATCH).map((f) => ({ id: f.id, props: toStored(f.props) }));
    const result = await tx.run(
      `UNWIND $rows AS row
       OPTIONAL MATCH (r:Region {id: row.id})
       FOREACH (_ IN CASE WHEN r IS NOT NULL AND coalesce(r.demonstrationProvenance, '') <> 'IMPORTED' THEN [1] ELSE [] END | SET r += row.props)
       WITH row, r WHERE r IS NULL
       RETURN row.id AS missing LIMIT 1`,
      { rows },
    );
    const missing = result.records[0]?.get('missing') as string | undefined;
    if (missing) throw new Error(`seed: division ${missing} is not in the graph; load the divisions first (pairing-graph divisions load)`);
  }
}

/** Throws naming the first relationship of `rows` whose end node does not exist (the write is then rolled back). */
async function throwMissingEnd(tx: ManagedTransaction, type: string, rows: { from: string; to: string }[]): Promise<never> {
  const result = await tx.run(
    `UNWIND $rows AS row
     ${MATCH_ENDS.replace('WHERE a IS NOT NULL AND b IS NOT NULL', '')}
     WITH row, a, b WHERE a IS NULL OR b IS NULL
     RETURN row.from AS from, row.to AS to, a IS NULL AS noFrom LIMIT 1`,
    { rows },
  );
  const missing = result.records[0];
  if (!missing) throw new Error(`invariant: ${type} relationships were not all written, yet every end exists`);
  const end = missing.get('noFrom') ? missing.get('from') : missing.get('to');
  throw new Error(`relationship ${missing.get('from')}-${type}->${missing.get('to')}: no node with id '${end}'`);
}
