import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/db/Database';
import { EmbeddedNeo4j } from '../../src/neo4j/EmbeddedNeo4j';
import { loadSeed } from '../../src/seed/loadSeed';
import { loadSeedDivisions } from '../../src/seed/loadSeedDivisions';
import { freePort } from '../../src/util/freePort';

/** A Neo4j of a test's own (not the shared test database), to kill, freeze or restart. */
export interface OwnNeo4j {
  home: string;
  port: number;
  uri: string;
  /** The running instance (the latest started). */
  current: EmbeddedNeo4j;
  /** Starts it (again) on the same data folder and port. */
  start(): Promise<EmbeddedNeo4j>;
  /** Stops every instance, kills any JVM left on its folder, removes the folder; returns the pids that had to be killed. */
  dispose(): Promise<number[]>;
}

/** Returns the pids of JVMs whose Neo4j home lies in `dir`. */
export function javaPidsFor(dir: string): number[] {
  const out = spawnSync('pgrep', ['-f', `home ${dir}`], { encoding: 'utf8' }).stdout.trim();
  return out ? out.split('\n').map(Number) : [];
}

/** Starts a real Neo4j in a new temporary folder on a free port (512 MB heap); throws when it does not start. */
export async function startOwnNeo4j(prefix: string): Promise<OwnNeo4j> {
  const home = mkdtempSync(path.join(os.tmpdir(), `pairing-graph-${prefix}-`));
  const port = await freePort();
  const instances: EmbeddedNeo4j[] = [];
  const own: OwnNeo4j = {
    home,
    port,
    uri: `bolt://127.0.0.1:${port}`,
    current: undefined as unknown as EmbeddedNeo4j,
    async start() {
      const db = new EmbeddedNeo4j({ home: path.join(home, 'db'), port, heap: '512m', pageCacheBytes: 64 * 1024 * 1024 });
      instances.push(db);
      own.current = db;
      await db.start();
      return db;
    },
    async dispose() {
      for (const db of instances) {
        if (db.pid) spawnSync('kill', ['-CONT', String(db.pid)]);
        await db.stop().catch(() => {});
      }
      const left = javaPidsFor(home);
      for (const pid of left) process.kill(pid, 'SIGKILL');
      rmSync(home, { recursive: true, force: true });
      return left;
    },
  };
  await own.start();
  return own;
}

/** Loads the divisions of the seed's counties and the seed into `db` (its cooperations give 朝阳区's units their side). */
export async function loadSeedInto(db: Database): Promise<void> {
  await loadSeedDivisions(db, 'counties');
  await loadSeed(db);
}
