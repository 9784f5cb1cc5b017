#!/usr/bin/env node
/**
 * `npm test`: builds dist/ once, then runs two jest processes side by side with the same arguments (for
 * example `npm test -- --ci`): the suites on the shared database (PAIRING_GRAPH_TEST_GROUP=shared, its
 * report printed as it runs) and the suites with a Neo4j of their own (`own`, its report printed whole once
 * both have ended, so the two never interleave). Exits 0 when both passed, else the first failing exit code.
 * With --watch, --watchAll or --listTests, or when the arguments select suites of one group only, runs one jest.
 */
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const jestBin = require.resolve('jest/bin/jest', { paths: [root] });
const args = process.argv.slice(2);

/** Returns the number of suites jest would run for `group` with the caller's arguments. */
function countSuites(group) {
  const r = spawnSync(process.execPath, [jestBin, ...args, '--listTests'], { cwd: root, env: { ...process.env, PAIRING_GRAPH_TEST_GROUP: group }, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n').filter((l) => l.trim().endsWith('.ts')).length : 0;
}

/** Runs jest for `group` (undefined: every suite); resolves with its exit code. `capture` collects its output instead of printing it. */
function runJest(group, env, capture) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [jestBin, ...args], {
      cwd: root,
      env: group ? { ...env, PAIRING_GRAPH_TEST_GROUP: group } : env,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    children.push(child);
    if (capture) {
      child.stdout.on('data', (d) => capture.push(d));
      child.stderr.on('data', (d) => capture.push(d));
    }
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const children = [];
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const c of children) if (c.exitCode === null) c.kill(signal);
  });
}

async function main() {
  if (args.some((a) => /^--(watch|watchAll|listTests)(=|$)/.test(a))) return runJest(undefined, process.env);
  const started = Date.now();
  // Once, before either jest: no suite builds dist/ again while the other process runs the CLI from it.
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) return build.status ?? 1;
  const env = { ...process.env, PAIRING_GRAPH_DIST_BUILT: '1' };
  const own = countSuites('own');
  const shared = countSuites('shared');
  if (own === 0 || shared === 0) return runJest(own === 0 && shared > 0 ? 'shared' : own > 0 ? 'own' : undefined, env);

  const ownOutput = [];
  const ownColor = process.stderr.isTTY && !args.some((a) => a.startsWith('--color')) ? { FORCE_COLOR: '1' } : {};
  const [sharedCode, ownCode] = await Promise.all([runJest('shared', env), runJest('own', { ...env, ...ownColor }, ownOutput)]);
  process.stderr.write(`\n== the ${own} suites with a Neo4j of their own (second jest process, run alongside the above)\n`);
  process.stderr.write(Buffer.concat(ownOutput));
  const seconds = Math.round((Date.now() - started) / 1000);
  const word = (code) => (code === 0 ? 'passed' : `failed (exit ${code})`);
  process.stderr.write(`\n== npm test: ${shared} shared-database suites ${word(sharedCode)}, ${own} own-Neo4j suites ${word(ownCode)}; ${seconds} s in all\n`);
  return sharedCode !== 0 ? sharedCode : ownCode;
}

main().then((code) => process.exit(code));
