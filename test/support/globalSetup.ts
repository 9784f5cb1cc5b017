import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { createDatabase } from '../../src/db/Database';
import { applyMigrations } from '../../src/db/migrations';
import { EmbeddedNeo4j } from '../../src/neo4j/EmbeddedNeo4j';
import { loadSeed } from '../../src/seed/loadSeed';
import { loadSeedDivisions } from '../../src/seed/loadSeedDivisions';
import { freePort } from '../../src/util/freePort';

export { freePort };

/**
 * Starts a throwaway real Neo4j on a free port in a temporary folder (unless NEO4J_URI is set),
 * applies the migrations, loads the divisions of the seed's counties and the seed. The JVM watches this process and stops with it,
 * so no Java outlives the run even when jest dies. Also makes the run's folder (PAIRING_GRAPH_TEST_RUN_DIR), where
 * the first suite that builds dist/ leaves a marker for the others.
 */
export default async function globalSetup(): Promise<void> {
  process.env.PAIRING_GRAPH_TEST_RUN_DIR = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-run-'));
  if (!process.env.NEO4J_URI) {
    const home = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-test-'));
    const db = new EmbeddedNeo4j({ home, port: await freePort(), heap: '768m', pageCacheBytes: 128 * 1024 * 1024 });
    process.env.NEO4J_URI = await db.start();
    process.env.PAIRING_GRAPH_TEST_HOME = home;
    (globalThis as { __EMBEDDED_NEO4J__?: EmbeddedNeo4j }).__EMBEDDED_NEO4J__ = db;
    writeFileSync(path.join(home, 'uri'), process.env.NEO4J_URI);
  }
  const auth = process.env.NEO4J_PASSWORD ? neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD) : undefined;
  const driver = neo4j.driver(process.env.NEO4J_URI, auth);
  try {
    const db = createDatabase(driver, process.env.NEO4J_DATABASE ?? 'neo4j');
    await applyMigrations(db);
    // The seed's counties only: the national tree is loaded by the tests that need it, in a Neo4j of their own.
    await loadSeedDivisions(db, 'counties');
    await loadSeed(db);
  } finally {
    await driver.close();
  }
}
