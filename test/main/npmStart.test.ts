import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/globalSetup';

const root = path.resolve(__dirname, '../..');
const main = path.join(root, 'dist/src/main.js');

/** The environment of a newcomer's shell: none of the test run's Neo4j variables. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('NEO4J_') || k === 'PORT' || k === 'JEST_WORKER_ID') delete env[k];
  return { ...env, NODE_ENV: 'development', ...extra };
}

function javaPidsFor(dataDir: string): number[] {
  const out = spawnSync('pgrep', ['-f', `home ${dataDir}`], { encoding: 'utf8' }).stdout.trim();
  return out ? out.split('\n').map(Number) : [];
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

function startService(env: NodeJS.ProcessEnv, viaNpm = false): Promise<Started> {
  // `npm start --ignore-scripts` runs the start script itself without the prestart build (done in beforeAll).
  const child = viaNpm
    ? spawn('npm', ['start', '--ignore-scripts', '--silent'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, [main], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within 120 s:\n${output}`)), 120_000);
    const check = setInterval(() => {
      if (output.includes('pairing-graph ready')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${output}`));
    });
  });
}

function stopService(s: Started): Promise<number | null> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null) return resolve(s.child.exitCode);
    s.child.once('exit', (code) => resolve(code));
    s.child.kill('SIGTERM');
  });
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}

async function graphql(port: number, query: string): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: Record<string, unknown> };
}

beforeAll(() => {
  // What `npm start` runs first (prestart): the build of src/ into dist/.
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}, 120_000);

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

  it('starts the embedded Neo4j, seeds once, serves GraphQL, and leaves nothing behind on SIGTERM (node, then npm start)', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-start-'));
    try {
      const port = await freePort();
      const env = cleanEnv({ PORT: String(port), NEO4J_BOLT_PORT: String(await freePort()), NEO4J_DATA_DIR: dataDir });

      const first = await startService(env);
      expect(first.output()).toMatch(/seed loaded: \d+ nodes/);
      expect(first.output()).toContain(`http://127.0.0.1:${port}/graphql`);
      const one = await graphql(port, '{ __typename units(first: 1) { totalCount } }');
      expect(one.data?.__typename).toBe('Query');
      const count = (one.data?.units as { totalCount: number }).totalCount;
      expect(count).toBeGreaterThan(200);
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
  }, 300_000);
});
