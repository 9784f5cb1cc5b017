import neo4j, { type Driver, type ManagedTransaction, type QueryResult, type RecordShape, type Session } from 'neo4j-driver';
import { DeadlineExceeded, isNeo4jUnavailable, WriteOutcomeUnknown } from './neo4jErrors';

/** Settings of one transaction. */
export interface TransactionOptions {
  /** Overrides the database's transaction timeout for this one (a long export stream, say); the deadline follows it. */
  timeoutMs?: number;
}

/** What a repository needs to reach Neo4j: reads and writes through managed transactions. */
export interface Database {
  /** Runs `work` in a read transaction (routed to a reader on a cluster, retried on transient errors). */
  read<T>(work: (tx: ManagedTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Runs `work` in a write transaction (routed to the leader, retried on transient errors). */
  write<T>(work: (tx: ManagedTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** The driver underneath, for health checks and shutdown. */
  readonly driver: Driver;
  /** The database name used by every session. */
  readonly name: string;
}

/** Counts round trips, so that tests can check that a field costs one query. */
export interface QueryCounter {
  count: number;
}

/** Told about every transaction when it ends, for metrics: its mode, how long it took (retries included) and its error. */
export type TransactionObserver = (mode: 'read' | 'write', seconds: number, error?: unknown) => void;

/** Optional settings of {@link createDatabase}. */
export interface DatabaseOptions {
  /** Server-side timeout of every transaction, in milliseconds (Neo4j stops a transaction that runs longer). */
  txTimeoutMs?: number;
  /**
   * How much longer than its timeout the client waits for a transaction, retries included, before it gives
   * up on a Neo4j that does not answer (frozen, overloaded, a dead connection): 5,000 ms by default. Without
   * a timeout there is no deadline.
   */
  graceMs?: number;
  /** How long writes are retried on transient errors and lost connections before the commit was sent (30,000 ms by default, bounded by the deadline). */
  maxRetryMs?: number;
  /** Called once per `read`/`write` with its duration; an observer that throws is ignored. */
  observer?: TransactionObserver;
}

/**
 * Returns a {@link Database} over `driver`. Each call opens a session, runs the work with
 * `executeRead`/`executeWrite` and closes the session; bookmarks are kept by the driver's
 * bookmark manager so that a read after a write sees it, on a cluster too. With `options`, every
 * transaction gets Neo4j's `timeout` and is reported to the observer.
 */
export function createDatabase(driver: Driver, name: string, counter?: QueryCounter, options: DatabaseOptions = {}): Database {
  const timeoutOf = (o?: TransactionOptions) => o?.timeoutMs ?? options.txTimeoutMs;
  const txConfig = (o?: TransactionOptions) => {
    const timeout = timeoutOf(o);
    return timeout ? { timeout } : undefined;
  };
  /** The time by which a transaction must have ended on the client, or Infinity. */
  const deadlineOf = (o?: TransactionOptions) => {
    const timeout = timeoutOf(o);
    return timeout ? Date.now() + timeout + (options.graceMs ?? 5000) : Infinity;
  };
  const observe = async <T>(mode: 'read' | 'write', run: () => Promise<T>): Promise<T> => {
    if (!options.observer) return run();
    const started = process.hrtime.bigint();
    const report = (error?: unknown) => {
      try {
        options.observer!(mode, Number(process.hrtime.bigint() - started) / 1e9, error);
      } catch {
        // metrics never break a query
      }
    };
    try {
      const result = await run();
      report();
      return result;
    } catch (err) {
      report(err);
      throw err;
    }
  };
  const open = (mode: 'READ' | 'WRITE'): Session =>
    driver.session({
      database: name,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: driver.executeQueryBookmarkManager,
    });
  const wrap = (tx: ManagedTransaction): ManagedTransaction => {
    if (!counter) return tx;
    return new Proxy(tx, {
      get(target, prop, receiver) {
        if (prop === 'run') {
          return (...args: Parameters<ManagedTransaction['run']>) => {
            counter.count += 1;
            return target.run(...args);
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
  };
  return {
    driver,
    name,
    async read(work, o) {
      return observe('read', async () => {
        const session = open('READ');
        const deadline = deadlineOf(o);
        let late = false;
        try {
          return await beforeDeadline(session.executeRead((tx) => work(wrap(tx)), txConfig(o)), deadline, () => {
            late = true;
            return new DeadlineExceeded('read', deadline);
          });
        } finally {
          // A session whose server does not answer is let go without waiting for it.
          if (late) void session.close().catch(() => undefined);
          else await session.close();
        }
      });
    },
    async write(work, o) {
      return observe('write', () => writeOnce(open, work, wrap, txConfig(o), deadlineOf(o), options.maxRetryMs ?? 30_000));
    },
  };
}

/**
 * Runs a write in explicit transactions: tried again on transient errors and lost connections until the
 * commit is sent (at most `maxRetryMs`, and never past `deadline`), never after. A commit whose answer is
 * lost, or not back by the deadline, throws {@link WriteOutcomeUnknown}: the write may or may not have
 * committed. Work not done by the deadline throws {@link DeadlineExceeded} and is rolled back.
 */
async function writeOnce<T>(
  open: (mode: 'WRITE') => Session,
  work: (tx: ManagedTransaction) => Promise<T>,
  wrap: (tx: ManagedTransaction) => ManagedTransaction,
  config: { timeout: number } | undefined,
  deadline: number,
  maxRetryMs: number,
): Promise<T> {
  const retryUntil = Math.min(deadline, Date.now() + maxRetryMs);
  for (let attempt = 1; ; attempt += 1) {
    const session = open('WRITE');
    let phase: 'work' | 'commit' = 'work';
    let late = false;
    const lateError = () => {
      late = true;
      return new DeadlineExceeded('write', deadline);
    };
    let tx: ReturnType<Session['beginTransaction']> | undefined;
    try {
      tx = session.beginTransaction(config);
      const result = await beforeDeadline(work(wrap(tx as unknown as ManagedTransaction)), deadline, lateError);
      phase = 'commit';
      await beforeDeadline(tx.commit(), deadline, lateError);
      return result;
    } catch (err) {
      if (phase === 'commit' && (late || isNeo4jUnavailable(err))) throw new WriteOutcomeUnknown(err);
      if (tx?.isOpen()) {
        const rollback = tx.rollback().catch(() => undefined);
        if (!late) await rollback;
      }
      if (late || !retryable(err) || Date.now() + backoffMs(attempt) >= retryUntil) throw err;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    } finally {
      if (late) void session.close().catch(() => undefined);
      else await session.close().catch(() => undefined);
    }
  }
}

/** Returns true when a write that failed before its commit may be run again: a transient error (not memory) or a lost connection. */
function retryable(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'Neo.TransientError.General.MemoryPoolOutOfMemoryError') return false;
  return code.startsWith('Neo.TransientError.') || isNeo4jUnavailable(err);
}

/** The wait before the next attempt of a write: exponential, with jitter, at most 2 s. */
function backoffMs(attempt: number): number {
  return Math.min(2000, 50 * 2 ** attempt) * (0.8 + Math.random() * 0.4);
}

/** Resolves as `promise` does, or rejects with `late()` when `deadline` (a time in ms) passes first. */
function beforeDeadline<T>(promise: Promise<T>, deadline: number, late: () => Error): Promise<T> {
  if (deadline === Infinity) return promise;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(late()), Math.max(0, deadline - Date.now()));
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** Convenience type for query results whose records hold the named keys. */
export type Rows<T extends RecordShape> = QueryResult<T>;
