import neo4j from 'neo4j-driver';

/**
 * Returns query parameters ready for the driver: undefined becomes null, and the keys named in
 * `integers` become Neo4j integers (LIMIT and SKIP reject floats, and JS numbers travel as floats).
 */
export function params(values: Record<string, unknown>, integers: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) out[k] = null;
    else if (integers.includes(k) && typeof v === 'number') out[k] = neo4j.int(v);
    else out[k] = v;
  }
  return out;
}
