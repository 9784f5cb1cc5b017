import neo4j, { type Driver, type ManagedTransaction, type QueryResult, type RecordShape, type Session } from 'neo4j-driver';

/** Settings of one transaction. */
export interface TransactionOptions {
  /** Server-side timeout of this transaction (a long export stream, say). */
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

/**
 * Returns a {@link Database} over `driver`. Each call opens a session, runs the work with
 * `executeRead`/`executeWrite` and closes the session; bookmarks are kept by the driver's
 * bookmark manager so that a read after a write sees it, on a cluster too.
 */
export function createDatabase(driver: Driver, name: string, counter?: QueryCounter): Database {
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
    async read(work, options) {
      const session = open('READ');
      try {
        return await session.executeRead((tx) => work(wrap(tx)), options?.timeoutMs ? { timeout: options.timeoutMs } : undefined);
      } finally {
        await session.close();
      }
    },
    async write(work, options) {
      const session = open('WRITE');
      try {
        return await session.executeWrite((tx) => work(wrap(tx)), options?.timeoutMs ? { timeout: options.timeoutMs } : undefined);
      } finally {
        await session.close();
      }
    },
  };
}

/** Convenience type for query results whose records hold the named keys. */
export type Rows<T extends RecordShape> = QueryResult<T>;
