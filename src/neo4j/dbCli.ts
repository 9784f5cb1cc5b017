import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, parseByteSize } from '../config/loadConfig';
import { projectRoot } from '../util/projectRoot';
import { EmbeddedNeo4j } from './EmbeddedNeo4j';

/** `npm run db:start` / `npm run db:stop`: a background Neo4j with its data in NEO4J_DATA_DIR and a pid file. */
async function main(command: string | undefined): Promise<number> {
  const config = loadConfig();
  const home = path.resolve(projectRoot(), config.NEO4J_DATA_DIR);
  const pidFile = path.join(home, 'neo4j.pid');
  const running = readPid(pidFile);
  if (command === 'start') {
    if (running) {
      console.log(`Neo4j is already running (pid ${running}) at bolt://127.0.0.1:${readPort(home) ?? config.NEO4J_BOLT_PORT}`);
      return 0;
    }
    mkdirSync(home, { recursive: true });
    const db = new EmbeddedNeo4j({
      home,
      port: config.NEO4J_BOLT_PORT,
      heap: config.NEO4J_HEAP,
      pageCacheBytes: parseByteSize(config.NEO4J_PAGECACHE),
      detachedLogFile: path.join(home, 'launcher.log'),
      onLine: (line) => line.startsWith('building') && console.log(line),
    });
    const uri = await db.start();
    writeFileSync(pidFile, `${db.pid}\n`);
    writeFileSync(path.join(home, 'neo4j.port'), `${config.NEO4J_BOLT_PORT}\n`);
    console.log(`Neo4j ready at ${uri} (pid ${db.pid}, data in ${home}). Use it with NEO4J_URI=${uri}; stop it with npm run db:stop.`);
    return 0;
  }
  if (command === 'stop') {
    if (!running) {
      console.log('Neo4j is not running.');
      return 0;
    }
    process.kill(running, 'SIGTERM');
    const deadline = Date.now() + 60_000;
    while (isAlive(running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (isAlive(running)) process.kill(running, 'SIGKILL');
    rmSync(pidFile, { force: true });
    console.log(`Neo4j stopped (pid ${running}).`);
    return 0;
  }
  console.error('usage: npm run db:start | npm run db:stop');
  return 2;
}

function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

function readPort(home: string): string | undefined {
  const file = path.join(home, 'neo4j.port');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : `db: ${(err as Error).message}`);
    process.exit(1);
  },
);
