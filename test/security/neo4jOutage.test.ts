import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { createDatabase } from '../../src/db/Database';
import { applyMigrations } from '../../src/db/migrations';
import { EmbeddedNeo4j } from '../../src/neo4j/EmbeddedNeo4j';
import { loadSeed } from '../../src/seed/loadSeed';
import { loadSeedDivisions } from '../../src/seed/loadSeedDivisions';
import { UNAVAILABLE_MESSAGE } from '../../src/server/errorPolicy';
import { freePort } from '../../src/util/freePort';
import { startHarness, type Harness, type Reply } from '../server/harness';

/**
 * Neo4j goes away while the API serves and comes back: the API answers SERVICE_UNAVAILABLE (not a crash)
 * and /readyz 503 meanwhile, then answers again without being restarted. The test runs its own Neo4j on
 * a free port in a temporary folder (not the shared test database) and leaves no Java process behind.
 */

let home: string;
let port: number;
const instances: EmbeddedNeo4j[] = [];
let driver: Driver | undefined;
let h: Harness | undefined;

function javaPidsFor(dir: string): number[] {
  const out = spawnSync('pgrep', ['-f', `home ${dir}`], { encoding: 'utf8' }).stdout.trim();
  return out ? out.split('\n').map(Number) : [];
}

async function startNeo4j(): Promise<void> {
  const db = new EmbeddedNeo4j({ home, port, heap: '512m', pageCacheBytes: 64 * 1024 * 1024 });
  instances.push(db);
  await db.start();
}

const QUERY = { query: 'query Outage { counterparts(unitId: "150921212210") { side unit { id name } } }' };

async function ask(): Promise<Reply> {
  return h!.post(QUERY);
}

async function readyStatus(): Promise<number> {
  return (await fetch(`${h!.url}/readyz`)).status;
}

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-outage-'));
  port = await freePort();
  await startNeo4j();
  // As main.ts connects: a query retries for a short while, then gives up.
  driver = neo4j.driver(`bolt://127.0.0.1:${port}`, undefined, { maxTransactionRetryTime: 2000, connectionTimeout: 2000, connectionAcquisitionTimeout: 3000 });
  const db = createDatabase(driver, 'neo4j');
  await applyMigrations(db);
  await loadSeedDivisions(db, 'counties');
  await loadSeed(db);
  h = await startHarness({ production: true, driver, txTimeoutMs: 10_000 });
}, 240_000);

afterAll(async () => {
  await h?.close().catch(() => {});
  await driver?.close().catch(() => {});
  for (const db of instances) await db.stop().catch(() => {});
  const left = javaPidsFor(home);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  rmSync(home, { recursive: true, force: true });
  expect(left).toEqual([]);
}, 120_000);

describe('Neo4j stops and starts again while the API serves', () => {
  it('answers, then SERVICE_UNAVAILABLE and /readyz 503 while Neo4j is down, then answers again', async () => {
    const first = await ask();
    expect(first.status).toBe(200);
    expect(first.json?.errors).toBeUndefined();
    const answer = first.json?.data;
    expect((answer?.counterparts as unknown[]).length).toBeGreaterThan(0);
    expect(await readyStatus()).toBe(200);

    await instances[0].stop();
    expect(javaPidsFor(home)).toEqual([]);

    const down = await ask();
    expect(down.status).toBe(200);
    expect(down.json?.data).toBeNull();
    expect(down.json?.errors).toEqual([{ message: UNAVAILABLE_MESSAGE, locations: expect.any(Array), path: ['counterparts'], extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
    const ready = await fetch(`${h!.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', problems: ['neo4j unreachable'] });
    expect((await fetch(`${h!.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${h!.url}/metrics`)).text();
    expect(metrics).toMatch(/^graphql_errors_total\{code="SERVICE_UNAVAILABLE"\} [1-9]/m);
    expect(metrics).toMatch(/^neo4j_transaction_duration_seconds_count\{mode="read",outcome="error"\} [1-9]/m);

    await startNeo4j();
    let again: Reply | undefined;
    // Ask every 200 ms for up to 30 s (before: 30 tries a second apart); the answer usually comes on the first or second.
    const deadline = Date.now() + 30_000;
    do {
      again = await ask();
      if (!again.json?.errors) break;
      await new Promise((r) => setTimeout(r, 200));
    } while (Date.now() < deadline);
    expect(again?.json).toEqual({ data: answer });
    expect(await readyStatus()).toBe(200);
    expect(h!.logs.some((l) => l.msg === 'graphql error: SERVICE_UNAVAILABLE' && l.level === 'warn')).toBe(true);
  }, 240_000);
});
