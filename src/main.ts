import path from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { authSettingsOf } from './auth/authSettingsOf';
import { createAuthenticator } from './auth/createAuthenticator';
import { ConfigError, loadConfig, parseByteSize, type Config } from './config/loadConfig';
import { createDatabase } from './db/Database';
import { applyMigrations } from './db/migrations';
import { EmbeddedNeo4j } from './neo4j/EmbeddedNeo4j';
import { createLogger } from './observability/logger';
import { createMetrics } from './observability/metrics';
import { isDatabaseEmpty, loadSeed } from './seed/loadSeed';
import { createGraphQLServer, type GraphQLServer } from './server/createGraphQLServer';
import { projectRoot } from './util/projectRoot';

/** Thrown for a problem the user can fix; printed as one line, without a stack. */
class StartupError extends Error {}

async function connect(config: Config, uri: string, embedded: boolean): Promise<Driver> {
  const auth = embedded || !config.NEO4J_PASSWORD ? undefined : neo4j.auth.basic(config.NEO4J_USER, config.NEO4J_PASSWORD);
  const driver = neo4j.driver(uri, auth, {
    connectionTimeout: config.NEO4J_CONNECT_TIMEOUT_MS,
    connectionAcquisitionTimeout: config.NEO4J_CONNECT_TIMEOUT_MS,
    // While Neo4j is down a query retries this long, then the client gets SERVICE_UNAVAILABLE.
    maxTransactionRetryTime: config.NEO4J_CONNECT_TIMEOUT_MS,
    disableLosslessIntegers: false,
    userAgent: 'pairing-graph/0.1',
  });
  try {
    await driver.verifyConnectivity({ database: config.NEO4J_DATABASE });
    return driver;
  } catch (err) {
    await driver.close();
    throw new StartupError(`cannot reach Neo4j at ${uri}: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** `npm start`: Neo4j (embedded unless NEO4J_URI is set), migrations, seed when empty, GraphQL. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
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
    driver = await connect(config, uri, Boolean(embedded));
    const logger = createLogger(config.LOG_LEVEL);
    const metrics = createMetrics();
    const db = createDatabase(driver, config.NEO4J_DATABASE, undefined, {
      txTimeoutMs: config.NEO4J_TX_TIMEOUT_MS,
      observer: metrics.transactionObserver,
    });
    const state = { migrated: false };
    await applyMigrations(db);
    state.migrated = true;
    if (config.SEED_ON_EMPTY && (await isDatabaseEmpty(db))) {
      const seeded = await loadSeed(db);
      console.log(`seed loaded: ${seeded.nodes} nodes, ${seeded.relationships} relationships`);
    }
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
      `pairing-graph ready in ${((Date.now() - started) / 1000).toFixed(1)} s: GraphQL ${base}/graphql · health ${base}/healthz · ready ${base}/readyz · metrics ${base}/metrics · neo4j ${uri}`,
    );
  } catch (err) {
    const message = err instanceof StartupError || err instanceof ConfigError ? err.message : `startup failed: ${(err as Error).stack}`;
    console.error(message);
    await server?.stop().catch(() => {});
    await driver?.close().catch(() => {});
    await embedded?.stop().catch(() => {});
    process.exit(1);
  }
}

void main();
