import type { ManagedTransaction } from 'neo4j-driver';
import type { Database, TransactionOptions } from '../db/Database';

const MAX_SINGLE_TX_ROWS = 200_000;
/** Rows in one transaction when the database's memory limit cannot be read. */
const FALLBACK_SINGLE_TX_ROWS = 20_000;
/** What one imported row costs in transaction memory (node or relationship, properties and index updates), measured on Neo4j 5.26. */
const TX_BYTES_PER_ROW = 8 * 1024;
/** Attempts of one write transaction (deadlocks, a concurrent writer taking a new id) before its error is passed on. */
const WRITE_ATTEMPTS = 6;

/** Neo4j's code for a transaction that ran out of its memory: never retried whole, the import is written in batches instead. */
export const OUT_OF_MEMORY = 'Neo.TransientError.General.MemoryPoolOutOfMemoryError';
/** Neo4j's code for a write that broke a uniqueness constraint: a concurrent writer created the same id first. */
export const CONSTRAINT_FAILED = 'Neo.ClientError.Schema.ConstraintValidationFailed';

/**
 * Returns true when a write that failed with `err` is worth running again: a transient error (a deadlock
 * with a concurrent writer) other than running out of memory, or a uniqueness constraint broken by a
 * concurrent creation of the same id, which the next attempt sees (and plans as an update, or refuses).
 */
export function isRetryableWrite(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  if (code === OUT_OF_MEMORY) return false;
  return code.startsWith('Neo.TransientError.') || code === CONSTRAINT_FAILED;
}

/** Waits before the next attempt: exponential backoff with jitter. */
function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt + Math.random() * 100));
}

/** Returns true when `err` is a uniqueness constraint broken by a concurrent creation of the same id. */
export function isConstraintRace(err: unknown): boolean {
  return (err as { code?: string }).code === CONSTRAINT_FAILED;
}

/**
 * Runs `attempt` until it succeeds or fails with an error that `retryable` ({@link isRetryableWrite} by
 * default) refuses, at most six times; `attempt` must start from scratch each time (its transaction rolled
 * back). Throws the last error.
 */
export async function retryingWrite<T>(attempt: () => Promise<T>, retryable: (err: unknown) => boolean = isRetryableWrite): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (err) {
      if (n >= WRITE_ATTEMPTS || !retryable(err)) throw err;
      await backoff(n);
    }
  }
}

/**
 * Runs `work` in one write transaction ({@link Database.write}: retried on transient errors before its
 * commit, bounded by its deadline), tried again whole when a concurrent writer created one of its new ids
 * first; a transaction too big for memory is not retried (the caller writes in batches instead). Throws the
 * error of the last attempt.
 */
export async function inOneTransaction(db: Database, options: TransactionOptions | undefined, work: (tx: ManagedTransaction) => Promise<void>): Promise<void> {
  await retryingWrite(() => db.write(work, options), isConstraintRace);
}

/** Returns how many rows one write transaction may hold: half the database's transaction memory at about 8 KB a row, at most 200,000. */
export async function singleTransactionRows(db: Database): Promise<number> {
  try {
    const result = await db.read((tx) =>
      tx.run("SHOW SETTINGS YIELD name, value WHERE name IN ['dbms.memory.transaction.total.max', 'db.memory.transaction.max'] RETURN name, value"),
    );
    const limits = result.records.map((r) => bytesOf(String(r.get('value')))).filter((b) => b > 0);
    if (!limits.length) return MAX_SINGLE_TX_ROWS;
    return Math.max(1000, Math.min(MAX_SINGLE_TX_ROWS, Math.floor(Math.min(...limits) / 2 / TX_BYTES_PER_ROW)));
  } catch {
    return FALLBACK_SINGLE_TX_ROWS;
  }
}

/** Returns the bytes of a Neo4j size such as `1.40GiB`, `512MiB` or `0B` (0: no limit). */
function bytesOf(size: string): number {
  const m = /^([\d.]+)\s*([KMGT]?)i?B?$/i.exec(size.trim());
  if (!m) return 0;
  const factor = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[m[2].toUpperCase() as '' | 'K' | 'M' | 'G' | 'T'];
  return Number(m[1]) * factor;
}
