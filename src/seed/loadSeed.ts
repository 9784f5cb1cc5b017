import { refreshSides } from '../cooperation/refreshSides';
import type { Database } from '../db/Database';
import { toPlain } from '../db/toPlain';
import { readSeedGraph } from './readSeedGraph';
import { writeGraph } from './writeGraph';

/**
 * Loads the seed (report, cooperations, pairings, the demonstration flags) in one write transaction, all or
 * nothing, on divisions loaded before (loadSeedDivisions), then gives units their sides from the cooperations.
 * Idempotent: loading it again leaves the same graph. Returns what it wrote; throws on bad seed files or a
 * division that is missing.
 */
export async function loadSeed(db: Database, seedDir?: string): Promise<{ nodes: number; relationships: number }> {
  const graph = await readSeedGraph(seedDir);
  return db.write(async (tx) => {
    const written = await writeGraph(tx, graph);
    await refreshSides(tx);
    return written;
  });
}

/** Returns true when the database holds nothing but divisions (a fresh database, or one whose first division load was cut short). */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const result = await db.read((tx) =>
    tx.run(`CALL () { MATCH (n:Pairing) RETURN count(n) AS n UNION ALL MATCH (n:Entity) RETURN count(n) AS n
      UNION ALL MATCH (n:Figure) RETURN count(n) AS n UNION ALL MATCH (n:Change) RETURN count(n) AS n
      UNION ALL MATCH (n:Organization) RETURN count(n) AS n } RETURN sum(n) AS n`),
  );
  return Number(toPlain(result.records[0].get('n'))) === 0;
}
