import neo4j from 'neo4j-driver';

/** A value as the rest of the code sees it: numbers, strings, ISO dates, arrays and plain objects. */
export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/**
 * Returns `value` with Neo4j's types made plain, once, at the repository boundary:
 * Integer → number (throws beyond 2^53, an impossible size for this data), Date → `YYYY-MM-DD`,
 * DateTime → ISO string, Node/Relationship → its properties.
 */
export function toPlain(value: unknown): Plain {
  if (value === null || value === undefined) return null;
  // Most values are strings, numbers and booleans: answered before the driver's type checks.
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return value as Plain;
  if (neo4j.isInt(value)) {
    if (!neo4j.integer.inSafeRange(value)) throw new Error(`invariant: integer ${value.toString()} beyond 2^53`);
    return value.toNumber();
  }
  if (typeof value === 'bigint') return Number(value);
  if (neo4j.isDate(value)) return value.toString();
  if (neo4j.isDateTime(value) || neo4j.isLocalDateTime(value)) return new Date(value.toString()).toISOString();
  if (neo4j.isNode(value) || neo4j.isRelationship(value)) return toPlain(value.properties);
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object') {
    const out: { [key: string]: Plain } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toPlain(v);
    return out;
  }
  throw new Error(`invariant: unexpected value of type ${typeof value} from Neo4j`);
}

/** Returns the records' values for `key`, made plain and typed as `T` (the record type the Cypher returns). */
export function plainRows<T>(records: { get(key: string): unknown }[], key = 'row'): T[] {
  return records.map((r) => toPlain(r.get(key)) as T);
}
