import { createHash } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { digestSynth } from '../../src/synth/loadSynth';
import { nationalOptions } from '../../src/synth/nationalOptions';
import { cypher, testDriver } from '../support/testDatabase';
import { runCli, type CliRun } from '../support/runCli';
import { buildDist } from '../support/serviceProcess';

const A = `sa${process.pid}`;
const B = `sb${process.pid}`;


/** Runs `node bin/pairing-graph.js …` with NEO4J_URI of the test database (unless `env` overrides it). */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, env, { unset: ['PAIRING_GRAPH_LANG'], timeoutMs: 180_000 });
}

/** What the database holds of synthetic graph `prefix`: counts by label and by type, and a digest of its pairings by names (ids differ between prefixes). */
async function contents(driver: Driver, prefix: string) {
  const labels = await cypher<{ label: string; n: number }>(driver, 'MATCH (n:Node {synth: $p}) UNWIND labels(n) AS label RETURN label, count(*) AS n', { p: prefix });
  const types = await cypher<{ type: string; n: number }>(driver, 'MATCH (a:Node {synth: $p})-[r]->() RETURN type(r) AS type, count(*) AS n', { p: prefix });
  const lines = await cypher<{ line: string }>(
    driver,
    `MATCH (p:Pairing {synth: $p})-[:SUPPORTER]->(a), (p)-[:SUPPORTED]->(b), (p)-[:IN_COOPERATION]->(c)
     RETURN a.name + '>' + b.name + '|' + c.name + '|' + p.kind + '|' + toString(p.since) + '|' + coalesce(toString(p.until), '') + '|' + p.status AS line`,
    { p: prefix },
  );
  return {
    labels: Object.fromEntries(labels.map((r) => [r.label, r.n]).sort()),
    types: Object.fromEntries(types.map((r) => [r.type, r.n]).sort()),
    pairings: createHash('sha256').update(lines.map((r) => r.line).sort().join('\n')).digest('hex'),
  };
}

let driver: Driver;
beforeAll(() => {
  // What `npm run build` does: the build the bin runs.
  buildDist();
  driver = testDriver();
}, 180_000);
afterAll(async () => {
  for (const p of [A, B]) await cypher(driver, 'MATCH (n:Node {synth: $p}) DETACH DELETE n', { p });
  await driver.close();
});

describe('synthetic graph options and digest', () => {
  it('is about 1.2 million nodes and 3 million relationships at scale 1 without activities, the same for the same seed, another for another seed', () => {
    const d = digestSynth(nationalOptions(1, 'synth', 1, { activities: false }));
    expect(d.nodes).toBeGreaterThan(1_100_000);
    expect(d.nodes).toBeLessThan(1_350_000);
    expect(d.relationships).toBeGreaterThan(2_900_000);
    expect(d.relationships).toBeLessThan(3_200_000);
    expect(Object.keys(d.labels).sort()).toEqual(['Entity:Cooperation', 'Pairing', 'Source', 'Unit:Organization', 'Unit:Region']);
    expect(Object.keys(d.types).sort()).toEqual(['IN_COOPERATION', 'LOCATED_IN', 'PART_OF', 'SUPPORTED', 'SUPPORTED_SIDE', 'SUPPORTER', 'SUPPORTING_SIDE']);
    // History: more pairing records than villages with a partner.
    expect(d.labels.Pairing).toBeGreaterThan(2 * d.labels['Unit:Region']);
    const small = nationalOptions(9, 'synth', 0.01);
    // With its ledger (the default): about 2.2 activities per pairing record.
    const ledger = digestSynth(small);
    expect(Object.keys(ledger.types)).toContain('ACTIVITY_OF');
    expect(ledger.labels.Activity / ledger.labels.Pairing).toBeGreaterThan(1.5);
    expect(ledger.labels.Activity / ledger.labels.Pairing).toBeLessThan(3);
    expect(digestSynth(small)).toEqual(digestSynth({ ...small }));
    expect(digestSynth(nationalOptions(10, 'synth', 0.01)).sha256).not.toBe(digestSynth(small).sha256);
  });

  it('grows the number of counties with the scale, not their size, and refuses a scale outside (0, 8]', () => {
    const half = nationalOptions(1, 'x', 0.5);
    const one = nationalOptions(1, 'x', 1);
    expect(half.countiesPerProvince).toBe(Math.round(one.countiesPerProvince! / 2));
    expect(half.villagesPerTownship).toBe(one.villagesPerTownship);
    expect(() => nationalOptions(1, 'x', 0)).toThrow(RangeError);
    expect(() => nationalOptions(1, 'x', 9)).toThrow(RangeError);
  });
});

describe('pairing-graph synth', () => {
  it('--dry-run prints the same counts and SHA-256 for the same seed, another for another seed, and writes nothing', async () => {
    const [a, b, c] = await Promise.all([
      cli(['synth', '--dry-run', '--scale', '0.01', '--seed', '3', '--format', 'json']),
      cli(['synth', '--dry-run', '--scale', '0.01', '--seed', '3', '--format', 'json']),
      cli(['synth', '--dry-run', '--scale', '0.01', '--seed', '4', '--format', 'json', '--lang', 'en']),
    ]);
    expect([a.status, b.status, c.status]).toEqual([0, 0, 0]);
    const [ja, jb, jc] = [a, b, c].map((r) => JSON.parse(r.stdout) as { sha256: string; nodes: number; dryRun: boolean });
    expect(ja).toEqual(jb);
    expect(ja.dryRun).toBe(true);
    expect(ja.sha256).toBe(digestSynth(nationalOptions(3, 'synth', 0.01)).sha256);
    expect(jc.sha256).not.toBe(ja.sha256);
    expect(a.stderr).toContain('试运行，未写入任何数据');
    expect(c.stderr).toContain('dry run, nothing written');
    const none = await cli(['synth', '--dry-run', '--scale', '0.01', '--seed', '3', '--format', 'json', '--no-activities']);
    const jn = JSON.parse(none.stdout) as { sha256: string; labels: Record<string, number> };
    expect(jn.sha256).toBe(digestSynth(nationalOptions(3, 'synth', 0.01, { activities: false })).sha256);
    expect(jn.labels.Activity).toBeUndefined();
    expect((ja as unknown as { labels: Record<string, number> }).labels.Activity).toBeGreaterThan(0);
  });

  it.each([
    [['--scale', '0'], '--scale'],
    [['--scale', 'big'], '--scale'],
    [['--seed', '-1'], '--seed'],
    [['--seed', '1.5'], '--seed'],
    [['--prefix', 'bad prefix'], '--prefix'],
    [['--batch', '10'], '--batch'],
    [['--format', 'csv'], '--format'],
    [['--dry-run', '--delete'], '--delete'],
    [['extra'], 'extra'],
    [['--nope'], '--nope'],
  ])('exits 2 on %j, naming it, before reaching Neo4j', async (args, named) => {
    const r = await cli(['synth', ...args], { NEO4J_URI: 'bolt://127.0.0.1:1' });
    expect({ status: r.status, named: r.stderr.includes(named) }).toEqual({ status: 2, named: true });
  });

  it('exits 3 naming the URI when Neo4j does not answer', async () => {
    const r = await cli(['synth', '--scale', '0.01', '--lang', 'en'], { NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_CONNECT_TIMEOUT_MS: '2000' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('bolt://127.0.0.1:1');
  });

  it('--help exits 0 with its usage in both languages', async () => {
    const zh = await cli(['synth', '--help']);
    const en = await cli(['synth', '--help', '--lang', 'en']);
    expect([zh.status, en.status]).toEqual([0, 0]);
    expect(zh.stdout).toContain('--seed');
    expect(zh.stdout).toContain('合成');
    expect(en.stdout).toContain('national-scale');
    expect((await cli(['--help'])).stdout).toContain('synth');
  });

  it('loads the same graph twice under two prefixes (same counts and content), refuses a second load over the first, and deletes', async () => {
    const digest = digestSynth(nationalOptions(5, A, 0.005));
    const first = await cli(['synth', '--scale', '0.005', '--seed', '5', '--prefix', A, '--format', 'json', '--lang', 'en']);
    expect(first.status).toBe(0);
    const summary = JSON.parse(first.stdout) as { nodes: number; relationships: number; sha256: string; transactions: number };
    expect(summary).toMatchObject({ nodes: digest.nodes, relationships: digest.relationships, sha256: digest.sha256, labels: { Activity: digest.labels.Activity } });
    expect(first.stderr).toContain(`wrote the synthetic graph ${A}`);
    const a = await contents(driver, A);
    expect(a.labels.Node).toBe(digest.nodes);
    expect(a.labels.Pairing).toBe(digest.labels.Pairing);
    expect(a.labels.Activity).toBe(digest.labels.Activity);
    expect(Object.values(a.types).reduce((s: number, n) => s + Number(n), 0)).toBe(digest.relationships);

    // The same ids again, or another prefix sharing the province codes: refused, nothing written.
    const again = await cli(['synth', '--scale', '0.005', '--seed', '5', '--prefix', A]);
    expect(again.status).toBe(5);
    expect(again.stderr).toContain('未写入任何数据');
    expect(await contents(driver, A)).toEqual(a);

    const removed = await cli(['synth', '--delete', '--prefix', A, '--format', 'json']);
    expect(removed.status).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ prefix: A, deleted: digest.nodes });
    const [{ n }] = await cypher<{ n: number }>(driver, 'MATCH (x:Node {synth: $p}) RETURN count(x) AS n', { p: A });
    expect(n).toBe(0);

    const second = await cli(['synth', '--scale', '0.005', '--seed', '5', '--prefix', B, '--batch', '20000']);
    expect(second.status).toBe(0);
    const b = await contents(driver, B);
    expect(b).toEqual(a);
  }, 300_000);
});
