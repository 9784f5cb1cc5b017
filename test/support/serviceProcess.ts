import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The project folder. */
export const root = path.resolve(__dirname, '../..');
/** The built service, as `npm start` runs it. */
export const mainJs = path.join(root, 'dist/src/main.js');

/**
 * Builds src/ into dist/, what `npm start` runs first (prestart), once per test run: the later suites of a run
 * reuse the build of the first (a marker in the global setup's PAIRING_GRAPH_TEST_RUN_DIR), and none builds
 * when the runner built before starting jest (PAIRING_GRAPH_DIST_BUILT=1), so no build rewrites dist/ under
 * a running CLI. Returns nothing; throws when tsc fails.
 */
export function buildDist(): void {
  const runDir = process.env.PAIRING_GRAPH_TEST_RUN_DIR;
  const marker = runDir ? path.join(runDir, 'dist-built') : undefined;
  if (process.env.PAIRING_GRAPH_DIST_BUILT === '1' || (marker && existsSync(marker))) return;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (marker) writeFileSync(marker, '');
}

/** Returns the environment of a newcomer's shell: none of the test run's Neo4j variables, plus `extra`. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('NEO4J_') || k === 'PORT' || k === 'JEST_WORKER_ID') delete env[k];
  return { ...env, NODE_ENV: 'development', ...extra };
}

/** Returns the pids of the Neo4j JVMs whose home is `dataDir` (none when it is stopped). */
export function javaPidsFor(dataDir: string): number[] {
  const out = spawnSync('pgrep', ['-f', `home ${dataDir}`], { encoding: 'utf8' }).stdout.trim();
  return out ? out.split('\n').map(Number) : [];
}

/** A started service process and everything it printed so far. */
export interface Started {
  child: ChildProcess;
  output: () => string;
}

/**
 * Starts the service (`node dist/src/main.js`, or `npm start` without its build step) and resolves when it
 * prints its ready line; rejects with the output when it exits first or is not ready within `readyMs`.
 */
export function startService(env: NodeJS.ProcessEnv, viaNpm = false, readyMs = 120_000): Promise<Started> {
  // `npm start --ignore-scripts` runs the start script itself without the prestart build (done in beforeAll).
  const child = viaNpm
    ? spawn('npm', ['start', '--ignore-scripts', '--silent'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, [mainJs], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within ${readyMs / 1000} s:\n${output}`)), readyMs);
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

/** Sends SIGTERM to the service and resolves with its exit code. */
export function stopService(s: Started): Promise<number | null> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null) return resolve(s.child.exitCode);
    s.child.once('exit', (code) => resolve(code));
    s.child.kill('SIGTERM');
  });
}

/** Resolves when `check` holds or `timeoutMs` has passed, polling every 200 ms. */
export async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}

/** Posts `query` to the service's /graphql on `port` and returns the parsed answer. */
export async function graphql(port: number, query: string): Promise<{ data?: Record<string, unknown>; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: Record<string, unknown> };
}
