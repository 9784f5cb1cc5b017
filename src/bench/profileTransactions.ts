import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import type { RecordedTransaction } from './recordingDatabase';

/** A profiled plan as the driver gives it in a result summary: each operator's db hits and its children. */
export interface ProfiledPlan {
  dbHits?: number;
  children?: unknown[];
}

/** Returns the db hits of a profiled plan, summed operator by operator over the whole tree (children recursive). */
export function dbHits(plan: ProfiledPlan | false | undefined): number {
  if (!plan) return 0;
  return (plan.dbHits ?? 0) + (plan.children ?? []).reduce<number>((n, c) => n + dbHits(c as ProfiledPlan), 0);
}

/**
 * Replays the recorded transactions of one request under `PROFILE`: each transaction as one session's executeRead
 * running its statements in order, showing each statement's profile tree to `onPlan`. Returns the db hits of every
 * operator of every round trip, summed. Rejects on Neo4j errors, and before running anything when a transaction
 * was a write (PROFILE would perform it).
 */
export async function profileTransactions(driver: Driver, database: string, transactions: readonly RecordedTransaction[], onPlan?: (profile: unknown) => void): Promise<number> {
  const write = transactions.findIndex((t) => t.mode !== 'read');
  if (write >= 0) throw new Error(`profileTransactions: transaction ${write + 1} of ${transactions.length} is a write; only reads can be profiled`);
  let hits = 0;
  for (const t of transactions) {
    const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
    try {
      hits += await session.executeRead(async (tx: ManagedTransaction) => {
        let n = 0;
        for (const q of t.queries) {
          const { profile } = (await tx.run(`PROFILE ${q.cypher}`, q.params)).summary;
          onPlan?.(profile);
          n += dbHits(profile as ProfiledPlan | false);
        }
        return n;
      });
    } finally {
      await session.close();
    }
  }
  return hits;
}
