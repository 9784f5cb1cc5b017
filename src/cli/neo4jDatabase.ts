import neo4j from 'neo4j-driver';
import { ConfigError, loadConfig } from '../config/loadConfig';
import { createDatabase, type Database } from '../db/Database';
import { CliError, EXIT } from './cliError';
import type { CommandContext } from './command';

/**
 * Runs `work` with a {@link Database} on the Neo4j that NEO4J_URI names (NEO4J_USER, NEO4J_PASSWORD,
 * NEO4J_DATABASE as the service reads them), or on 127.0.0.1:NEO4J_BOLT_PORT (7687), where `npm start`
 * and `npm run db:start` run the embedded one. Exit 3 when it does not answer; closes the driver after.
 */
export async function withNeo4j<T>(ctx: CommandContext, work: (db: Database) => Promise<T>): Promise<T> {
  const zh = ctx.lang === 'zh';
  let config;
  try {
    config = loadConfig(ctx.env);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(EXIT.USAGE, err.message);
    throw err;
  }
  const uri = config.NEO4J_URI ?? `bolt://127.0.0.1:${config.NEO4J_BOLT_PORT}`;
  const auth = config.NEO4J_PASSWORD ? neo4j.auth.basic(config.NEO4J_USER, config.NEO4J_PASSWORD) : undefined;
  const driver = neo4j.driver(uri, auth, { connectionTimeout: config.NEO4J_CONNECT_TIMEOUT_MS, maxConnectionPoolSize: 4 });
  try {
    try {
      await driver.verifyConnectivity({ database: config.NEO4J_DATABASE });
    } catch (err) {
      const reason = (err as { code?: string; message?: string }).code ?? (err as Error).message;
      throw new CliError(
        EXIT.UNREACHABLE,
        zh
          ? `无法连接 Neo4j 数据库 ${uri}（${reason}）。请先在项目目录运行 npm start 或 npm run db:start，或用环境变量 NEO4J_URI（及 NEO4J_USER、NEO4J_PASSWORD）指定数据库。`
          : `cannot reach Neo4j at ${uri} (${reason}). Run \`npm start\` or \`npm run db:start\` in the project folder first, or name the database with NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD).`,
      );
    }
    return await work(createDatabase(driver, config.NEO4J_DATABASE));
  } finally {
    await driver.close();
  }
}
