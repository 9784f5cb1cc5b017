import { createHash } from 'node:crypto';
import neo4j, { type Driver } from 'neo4j-driver';
import { cypher } from '../support/testDatabase';

/** Turns Neo4j values into plain JSON with sorted keys, so that equal graphs hash equally. */
function canonical(value: unknown): unknown {
  if (neo4j.isInt(value)) return value.toString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    if (neo4j.isDate(value) || neo4j.isDateTime(value) || neo4j.isLocalDateTime(value) || neo4j.isTime(value) || neo4j.isLocalTime(value) || neo4j.isDuration(value)) {
      return String(value);
    }
    const o = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, canonical(o[k])]));
  }
  return value;
}

/** The whole database in numbers: node and relationship counts and a SHA-256 over every node and relationship with all their labels and properties. */
export interface Fingerprint {
  nodes: number;
  relationships: number;
  hash: string;
}

/** Reads every node and relationship with plain Cypher through the driver alone (no code of the API) and hashes them. */
export async function fingerprint(driver: Driver): Promise<Fingerprint> {
  const nodes = await cypher<{ e: string; labels: string[]; props: unknown }>(driver, 'MATCH (n) RETURN elementId(n) AS e, labels(n) AS labels, properties(n) AS props');
  const rels = await cypher<{ e: string; a: string; type: string; b: string; props: unknown }>(
    driver,
    'MATCH (a)-[r]->(b) RETURN elementId(r) AS e, elementId(a) AS a, type(r) AS type, elementId(b) AS b, properties(r) AS props',
  );
  const lines = [
    ...nodes.map((r) => `N ${r.e} ${JSON.stringify(canonical([[...r.labels].sort(), r.props]))}`),
    ...rels.map((r) => `R ${r.e} ${r.a} ${r.type} ${r.b} ${JSON.stringify(canonical(r.props))}`),
  ].sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line).update('\n');
  return { nodes: nodes.length, relationships: rels.length, hash: hash.digest('hex') };
}
