import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import neo4j from 'neo4j-driver';
import type { AuthLocals } from '../auth/authenticateRequest';
import { authenticateRequest } from '../auth/authenticateRequest';
import { ANONYMOUS } from '../auth/Caller';
import { createAuthenticator, type Authenticator } from '../auth/createAuthenticator';
import { loadConfig, parseByteSize } from '../config/loadConfig';
import type { Context } from '../context/Context';
import { createLoaders } from '../context/Loaders';
import { createRepositories } from '../context/Repositories';
import type { Database } from '../db/Database';
import { exportRouter } from '../graph/exportRouter';
import { todayInChina } from '../graphql/DateScalar';
import { loadTypeDefs } from '../graphql/loadTypeDefs';
import { createResolvers } from '../graphql/resolvers';
import { silentLogger, type Logger } from '../observability/logger';
import { createMetrics, type Metrics } from '../observability/metrics';
import type { UploadLimits } from '../upload/receiveUpload';
import { rosterRouter } from '../upload/rosterRouter';
import { createFormatError, isNeo4jUnavailable } from './errorPolicy';
import { explorerRouter } from './explorerRouter';
import { armorProtection, type GraphQLLimits } from './graphqlLimits';
import { httpErrorHandler, requestLogging } from './httpMiddleware';
import { observabilityPlugin } from './observabilityPlugin';
import { attachRequestState, type RequestState } from './requestState';


/** How long an idle kept-alive HTTP connection stays open, in ms. */
const KEEP_ALIVE_MS = 65_000;
/** What the HTTP layer needs to know about the service's state. */
export interface ServiceState {
  /** True once the migrations ran on this database. */
  migrated: boolean;
}

/** How the server behaves; every field has a default (the configuration's defaults, a silent logger, fresh metrics). */
export interface ServerOptions {
  /** Production: no introspection, no stack traces, generic messages for internal errors, no field suggestions. */
  production?: boolean;
  /** Where request and error lines go (LOG_LEVEL); silent by default. */
  logger?: Logger;
  /** The metrics served at /metrics; give the same object's transactionObserver to createDatabase to see Cypher latencies. */
  metrics?: Metrics;
  /** Limits on GraphQL documents (GRAPHQL_MAX_*). */
  limits?: Partial<GraphQLLimits>;
  /** Largest request body accepted at /graphql, in bytes (GRAPHQL_BODY_LIMIT). */
  bodyLimitBytes?: number;
  /** The transaction timeout given to createDatabase, quoted in QUERY_TIMEOUT messages (NEO4J_TX_TIMEOUT_MS). */
  txTimeoutMs?: number;
  /** How long /readyz waits for Neo4j before answering 503, in milliseconds. */
  readyTimeoutMs?: number;
  /** Verifies bearer tokens; by default none verifies and reads are open (changes are then refused). */
  auth?: Authenticator;
  /** Bounds of roster uploads at POST /rosters/import (UPLOAD_MAX_FILE_BYTES, UPLOAD_MAX_BYTES, UPLOAD_MAX_FILES). */
  upload?: Partial<UploadLimits>;
}

/** The running pieces: the HTTP server, Apollo and a function that stops both. */
export interface GraphQLServer {
  httpServer: Server;
  apollo: ApolloServer<Context>;
  metrics: Metrics;
  /** Stops accepting requests, drains those in flight and stops Apollo. */
  stop(): Promise<void>;
}

/** Returns undefined when Neo4j answers `RETURN 1` within `timeoutMs` (one try, no retry), else what went wrong. */
async function pingNeo4j(db: Database, timeoutMs: number): Promise<string | undefined> {
  const session = db.driver.session({ database: db.name, defaultAccessMode: neo4j.session.READ });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      session.run('RETURN 1', {}, { timeout: timeoutMs }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return undefined;
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  } finally {
    clearTimeout(timer);
    void session.close().catch(() => {});
  }
}

/**
 * Returns an Express 5 app with Apollo Server 5 at /graphql, /healthz (process alive), /readyz (Neo4j
 * reachable now and migrations applied, 503 otherwise), /metrics (Prometheus), /export/graph.*, the rosters
 * over HTTP at /rosters/* (uploads, templates, exports; see rosterRouter), the explorer page at / with
 * GraphiQL for browsers at GET /graphql (see explorerRouter), wrapped in an HTTP server not yet listening.
 * Every request gets a request id (x-request-id), one log line and its metrics; GraphQL documents are
 * limited in depth, cost, aliases, tokens and directives; every error leaves with a code.
 */
export async function createGraphQLServer(db: Database, state: ServiceState, options: ServerOptions = {}): Promise<GraphQLServer> {
  const defaults = loadConfig({});
  const production = options.production ?? false;
  const logger = options.logger ?? silentLogger();
  const metrics = options.metrics ?? createMetrics();
  const limits: GraphQLLimits = {
    maxDepth: defaults.GRAPHQL_MAX_DEPTH,
    maxCost: defaults.GRAPHQL_MAX_COST,
    maxAliases: defaults.GRAPHQL_MAX_ALIASES,
    maxTokens: defaults.GRAPHQL_MAX_TOKENS,
    maxDirectives: defaults.GRAPHQL_MAX_DIRECTIVES,
    ...options.limits,
  };
  const armor = armorProtection(limits, production);

  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  // Node closes an idle kept-alive connection after 5 s; a client that reuses it just then gets ECONNRESET before
  // any answer. Keep idle connections past the pauses of ordinary clients and proxies (60 s and more); the header
  // timeout must exceed it. Shutdown still closes idle connections at once (the drain plugin).
  httpServer.keepAliveTimeout = KEEP_ALIVE_MS;
  httpServer.headersTimeout = KEEP_ALIVE_MS + 1000;
  const repos = createRepositories(db);
  const auth = options.auth ?? createAuthenticator({ readsNeedToken: false });
  const apollo = new ApolloServer<Context>({
    typeDefs: loadTypeDefs(),
    resolvers: createResolvers(),
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: armor.validationRules,
    formatError: createFormatError({ production, txTimeoutMs: options.txTimeoutMs, onError: (code) => metrics.graphqlErrors.inc({ code }) }),
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // The schema gives no cache hints; Apollo's default cache-control plugin would still wrap every field's
      // resolver to compute them (measured: part of the service's own time on a 100-pairing page).
      ApolloServerPluginCacheControlDisabled(),
      observabilityPlugin<Context>(metrics, logger),
      ...armor.plugins,
    ],
  });
  await apollo.start();

  app.use(requestLogging(logger, metrics));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const problems: string[] = [];
    if (!state.migrated) problems.push('migrations not applied');
    const down = await pingNeo4j(db, options.readyTimeoutMs ?? 2000);
    if (down !== undefined) {
      res.locals.state?.log.warn({ cause: down }, 'readiness: neo4j unreachable');
      problems.push(production ? 'neo4j unreachable' : `neo4j unreachable: ${down}`);
    }
    res.setHeader('Cache-Control', 'no-store');
    res.status(problems.length ? 503 : 200).json({ status: problems.length ? 'unavailable' : 'ready', problems });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(await metrics.registry.metrics());
  });
  app.use('/export', authenticateRequest(auth, true));
  app.use(exportRouter(repos.graph));
  // Rosters over HTTP: uploads (planner or admin), templates and the current rosters (reads).
  app.use('/rosters', authenticateRequest(auth, false));
  app.use(
    rosterRouter(db, {
      maxFileBytes: parseByteSize(defaults.UPLOAD_MAX_FILE_BYTES),
      maxTotalBytes: parseByteSize(defaults.UPLOAD_MAX_BYTES),
      maxFiles: defaults.UPLOAD_MAX_FILES,
      ...options.upload,
    }),
  );
  // The explorer page at /, its assets and GraphiQL for browsers at GET /graphql, all from dist/explorer.
  app.use(explorerRouter());
  app.use(
    '/graphql',
    authenticateRequest(auth, false),
    express.json({ limit: options.bodyLimitBytes ?? parseByteSize(defaults.GRAPHQL_BODY_LIMIT) }),
    expressMiddleware(apollo, {
      context: async ({ res }): Promise<Context> => {
        const locals = res.locals as AuthLocals;
        // A bad token, or none where reads need one: the whole request gets 401 UNAUTHENTICATED.
        if (locals.authError) throw locals.authError;
        const context: Context = { repos, loaders: createLoaders(repos), today: todayInChina(), caller: locals.caller ?? ANONYMOUS };
        const requestState = res.locals.state as RequestState | undefined;
        if (requestState) attachRequestState(context, requestState);
        return context;
      },
    }),
  );
  app.use(httpErrorHandler(production, (err) => isNeo4jUnavailable(err)));

  return {
    httpServer,
    apollo,
    metrics,
    async stop() {
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
