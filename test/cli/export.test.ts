import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { todayInChina } from '../../src/graphql/DateScalar';
import { freePort } from '../support/globalSetup';
import { startTestServer, type TestServer } from '../support/testServer';
import { consume, readCyjs, readD3, type ConsumedGraph } from '../graph/consumers';
import { GraphOracle, type OracleSelection } from '../graph/graphOracle';
import { runCli, type CliRun } from '../support/runCli';
import { buildDist } from '../support/serviceProcess';

const VILLAGE = '150921212210'; // 拐角铺村委会
const today = todayInChina();


/** Runs `node bin/pairing-graph.js …` as a user would (the test server lives in this process). */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, env, { unset: ['PAIRING_GRAPH_URL', 'PAIRING_GRAPH_LANG'], maxBuffer: 64 * 1024 * 1024 });
}

let t: TestServer;
let url: string;
let oracle: GraphOracle;
let dir: string;

beforeAll(async () => {
  // What a user's `npm install` (prepare) or `npm run build` does: the build the bin runs.
  buildDist();
  t = await startTestServer();
  url = `${t.url}/graphql`;
  oracle = await GraphOracle.load(t.driver);
  dir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-export-'));
}, 180_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

/** Checks that a consumer read exactly the oracle's nodes and edges, with Chinese labels intact. */
function expectSelection(got: ConsumedGraph, sel: OracleSelection): void {
  const want = oracle.graph(sel);
  expect(want.nodes.length).toBeGreaterThan(0);
  expect([...got.nodes.keys()].sort()).toEqual(want.nodes.map((n) => n.id).sort());
  expect([...got.edges.keys()].sort()).toEqual(want.edges.map((e) => e.id).sort());
  for (const n of want.nodes) expect([n.id, got.nodes.get(n.id)?.label]).toEqual([n.id, n.label]);
}

describe('pairing-graph export', () => {
  it.each([
    ['graphml', 'graphml'],
    ['gexf', 'gexf'],
    ['cyjs', 'cyjs'],
    ['d3', 'json'],
  ] as const)('--format %s -o FILE writes a file its consumer reads, and says so on stderr', async (format, ext) => {
    const file = path.join(dir, `拐角铺-${format}.${ext}`);
    const r = await cli(['export', '--format', format, '--center', VILLAGE, '--depth', '2', '-o', file, '--url', url]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(0);
    expect(r.stderr).toBe(`已写入 ${file}（${size} 字节）\n`);
    const got = await consume(format, readFileSync(file, 'utf8'));
    expectSelection(got, { centerId: VILLAGE, depth: 2, activeOn: today });
    expect(got.nodes.get(VILLAGE)?.label).toBe('拐角铺村');
  });

  it('writes to stdout without -o, with a 6-digit region and Chinese kind names', async () => {
    const r = await cli(['export', '--format', 'd3', '--region', '150921', '--kinds', '企业—村，COMMUNITY_VILLAGE', '--url', url]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const got = await readD3(r.stdout);
    expect(got.resolved).toBe(got.edges.size);
    expectSelection(got, { region: '150921000000', kinds: ['ENTERPRISE_VILLAGE', 'COMMUNITY_VILLAGE'], activeOn: today });
    const kinds = new Set([...got.edges.values()].filter((e) => e.attrs.type === 'PAIRING').map((e) => e.attrs.kind));
    expect(kinds).toEqual(new Set(['ENTERPRISE_VILLAGE', 'COMMUNITY_VILLAGE']));
  });

  it('exports the whole graph, in English, from PAIRING_GRAPH_URL given as a bare host:port', async () => {
    const file = path.join(dir, 'whole.gexf');
    const r = await cli(['export', '--format', 'gexf', '--output', file, '--lang', 'en'], { PAIRING_GRAPH_URL: t.url });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`wrote ${file} (${statSync(file).size} bytes)\n`);
    expectSelection(await consume('gexf', readFileSync(file, 'utf8')), { activeOn: today });
  });

  it('honours --limit and --date', async () => {
    const r = await cli(['export', '--format', 'cyjs', '--limit', '10', '--date', '2024-06-30', '--url', url]);
    expect(r.status).toBe(0);
    const got = readCyjs(r.stdout);
    expectSelection(got, { limit: 10, activeOn: '2024-06-30' });
    expect(got.nodes.size).toBe(10);
    expect((JSON.parse(r.stdout) as { truncated: boolean }).truncated).toBe(true);
  });
});

describe('pairing-graph export exit codes', () => {
  it.each([
    [['--format', 'xml'], /--format.*"xml"/],
    [['--format', 'd3', '--format', 'json'], /--format.*"json"/],
    [[], /--format/],
    [['--format'], /--format/],
    [['--format', 'gexf', '--center', VILLAGE, '--depth', '5'], /--depth.*"5"/],
    [['--format', 'gexf', '--depth', '2'], /--depth.*--center/],
    [['--format', 'gexf', '--center', VILLAGE, '--region', '150921'], /--center.*--region/],
    [['--format', 'gexf', '--limit', '0'], /--limit.*"0"/],
    [['--format', 'gexf', '--kinds', 'FACTORY_VILLAGE'], /--kinds.*"FACTORY_VILLAGE"/],
    [['--format', 'gexf', '--date', '2024-02-30'], /--date.*"2024-02-30"/],
    [['--format', 'gexf', '--bogus'], /未知选项 --bogus/],
    [['--format', 'gexf', 'extra'], /"extra"/],
  ])('%j exits 2 naming what is wrong, before any request', async (args, message) => {
    const r = await cli(['export', ...args, '--url', 'http://127.0.0.1:1/graphql']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('exits 3 when the service is unreachable, showing the URL and npm start, and writes no file', async () => {
    const file = path.join(dir, 'unreachable.graphml');
    const address = `http://127.0.0.1:${await freePort()}/graphql`;
    const r = await cli(['export', '--format', 'graphml', '-o', file, '--url', address]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(address);
    expect(r.stderr).toContain('npm start');
    expect(existsSync(file)).toBe(false);
  });

  it('exits 4 for an unknown center or region, naming it, and writes no file', async () => {
    const file = path.join(dir, 'unknown.gexf');
    const center = await cli(['export', '--format', 'gexf', '--center', 'NO-SUCH-UNIT', '-o', file, '--url', url]);
    expect(center.status).toBe(4);
    expect(center.stderr).toContain('NO-SUCH-UNIT');
    expect(center.stdout).toBe('');
    expect(existsSync(file)).toBe(false);
    const region = await cli(['export', '--format', 'd3', '--region', '150999', '--url', url]);
    expect(region.status).toBe(4);
    expect(region.stderr).toContain('150999000000');
    expect(region.stdout).toBe('');
  });

  it("exits 5 with the server's message when it rejects the input", async () => {
    const r = await cli(['export', '--format', 'cyjs', '--center', 'X'.repeat(101), '--url', url]);
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/centerId: is too long/);
    expect(r.stdout).toBe('');
  });

  it('exits 1 when FILE cannot be written, or the URL is not the service', async () => {
    const r = await cli(['export', '--format', 'gexf', '-o', path.join(dir, 'no-such-folder', 'x.gexf'), '--url', url]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/无法写入 .*no-such-folder/);
    const wrong = await cli(['export', '--format', 'gexf', '--url', `${t.url}/somewhere/else`]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('HTTP 404');
  });

  it('is listed in the help, with its own usage', async () => {
    expect((await cli(['--help'])).stdout).toContain('  export ');
    const help = await cli(['export', '--help', '--lang', 'en']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage:\n  pairing-graph export --format graphml|gexf|cyjs|d3');
    expect(help.stdout).toContain('-o, --output FILE');
  });
});
