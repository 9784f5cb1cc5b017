import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import type { RecordedTransaction } from './recordingDatabase';

/**
 * Groups recorded transactions into waves that ran at the same time: a transaction joins the current wave when it
 * began before every transaction of the wave had ended (it could not have waited for their results).
 */
export function wavesOf(transactions: readonly RecordedTransaction[]): RecordedTransaction[][] {
  const waves: RecordedTransaction[][] = [];
  let current: RecordedTransaction[] = [];
  let firstEnd = Infinity;
  for (const t of [...transactions].sort((a, b) => a.startMs - b.startMs)) {
    if (current.length && t.startMs >= firstEnd) {
      waves.push(current);
      current = [];
      firstEnd = Infinity;
    }
    current.push(t);
    firstEnd = Math.min(firstEnd, t.endMs);
  }
  if (current.length) waves.push(current);
  return waves;
}

/**
 * Returns a function that runs the recorded transactions through the plain driver: each as one session's
 * executeRead (or executeWrite) running its statements in order and reading every record, the transactions of a
 * wave concurrently, the waves one after the other. Resolves to the number of records read; rejects on errors.
 */
export function replayTransactions(driver: Driver, database: string, transactions: readonly RecordedTransaction[]): () => Promise<number> {
  const waves = wavesOf(transactions);
  const runOne = async (t: RecordedTransaction): Promise<number> => {
    const session = driver.session({ database, defaultAccessMode: t.mode === 'read' ? neo4j.session.READ : neo4j.session.WRITE });
    try {
      const work = async (tx: ManagedTransaction) => {
        let records = 0;
        for (const q of t.queries) records += (await tx.run(q.cypher, q.params)).records.length;
        return records;
      };
      return t.mode === 'read' ? await session.executeRead(work) : await session.executeWrite(work);
    } finally {
      await session.close();
    }
  };
  return async () => {
    let records = 0;
    for (const wave of waves) records += (await Promise.all(wave.map(runOne))).reduce((a, b) => a + b, 0);
    return records;
  };
}
