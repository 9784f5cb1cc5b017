import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { readSeedGraph } from '../../src/seed/readSeedGraph';
import { buildDist, cleanEnv, root } from '../support/serviceProcess';

/**
 * `npm run seed` (dist/src/seed/seedCli.js) gets the start-up treatment of issue 16, item 4: it runs under
 * NEO4J_STARTUP_TX_TIMEOUT_MS, not the API's NEO4J_TX_TIMEOUT_MS, and fails with one line.
 */

const seedCli = path.join(root, 'dist/src/seed/seedCli.js');

beforeAll(buildDist, 120_000);

function run(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [seedCli], { cwd: root, env: cleanEnv(env), encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run seed', () => {
  it('loads the seed (idempotent) whatever the API timeout, under the start-up timeout', async () => {
    const seed = await readSeedGraph();
    const r = run({ NEO4J_URI: process.env.NEO4J_URI!, NEO4J_TX_TIMEOUT_MS: '1', SEED_DIVISIONS: 'counties' });
    // Only progress lines of the division load (at most one every 5 s) may come on stderr.
    expect(r.stderr.split('\n').filter((l) => l && !/^divisions: [\d,]+ rows loaded \([A-Z]+\)$/.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`seed loaded: ${seed.nodes.length} nodes, ${seed.relationships.length} relationships`);
  }, 240_000);

  it('fails with one line when Neo4j cannot be reached', () => {
    const r = run({ NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_CONNECT_TIMEOUT_MS: '3000' });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^seed failed: cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1: /);
  }, 60_000);
});
