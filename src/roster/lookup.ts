import type { ManagedTransaction } from 'neo4j-driver';
import { toPlain } from '../db/toPlain';

/** What the importer needs to know of a node it meets by id: a unit, a division, a pairing, or anything else. */
export interface NodeInfo {
  id: string;
  labels: string[];
  name: string | null;
  kind: string | null;
  side: string | null;
  provenance: string | null;
  level: string | null;
  demonstration: boolean | null;
  replacedPlaceholder: string | null;
  /** A division's parent or a unit's location. */
  region: string | null;
  /** A division's short name and the names of older lists (拐角铺村, 拐角铺村委会): a roster may name it by any. */
  otherNames?: string[] | null;
  /** Pairings that name this unit on either side. */
  pairings: number;
  // pairings only
  sector: string | null;
  since: string | null;
  until: string | null;
  agreementId: string | null;
  note: string | null;
  supporting: string | null;
  supported: string | null;
}

/** A looked-up id: the node holding it, or the unit that replaced the placeholder that held it. */
export interface Lookup {
  node: NodeInfo | null;
  /** When no node holds the id: the id of the unit that replaced the placeholder of this id. */
  replacedBy: string | null;
}

const LOOKUP = `
UNWIND $ids AS id
OPTIONAL MATCH (n:Node {id: id})
CALL (id, n) {
  OPTIONAL MATCH (r:Node {replacedPlaceholder: id}) WHERE n IS NULL
  RETURN r.id AS replacedBy LIMIT 1
}
RETURN id, replacedBy, CASE WHEN n IS NULL THEN null ELSE n {
  .id, .name, .kind, .side, .provenance, .level, .demonstration, .replacedPlaceholder,
  .sector, .since, .until, .agreementId, .note,
  labels: labels(n),
  otherNames: CASE WHEN n:Region THEN [x IN [n.shortName] WHERE x IS NOT NULL] + coalesce(n.formerNames, []) END,
  region: coalesce([(n)-[:PART_OF]->(up:Region) | up.id][0], [(n)-[:LOCATED_IN]->(loc:Region) | loc.id][0]),
  pairings: CASE WHEN n:Unit THEN COUNT { (n)<-[:SUPPORTER|SUPPORTED]-(:Pairing) } ELSE 0 END,
  supporting: [(n:Pairing)-[:SUPPORTER]->(s) | s.id][0],
  supported: [(n:Pairing)-[:SUPPORTED]->(s) | s.id][0]
} END AS node`;

/** Looks up `ids` (one round trip, through the unique id index) and returns what holds each. */
export async function lookupIds(tx: ManagedTransaction, ids: Iterable<string>): Promise<Map<string, Lookup>> {
  const unique = [...new Set(ids)];
  const out = new Map<string, Lookup>();
  if (!unique.length) return out;
  const result = await tx.run(LOOKUP, { ids: unique });
  for (const r of result.records) {
    const node = toPlain(r.get('node')) as NodeInfo | null;
    if (node) {
      node.pairings ??= 0;
      for (const key of ['name', 'kind', 'side', 'provenance', 'level', 'demonstration', 'replacedPlaceholder', 'sector', 'since', 'until', 'agreementId', 'note', 'region', 'supporting', 'supported'] as const) {
        (node as unknown as Record<string, unknown>)[key] ??= null;
      }
    }
    out.set(r.get('id') as string, { node, replacedBy: (r.get('replacedBy') as string | null) ?? null });
  }
  return out;
}

const LOCK = `
UNWIND $ids AS id
MATCH (n:Node {id: id})
SET n.pgLock = true
REMOVE n.pgLock`;

/**
 * Takes the write locks of the nodes holding `ids` (in sorted order, so that two writers never wait on
 * each other in a circle) for the rest of the transaction; changes nothing. A writer that then reads them
 * sees what a concurrent writer committed meanwhile.
 */
export async function lockIds(tx: ManagedTransaction, ids: Iterable<string>): Promise<void> {
  const sorted = [...new Set(ids)].sort();
  if (sorted.length) await tx.run(LOCK, { ids: sorted });
}

/** The agreements a pairing may name, by id and by name. */
export interface Agreements {
  byId: Map<string, string>;
  byName: Map<string, string[]>;
}

/** Reads every agreement (a handful): pairings name one by id or by its exact name. */
export async function loadAgreements(tx: ManagedTransaction): Promise<Agreements> {
  const result = await tx.run('MATCH (a:Agreement) RETURN a.id AS id, a.name AS name');
  const byId = new Map<string, string>();
  const byName = new Map<string, string[]>();
  for (const r of result.records) {
    const id = r.get('id') as string;
    const name = (r.get('name') as string | null) ?? '';
    byId.set(id, name);
    if (name) byName.set(name, [...(byName.get(name) ?? []), id]);
  }
  return { byId, byName };
}
