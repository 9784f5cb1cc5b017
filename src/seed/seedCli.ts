import { ConfigError, loadConfig } from '../config/loadConfig';
import { connectNeo4j } from '../db/connectNeo4j';
import { createDatabase } from '../db/Database';
import { prepareDatabase } from './prepareDatabase';

/**
 * `npm run seed`: applies the migrations and loads the seed into NEO4J_URI (idempotent), under the start-up
 * timeout NEO4J_STARTUP_TX_TIMEOUT_MS as `npm start` does. Exits 1 with one line on any problem.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.NEO4J_URI) throw new ConfigError(['NEO4J_URI: required by npm run seed (start a database with npm run db:start)']);
  const driver = await connectNeo4j(config, config.NEO4J_URI, false);
  try {
    const db = createDatabase(driver, config.NEO4J_DATABASE, undefined, { txTimeoutMs: config.NEO4J_STARTUP_TX_TIMEOUT_MS || undefined });
    const loaded = await prepareDatabase(db, {
      seed: 'always',
      timeoutMs: config.NEO4J_STARTUP_TX_TIMEOUT_MS,
      retry: 'npm run seed',
      divisions: config.SEED_DIVISIONS,
      onProgress: (line) => console.error(line),
    });
    console.log(`seed loaded: ${loaded!.nodes} nodes, ${loaded!.relationships} relationships`);
  } finally {
    await driver.close();
  }
}

main().catch((err: Error) => {
  console.error(err instanceof ConfigError ? err.message : `seed failed: ${err.message.split('\n')[0]}`);
  process.exit(1);
});
