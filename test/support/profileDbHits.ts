import neo4j, { type Driver } from 'neo4j-driver';
import { recordingDatabase } from '../../src/bench/recordingDatabase';
import type { Database } from '../../src/db/Database';
import { testDatabase } from './testDatabase';

/** Sums the db hits of a profiled plan, operator by operator. */
export function dbHits(plan: { dbHits?: number; children?: unknown[] }): number {
  return (plan.dbHits ?? 0) + (plan.children ?? []).reduce<number>((n, c) => n + dbHits(c as typeof plan), 0);
}

/**
 * Runs `work` against a recording database over `driver`, then PROFILEs every statement it sent, with its
 * parameters, in a read session (`onPlan` sees each plan). Returns what `work` returned and the db hits summed over all statements.
 */
export async function profileDbHits<T>(
  driver: Driver,
  work: (db: Database) => Promise<T>,
  onPlan?: (profile: unknown) => void,
): Promise<{ result: T; hits: number; statements: number }> {
  const rec = recordingDatabase(testDatabase(driver));
  rec.start();
  const result = await work(rec.db);
  const txs = rec.stop();
  let hits = 0;
  let statements = 0;
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    for (const tx of txs)
      for (const q of tx.queries) {
        statements += 1;
        const { profile } = (await session.run(`PROFILE ${q.cypher}`, q.params)).summary;
        onPlan?.(profile);
        hits += dbHits(profile as never);
      }
  } finally {
    await session.close();
  }
  return { result, hits, statements };
}
