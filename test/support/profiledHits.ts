import neo4j, { type Driver } from 'neo4j-driver';
import { recordingDatabase, type RecordedTransaction } from '../../src/bench/recordingDatabase';
import type { Database } from '../../src/db/Database';
import { testDatabase } from './testDatabase';

/** A profiled plan as the driver gives it: each operator's db hits and its children. */
interface ProfiledPlan {
  dbHits?: number;
  children?: unknown[];
}

/** Returns the db hits of a profiled plan, summed operator by operator over the whole tree. */
export function dbHits(plan: ProfiledPlan): number {
  return (plan.dbHits ?? 0) + (plan.children ?? []).reduce<number>((n, c) => n + dbHits(c as ProfiledPlan), 0);
}

/**
 * PROFILEs every statement of `txs` (as a recording database kept them) in a read session, showing each plan
 * to `onPlan`; returns their db hits summed. Rejects on Neo4j errors.
 */
export async function profiledHits(driver: Driver, txs: RecordedTransaction[], onPlan?: (profile: unknown) => void): Promise<number> {
  let hits = 0;
  const session = driver.session({ defaultAccessMode: neo4j.session.READ, database: process.env.NEO4J_DATABASE ?? 'neo4j' });
  try {
    for (const tx of txs)
      for (const q of tx.queries) {
        const { profile } = (await session.run(`PROFILE ${q.cypher}`, q.params)).summary;
        onPlan?.(profile);
        hits += dbHits(profile as ProfiledPlan);
      }
  } finally {
    await session.close();
  }
  return hits;
}

/**
 * Runs `work` against a recording database over `driver`, then PROFILEs every statement it sent (see
 * {@link profiledHits}). Returns what `work` returned and the db hits; rejects with `work`'s or Neo4j's error.
 */
export async function profileDbHits<T>(driver: Driver, work: (db: Database) => Promise<T>, onPlan?: (profile: unknown) => void): Promise<{ result: T; hits: number }> {
  const rec = recordingDatabase(testDatabase(driver));
  rec.start();
  const result = await work(rec.db);
  return { result, hits: await profiledHits(driver, rec.stop(), onPlan) };
}
