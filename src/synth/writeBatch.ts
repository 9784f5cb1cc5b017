import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import type { SeedGraph, SeedNode, SeedRelationship } from '../seed/SeedGraph';
import { toStored } from '../seed/writeGraph';

/** Labels a synthetic graph may carry; anything else is refused, never interpolated. */
const LABELS = new Set(['Node', 'Unit', 'Region', 'Organization', 'Pairing', 'Source', 'Entity', 'Cooperation', 'Activity']);
/** Relationship types a synthetic graph may carry. */
const TYPES = new Set(['PART_OF', 'LOCATED_IN', 'SUPPORTER', 'SUPPORTED', 'IN_COOPERATION', 'SUPPORTING_SIDE', 'SUPPORTED_SIDE', 'ACTIVITY_OF']);
/** Rows per UNWIND statement. */
const ROWS_PER_STATEMENT = 10_000;

type Stored = Record<string, unknown>;

/** Returns a node's stored properties: as toStored gives them, and an activity's `date` as a Neo4j date (as the ledger stores it). */
function storedNode(n: SeedNode): Stored {
  const props = toStored(n.props);
  const m = n.labels.includes('Activity') && typeof n.props.date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(n.props.date) : null;
  if (m) props.date = new neo4j.types.Date(Number(m[1]), Number(m[2]), Number(m[3]));
  return props;
}


/** Nodes of one shape: the same labels and the same outgoing relationship types, in the same order. */
interface Group {
  labels: string[];
  types: string[];
  rows: { props: Stored; to: string[]; rels: Stored[] }[];
}

/** Returns the statement that creates nodes of a shape together with their outgoing relationships. */
function createStatement(labels: string[], types: string[]): string {
  for (const l of labels) if (!LABELS.has(l)) throw new Error(`synth: label '${l}' is not allowed`);
  for (const t of types) if (!TYPES.has(t)) throw new Error(`synth: relationship type '${t}' is not allowed`);
  const ends = types.map((_, i) => `MATCH (t${i}:Node {id: row.to[${i}]})`).join('\n');
  const rels = types.map((t, i) => `CREATE (n)-[r${i}:\`${t}\`]->(t${i}) SET r${i} = row.rels[${i}]`).join('\n');
  return `UNWIND $rows AS row
${ends}
CREATE (n:${labels.map((l) => `\`${l}\``).join(':')})
SET n = row.props
${rels}
RETURN count(*) AS written`;
}

/**
 * Creates `graph` (new nodes only: the id constraints refuse a duplicate) inside `tx` by the bulk path: each node
 * is created in the same statement as its outgoing relationships, one index lookup per relationship, in rounds so
 * that a node's ends exist before it (a village after its township, a pairing after its village). Ends outside
 * the batch must already be in the database. Returns the counts written; throws naming a relationship whose end is
 * missing, or a label or type outside the synthetic model, so that the caller's transaction rolls back.
 */
export async function writeBatch(tx: ManagedTransaction, graph: SeedGraph): Promise<{ nodes: number; relationships: number }> {
  const outgoing = new Map<string, SeedRelationship[]>();
  for (const r of graph.relationships) {
    const list = outgoing.get(r.from);
    if (list) list.push(r);
    else outgoing.set(r.from, [r]);
  }
  const inBatch = new Map<string, SeedNode>(graph.nodes.map((n) => [n.id, n]));
  const orphans = graph.relationships.filter((r) => !inBatch.has(r.from));
  if (orphans.length) throw new Error(`synth: relationship ${orphans[0].from}-${orphans[0].type}->${orphans[0].to} starts outside the batch`);

  // Round of a node: one more than the latest round among its ends in this batch (0 when none is).
  const round = new Map<string, number>();
  const roundOf = (id: string, depth = 0): number => {
    const known = round.get(id);
    if (known !== undefined) return known;
    if (depth > 64) throw new Error(`synth: relationships of ${id} form a cycle`);
    let r = 0;
    for (const rel of outgoing.get(id) ?? []) if (inBatch.has(rel.to) && rel.to !== id) r = Math.max(r, roundOf(rel.to, depth + 1) + 1);
    round.set(id, r);
    return r;
  };
  const rounds: Map<string, Group>[] = [];
  for (const n of graph.nodes) {
    const r = roundOf(n.id);
    const rels = outgoing.get(n.id) ?? [];
    const key = `${n.labels.join(':')}|${rels.map((x) => x.type).join(',')}`;
    const groups = (rounds[r] ??= new Map());
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels: n.labels, types: rels.map((x) => x.type), rows: [] }));
    g.rows.push({ props: storedNode(n), to: rels.map((x) => x.to), rels: rels.map((x) => toStored(x.props)) });
  }
  for (const groups of rounds) {
    for (const g of groups?.values() ?? []) {
      const cypher = createStatement(g.labels, g.types);
      for (let i = 0; i < g.rows.length; i += ROWS_PER_STATEMENT) {
        const rows = g.rows.slice(i, i + ROWS_PER_STATEMENT);
        const result = await tx.run(cypher, { rows });
        if (Number(result.records[0].get('written')) !== rows.length) await throwMissingEnd(tx, rows);
      }
    }
  }
  return { nodes: graph.nodes.length, relationships: graph.relationships.length };
}

/** Throws naming the first end of `rows` that is not in the database. */
async function throwMissingEnd(tx: ManagedTransaction, rows: { props: Stored; to: string[] }[]): Promise<never> {
  const result = await tx.run(
    `UNWIND $rows AS row UNWIND row.to AS to
     WITH row, to WHERE NOT EXISTS { MATCH (:Node {id: to}) }
     RETURN row.props.id AS from, to LIMIT 1`,
    { rows },
  );
  const r = result.records[0];
  if (!r) throw new Error('invariant: synthetic rows were not all written, yet every end exists');
  throw new Error(`synth: relationship from ${String(r.get('from'))}: no node with id '${String(r.get('to'))}'`);
}
