import { Writable } from 'node:stream';
import type { Driver } from 'neo4j-driver';
import { createDatabase, type Database } from '../../src/db/Database';
import { createLogger } from '../../src/observability/logger';
import { createMetrics, type Metrics } from '../../src/observability/metrics';
import { createGraphQLServer, type GraphQLServer, type ServerOptions } from '../../src/server/createGraphQLServer';
import { testDriver } from '../support/testDatabase';
import { listenOnLoopback } from '../support/testServer';

/** One JSON log line as pino writes it. */
export type LogLine = Record<string, unknown> & { level: string; msg: string };

/** A real server over a real Neo4j, with its log lines captured and its metrics at hand. */
export interface Harness {
  url: string;
  driver: Driver;
  server: GraphQLServer;
  metrics: Metrics;
  /** Every line logged so far, parsed. */
  logs: LogLine[];
  /** POSTs a GraphQL request (JSON body unless `body` is a string) and returns status, headers and parsed body. */
  post(body: unknown, headers?: Record<string, string>): Promise<Reply>;
  close(): Promise<void>;
}

/** An HTTP answer with its body parsed when it is JSON. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: { data?: Record<string, unknown> | null; errors?: WireError[]; error?: { code?: string; message?: string } } | undefined;
}

/** A GraphQL error on the wire. */
export interface WireError {
  message: string;
  locations?: unknown;
  path?: unknown;
  extensions?: { code?: string; stacktrace?: string[]; [k: string]: unknown };
}

/** Reads a fetch response as a {@link Reply}. */
export async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let json: Reply['json'];
  try {
    json = JSON.parse(text) as Reply['json'];
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** How to build the server: the server's options plus a wrapper around the Database and a Cypher timeout. */
export interface HarnessOptions extends ServerOptions {
  /** Wraps the database the server reads through (to inject failures). */
  wrapDb?: (db: Database) => Database;
  /** The driver to use (default: a new driver to the shared test database, closed by close()). */
  driver?: Driver;
}

/** Starts the real server on a free port over the test database (or `options.driver`), logging at debug into `logs`. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const driver = options.driver ?? testDriver();
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const metrics = options.metrics ?? createMetrics();
  const base = createDatabase(driver, process.env.NEO4J_DATABASE ?? 'neo4j', undefined, {
    txTimeoutMs: options.txTimeoutMs,
    observer: metrics.transactionObserver,
  });
  const db = options.wrapDb ? options.wrapDb(base) : base;
  const server = await createGraphQLServer(db, { migrated: true }, { logger: createLogger('debug', sink), ...options, metrics });
  const url = await listenOnLoopback(server);
  return {
    url,
    driver,
    server,
    metrics,
    logs,
    async post(body, headers = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return reply(res);
    },
    async close() {
      await server.stop();
      if (!options.driver) await driver.close();
    },
  };
}
