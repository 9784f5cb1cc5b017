import neo4j, { type Driver } from 'neo4j-driver';
import { createDatabase, type Database, type QueryCounter } from '../../src/db/Database';

/** Returns a driver to the test database (the global setup's real Neo4j, or NEO4J_URI). */
export function testDriver(): Driver {
  const uri = process.env.NEO4J_URI;
  if (!uri) throw new Error('NEO4J_URI is not set: the global setup did not run');
  const auth = process.env.NEO4J_PASSWORD ? neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD) : undefined;
  return neo4j.driver(uri, auth);
}

/** Returns a {@link Database} over `driver`, counting round trips in `counter` when given. */
export function testDatabase(driver: Driver, counter?: QueryCounter): Database {
  return createDatabase(driver, process.env.NEO4J_DATABASE ?? 'neo4j', counter);
}

/** Runs plain Cypher through the driver alone: the independent check that tests compare the API with. */
export async function cypher<T = Record<string, unknown>>(driver: Driver, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { records } = await driver.executeQuery(query, params, { database: process.env.NEO4J_DATABASE ?? 'neo4j' });
  return records.map((r) => {
    const o: Record<string, unknown> = {};
    for (const k of r.keys) {
      const v = r.get(k);
      o[k as string] = neo4j.isInt(v) ? v.toNumber() : v;
    }
    return o as T;
  });
}
