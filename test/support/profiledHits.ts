import neo4j, { type Driver } from 'neo4j-driver';
import type { RecordedTransaction } from '../../src/bench/recordingDatabase';

/** A profiled plan as the driver gives it: each operator's db hits and its children. */
interface ProfiledPlan {
  dbHits?: number;
  children?: unknown[];
}

/** Returns the db hits of a profiled plan, summed operator by operator over the whole tree. */
export function dbHits(plan: ProfiledPlan): number {
  return (plan.dbHits ?? 0) + (plan.children ?? []).reduce<number>((n, c) => n + dbHits(c as ProfiledPlan), 0);
}

/** PROFILEs every statement of `txs` (as a recording database kept them) in a read session; returns their db hits summed. Rejects on Neo4j errors. */
export async function profiledHits(driver: Driver, txs: RecordedTransaction[]): Promise<number> {
  let hits = 0;
  const session = driver.session({ defaultAccessMode: neo4j.session.READ, database: process.env.NEO4J_DATABASE ?? 'neo4j' });
  try {
    for (const tx of txs) for (const q of tx.queries) hits += dbHits((await session.run(`PROFILE ${q.cypher}`, q.params)).summary.profile as ProfiledPlan);
  } finally {
    await session.close();
  }
  return hits;
}
