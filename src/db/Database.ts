import neo4j, { type Driver, type ManagedTransaction, type QueryResult, type RecordShape, type Session } from 'neo4j-driver';

/** Settings of one transaction. */
export interface TransactionOptions {
  /** Overrides the database's transaction timeout for this one (a long export stream, say). */
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
  const txConfig = (o?: TransactionOptions) => {
    const timeout = o?.timeoutMs ?? options.txTimeoutMs;
    return timeout ? { timeout } : undefined;
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
        try {
          return await session.executeRead((tx) => work(wrap(tx)), txConfig(o));
        } finally {
          await session.close();
        }
      });
    },
    async write(work, o) {
      return observe('write', async () => {
        const session = open('WRITE');
        try {
          return await session.executeWrite((tx) => work(wrap(tx)), txConfig(o));
        } finally {
          await session.close();
        }
      });
    },
  };
}

/** Convenience type for query results whose records hold the named keys. */
export type Rows<T extends RecordShape> = QueryResult<T>;
