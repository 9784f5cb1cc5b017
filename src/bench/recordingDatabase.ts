import type { ManagedTransaction } from 'neo4j-driver';
import type { Database } from '../db/Database';

/** One Cypher statement as a repository sent it: the text and the parameters, untouched. */
export interface RecordedQuery {
  cypher: string;
  params: Record<string, unknown>;
}

/** One transaction a repository ran, with its statements in order and when it began and ended (ms since recording began). */
export interface RecordedTransaction {
  mode: 'read' | 'write';
  queries: RecordedQuery[];
  startMs: number;
  endMs: number;
}

/** A {@link Database} that records what goes through it between `start()` and `stop()`. */
export interface RecordingDatabase {
  db: Database;
  start(): void;
  /** Stops recording and returns the transactions recorded, in the order they began. */
  stop(): RecordedTransaction[];
}

/**
 * Returns a Database over `inner` that records every transaction's Cypher and parameters while recording is on,
 * so that the statements one GraphQL request sends can be replayed through the plain driver. A retried
 * transaction is recorded once (its last attempt). Errors pass through unchanged.
 */
export function recordingDatabase(inner: Database): RecordingDatabase {
  let recording: RecordedTransaction[] | null = null;
  let origin = 0;
  const now = () => Number(process.hrtime.bigint() / 1000n) / 1000 - origin;
  const wrap = <T>(mode: 'read' | 'write', work: (tx: ManagedTransaction) => Promise<T>) => {
    return async (tx: ManagedTransaction): Promise<T> => {
      if (!recording) return work(tx);
      const entry: RecordedTransaction = { mode, queries: [], startMs: now(), endMs: 0 };
      const proxy = new Proxy(tx, {
        get(target, prop, receiver) {
          if (prop === 'run') {
            return (cypher: string, params?: Record<string, unknown>) => {
              entry.queries.push({ cypher, params: params ?? {} });
              return target.run(cypher, params);
            };
          }
          return Reflect.get(target, prop, receiver) as unknown;
        },
      });
      try {
        return await work(proxy);
      } finally {
        entry.endMs = now();
        recording?.push(entry);
      }
    };
  };
  const db: Database = {
    driver: inner.driver,
    name: inner.name,
    read: (work, options) => inner.read(wrap('read', work), options),
    write: (work, options) => inner.write(wrap('write', work), options),
  };
  return {
    db,
    start() {
      recording = [];
      origin = Number(process.hrtime.bigint() / 1000n) / 1000;
    },
    stop() {
      const out = (recording ?? []).sort((a, b) => a.startMs - b.startMs);
      recording = null;
      return out;
    },
  };
}
