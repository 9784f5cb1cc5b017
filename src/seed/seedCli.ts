import neo4j from 'neo4j-driver';
import { ConfigError, loadConfig } from '../config/loadConfig';
import { createDatabase } from '../db/Database';
import { applyMigrations } from '../db/migrations';
import { loadSeed } from './loadSeed';

/** `npm run seed`: applies the migrations and loads the seed into NEO4J_URI (idempotent). */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.NEO4J_URI) throw new ConfigError(['NEO4J_URI: required by npm run seed (start a database with npm run db:start)']);
  const auth = config.NEO4J_PASSWORD ? neo4j.auth.basic(config.NEO4J_USER, config.NEO4J_PASSWORD) : undefined;
  const driver = neo4j.driver(config.NEO4J_URI, auth);
  try {
    const db = createDatabase(driver, config.NEO4J_DATABASE);
    await applyMigrations(db);
    const loaded = await loadSeed(db);
    console.log(`seed loaded: ${loaded.nodes} nodes, ${loaded.relationships} relationships`);
  } finally {
    await driver.close();
  }
}

main().catch((err: Error) => {
  console.error(err instanceof ConfigError ? err.message : `seed: ${err.message}`);
  process.exit(1);
});
