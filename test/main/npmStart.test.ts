import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/globalSetup';
import { buildDist, cleanEnv, graphql, javaPidsFor, mainJs as main, root, startService, stopService, waitFor } from '../support/serviceProcess';

beforeAll(buildDist, 120_000);

describe('npm start (node dist/src/main.js)', () => {
  it('fails fast with one clear line when NEO4J_URI is unreachable', () => {
    const started = Date.now();
    const result = spawnSync(process.execPath, [main], {
      cwd: root,
      env: cleanEnv({ NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_CONNECT_TIMEOUT_MS: '3000', PORT: '0' }),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('lists every configuration problem at once, then exits 1', () => {
    const result = spawnSync(process.execPath, [main], {
      cwd: root,
      env: cleanEnv({ PORT: 'abc', NEO4J_URI: 'http://example', LOG_LEVEL: 'loud' }),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/invalid configuration/);
    for (const key of ['PORT', 'NEO4J_URI', 'LOG_LEVEL']) expect(result.stderr).toContain(`${key}:`);
  });

  it('starts the embedded Neo4j, loads the national divisions and seeds once, serves GraphQL, and leaves nothing behind on SIGTERM (node, then npm start)', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-start-'));
    try {
      const port = await freePort();
      const env = cleanEnv({ PORT: String(port), NEO4J_BOLT_PORT: String(await freePort()), NEO4J_DATA_DIR: dataDir });

      const first = await startService(env, false, 300_000);
      expect(first.output()).toMatch(/seed loaded: \d+ nodes/);
      expect(first.output()).toContain(`http://127.0.0.1:${port}/graphql`);
      const one = await graphql(port, '{ __typename units(first: 1) { totalCount } }');
      expect(one.data?.__typename).toBe('Query');
      const count = (one.data?.units as { totalCount: number }).totalCount;
      expect(count).toBeGreaterThan(200);
      // The first start loaded the national tree down to townships: 杭州市西湖区 and its streets, with no villages.
      const xihu = await graphql(port, '{ region(code: "330106000000") { name level children { level } } }');
      const region = xihu.data?.region as { name: string; level: string; children: { level: string }[] } | null;
      expect(region).toMatchObject({ name: '西湖区', level: 'COUNTY' });
      expect(region!.children.length).toBeGreaterThan(5);
      expect(new Set(region!.children.map((c) => c.level))).toEqual(new Set(['TOWNSHIP']));
      const streets = await graphql(port, '{ region(code: "330106002000") { children { code } } }');
      expect((streets.data?.region as { children: unknown[] }).children).toEqual([]);
      expect(javaPidsFor(dataDir)).toHaveLength(1);
      expect(await stopService(first)).toBe(0);
      expect(javaPidsFor(dataDir)).toEqual([]);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

      const second = await startService(env, true);
      expect(second.output()).not.toMatch(/seed loaded/);
      const two = await graphql(port, '{ units(first: 1) { totalCount } }');
      expect((two.data?.units as { totalCount: number }).totalCount).toBe(count);
      // SIGTERM to npm itself (what a process manager sends): npm forwards it, the service drains and stops Neo4j.
      expect(await stopService(second)).toBe(0);
      await waitFor(() => javaPidsFor(dataDir).length === 0, 60_000);
      expect(javaPidsFor(dataDir)).toEqual([]);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      for (const pid of javaPidsFor(dataDir)) process.kill(pid, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 480_000);
});
