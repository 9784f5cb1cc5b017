import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { authSettingsOf } from './auth/authSettingsOf';
import { createAuthenticator } from './auth/createAuthenticator';
import { ConfigError, loadConfig, parseByteSize, type Config } from './config/loadConfig';
import { connectNeo4j } from './db/connectNeo4j';
import { createDatabase } from './db/Database';
import { EmbeddedNeo4j } from './neo4j/EmbeddedNeo4j';
import { createLogger } from './observability/logger';
import { createMetrics } from './observability/metrics';
import { importLimitsOf } from './roster';
import { PrepareError, prepareDatabase } from './seed/prepareDatabase';
import { createGraphQLServer, type GraphQLServer } from './server/createGraphQLServer';
import { projectRoot } from './util/projectRoot';
import { redactUri } from './util/redactUri';

/** Thrown for a problem the user can fix; printed as one line, without a stack. */
class StartupError extends Error {}

/** `npm start`: Neo4j (embedded unless NEO4J_URI is set), migrations, seed when empty, GraphQL. */
async function main(): Promise<void> {
  const started = Date.now();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : `startup failed: ${(err as Error).message}`);
    process.exit(1);
  }
  let embedded: EmbeddedNeo4j | undefined;
  let driver: Driver | undefined;
  let server: GraphQLServer | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down…`);
    await server?.stop().catch((e: Error) => console.error(`http: ${e.message}`));
    await driver?.close().catch((e: Error) => console.error(`driver: ${e.message}`));
    await embedded?.stop().catch((e: Error) => console.error(`neo4j: ${e.message}`));
    console.log('pairing-graph stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  try {
    let uri = config.NEO4J_URI;
    if (!uri) {
      const home = path.resolve(projectRoot(), config.NEO4J_DATA_DIR);
      embedded = new EmbeddedNeo4j({
        home,
        port: config.NEO4J_BOLT_PORT,
        heap: config.NEO4J_HEAP,
        pageCacheBytes: parseByteSize(config.NEO4J_PAGECACHE),
        onLine: (line) => line.startsWith('building') && console.log(line),
      });
      console.log(`starting embedded Neo4j (data in ${home}, bolt port ${config.NEO4J_BOLT_PORT})…`);
      uri = await embedded.start().catch((err: Error) => {
        throw new StartupError(`embedded Neo4j failed to start: ${err.message}`);
      });
    }
    driver = await connectNeo4j(config, uri, Boolean(embedded)).catch((err: Error) => {
      throw new StartupError(err.message);
    });
    const logger = createLogger(config.LOG_LEVEL);
    const metrics = createMetrics();
    const db = createDatabase(driver, config.NEO4J_DATABASE, undefined, {
      txTimeoutMs: config.NEO4J_TX_TIMEOUT_MS,
      // Writes retry a lost connection as long as reads do (the driver's maxTransactionRetryTime).
      maxRetryMs: config.NEO4J_CONNECT_TIMEOUT_MS,
      observer: metrics.transactionObserver,
    });
    // Migrations and the seed run under their own timeout: on a busy machine they outlast the API's.
    const startupDb = createDatabase(driver, config.NEO4J_DATABASE, undefined, {
      txTimeoutMs: config.NEO4J_STARTUP_TX_TIMEOUT_MS || undefined,
      observer: metrics.transactionObserver,
    });
    const state = { migrated: false };
    const seeded = await prepareDatabase(startupDb, {
      seed: config.SEED_ON_EMPTY ? 'whenEmpty' : 'never',
      timeoutMs: config.NEO4J_STARTUP_TX_TIMEOUT_MS,
      retry: 'npm start',
      divisions: config.SEED_DIVISIONS,
      onProgress: (line) => console.log(line),
    }).catch((err: Error) => {
      throw err instanceof PrepareError ? new StartupError(`startup failed: ${err.message}`) : err;
    });
    state.migrated = true;
    if (seeded) console.log(`seed loaded: ${seeded.nodes} nodes, ${seeded.relationships} relationships`);
    const authSettings = authSettingsOf(config);
    if (authSettings.devSecretFile) console.log(`auth: development tokens signed with ${authSettings.devSecretFile} (pairing-graph token --role planner)`);
    server = await createGraphQLServer(db, state, {
      auth: createAuthenticator(authSettings),
      production: config.NODE_ENV === 'production',
      logger,
      metrics,
      txTimeoutMs: config.NEO4J_TX_TIMEOUT_MS,
      bodyLimitBytes: parseByteSize(config.GRAPHQL_BODY_LIMIT),
      upload: {
        maxFileBytes: parseByteSize(config.UPLOAD_MAX_FILE_BYTES),
        maxTotalBytes: parseByteSize(config.UPLOAD_MAX_BYTES),
        maxFiles: config.UPLOAD_MAX_FILES,
        importLimits: importLimitsOf(config),
        txTimeoutMs: config.IMPORT_TX_TIMEOUT_MS,
      },
      limits: {
        maxDepth: config.GRAPHQL_MAX_DEPTH,
        maxCost: config.GRAPHQL_MAX_COST,
        maxAliases: config.GRAPHQL_MAX_ALIASES,
        maxTokens: config.GRAPHQL_MAX_TOKENS,
        maxDirectives: config.GRAPHQL_MAX_DIRECTIVES,
      },
    });
    await new Promise<void>((resolve, reject) => {
      server!.httpServer.once('error', reject);
      server!.httpServer.listen(config.PORT, config.HOST, resolve);
    });
    const address = server.httpServer.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const base = `http://${config.HOST}:${port}`;
    console.log(
      `pairing-graph ready in ${((Date.now() - started) / 1000).toFixed(1)} s: GraphQL ${base}/graphql · health ${base}/healthz · ready ${base}/readyz · metrics ${base}/metrics · neo4j ${redactUri(uri)}`,
    );
  } catch (err) {
    const message = err instanceof StartupError ? err.message : `startup failed: ${(err as Error).stack}`;
    console.error(message);
    await server?.stop().catch(() => {});
    await driver?.close().catch(() => {});
    await embedded?.stop().catch(() => {});
    process.exit(1);
  }
}

void main();
