import { rmSync } from 'node:fs';
import type { EmbeddedNeo4j } from '../../src/neo4j/EmbeddedNeo4j';

/** Stops the throwaway Neo4j that the global setup started, and removes its folder and the run's. */
export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as { __EMBEDDED_NEO4J__?: EmbeddedNeo4j }).__EMBEDDED_NEO4J__;
  if (db) await db.stop();
  if (process.env.PAIRING_GRAPH_TEST_HOME) rmSync(process.env.PAIRING_GRAPH_TEST_HOME, { recursive: true, force: true });
  if (process.env.PAIRING_GRAPH_TEST_RUN_DIR) rmSync(process.env.PAIRING_GRAPH_TEST_RUN_DIR, { recursive: true, force: true });
}
