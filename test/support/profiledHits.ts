import type { Driver } from 'neo4j-driver';
import { profileTransactions } from '../../src/bench/profileTransactions';
import { recordingDatabase, type RecordedTransaction } from '../../src/bench/recordingDatabase';
import type { Database } from '../../src/db/Database';
import { testDatabase } from './testDatabase';

/**
 * PROFILEs every statement of `txs` (as a recording database kept them) in read transactions, showing each plan
 * to `onPlan`; returns their db hits summed (the bench's {@link profileTransactions}). Rejects on Neo4j errors.
 */
export function profiledHits(driver: Driver, txs: RecordedTransaction[], onPlan?: (profile: unknown) => void): Promise<number> {
  return profileTransactions(driver, process.env.NEO4J_DATABASE ?? 'neo4j', txs, onPlan);
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
