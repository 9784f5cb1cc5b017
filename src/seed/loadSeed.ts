import type { Database } from '../db/Database';
import { buildSeedGraph } from './buildSeedGraph';
import { readSeedFiles } from './readSeedFiles';
import { writeGraph } from './writeGraph';

/**
 * Loads the seed (divisions, report, pairings) in one write transaction: all or nothing.
 * Idempotent: loading it again leaves the same graph. Returns what it wrote; throws on bad seed files.
 */
export async function loadSeed(db: Database, seedDir?: string): Promise<{ nodes: number; relationships: number }> {
  const graph = buildSeedGraph(readSeedFiles(seedDir));
  return db.write((tx) => writeGraph(tx, graph));
}

/** Returns true when the database holds no node of the project (a fresh database). */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const result = await db.read((tx) => tx.run('MATCH (n:Node) RETURN n.id AS id LIMIT 1'));
  return result.records.length === 0;
}
