import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { displayWidth } from '../../src/cli/displayWidth';
import { CliCoverageDocument, CliSuggestPartnersDocument, CliUnpairedVillagesDocument } from '../../src/generated/operations';
import { todayInChina } from '../../src/graphql/DateScalar';
import { freePort } from '../support/globalSetup';
import { cypher } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { createAuthenticator } from '../../src/auth/createAuthenticator';
import { TEST_SECRET, testAuth } from '../support/tokens';
import { buildAndServe, cli } from './cliHarness';

const root = path.resolve(__dirname, '../..');
const BOM = '\uFEFF';

let t: TestServer;
let url: string;

beforeAll(async () => {
  ({ t, url } = await buildAndServe());
}, 180_000);
afterAll(() => t?.close());

/** Demonstration villages (or all villages) of 卓资县 with no pairing active on `on`, by plain Cypher. */
async function unpairedByCypher(on: string, demonstrationOnly = true): Promise<string[]> {
  const rows = await cypher<{ id: string }>(
    t.driver,
    `MATCH (v:Region {kind: 'VILLAGE'})-[:PART_OF]->(t)-[:PART_OF]->(c:Region {id: '150921000000'})
     WHERE (NOT $demonstrationOnly OR v.demonstration = true)
       AND NOT EXISTS {
         MATCH (v)<-[:SUPPORTED]-(p:Pairing)
         WHERE (p.since IS NULL OR p.since <= date($on)) AND (p.until IS NULL OR p.until >= date($on))
       }
     RETURN v.id AS id ORDER BY t.id, v.id`,
    { on, demonstrationOnly },
  );
  return rows.map((r) => r.id);
}

/** Returns the lines of a table (without the final empty one), checking they all have one display width. */
function tableLines(stdout: string): string[] {
  expect(stdout.endsWith('\n')).toBe(true);
  const lines = stdout.slice(0, -1).split('\n');
  expect(new Set(lines.map(displayWidth)).size).toBe(1);
  return lines;
}

describe('pairing-graph gaps', () => {
  it('prints an aligned table with Chinese headers: the unpaired demonstration villages', async () => {
    const expected = await unpairedByCypher(todayInChina());
    expect(expected.length).toBeGreaterThan(0);
    const r = await cli(['gaps', '--county', '150921', '--url', url]);
    expect(r.status).toBe(0);
    const lines = tableLines(r.stdout);
    expect(lines[0]).toMatch(/^村代码\s+村名称\s+乡镇代码\s+乡镇\s+示范村\s+现有结对方数\s+已有结对类型\s*$/);
    expect(lines[1]).toMatch(/^[- ]+$/);
    expect(lines.slice(2).map((l) => l.split(/\s+/)[0])).toEqual(expected);
    expect(lines.slice(2).every((l) => / 是 /.test(l))).toBe(true);
    expect(r.stderr).toBe(`共 ${expected.length} 个未结对示范村\n`);
  });

  it('speaks English with --lang en or PAIRING_GRAPH_LANG=en', async () => {
    const flag = await cli(['gaps', '--county', '150921', '--url', url, '--lang', 'en']);
    expect(flag.status).toBe(0);
    expect(tableLines(flag.stdout)[0]).toMatch(/^Village code\s+Village\s+Township code\s+Township\s+Demonstration\s+Partners\s+Paired kinds\s*$/);
    expect(flag.stderr).toMatch(/^\d+ unpaired demonstration villages\n$/);
    const env = await cli(['gaps', '--county', '150921', '--url', url], { PAIRING_GRAPH_LANG: 'en' });
    expect(env.stdout).toBe(flag.stdout);
  });

  it('writes CSV with a BOM and CRLF that parses back to the villages the API returns', async () => {
    const expected = await unpairedByCypher(todayInChina());
    const r = await cli(['gaps', '--county', '150921', '--format', 'csv', '--url', url]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith(BOM)).toBe(true);
    expect(r.stdout.endsWith('\r\n')).toBe(true);
    expect(r.stdout.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const [header, ...rows] = parse(r.stdout, { bom: true }) as string[][];
    expect(header).toEqual(['村代码', '村名称', '乡镇代码', '乡镇', '示范村', '现有结对方数', '已有结对类型']);
    expect(rows.map((row) => row[0])).toEqual(expected);
    const api = await t.execute(CliUnpairedVillagesDocument, { county: '150921' });
    expect(rows.map((row) => [row[0], row[1], row[2], row[3]])).toEqual(
      api.data!.unpairedVillages.map((v) => [v.unit.id, v.unit.name, v.townshipCode, v.townshipName]),
    );
  });

  it('honours --all and --date (PAIRING_GRAPH_URL as the address)', async () => {
    const on = '2023-06-30';
    const expected = await unpairedByCypher(on, false);
    const r = await cli(['gaps', '--county', '150921000000', '--all', '--date', on, '--format', 'csv'], { PAIRING_GRAPH_URL: url });
    expect(r.status).toBe(0);
    const [, ...rows] = parse(r.stdout, { bom: true }) as string[][];
    expect(rows.map((row) => row[0])).toEqual(expected);
    expect(rows.some((row) => row[4] === '否')).toBe(true);
  });

  it('writes JSON: the API data, pretty, without BOM', async () => {
    const r = await cli(['gaps', '--county', '150921', '--lacking', 'ENTERPRISE,social_organization', '--format', 'json', '--url', url]);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('[')).toBe(true);
    expect(r.stdout).toContain('\n  {');
    const api = await t.execute(CliUnpairedVillagesDocument, { county: '150921', supportingKinds: ['ENTERPRISE', 'SOCIAL_ORGANIZATION'] });
    expect(JSON.parse(r.stdout)).toEqual(api.data!.unpairedVillages);
  });
});

describe('pairing-graph coverage', () => {
  it('prints the township table with totals, the per-kind table and the supporting load', async () => {
    const api = (await t.execute(CliCoverageDocument, { county: '150921' })).data!.coverage;
    const r = await cli(['coverage', '--county', '150921', '--url', url]);
    expect(r.status).toBe(0);
    const [title, ...rest] = r.stdout.split('\n\n');
    expect(title).toBe(`卓资县（150921000000）结对覆盖，统计日期 ${api.activeOn}`);
    expect(rest).toHaveLength(3);
    const [townships, kinds, load] = rest.map((section) => {
      const [heading, ...lines] = section.split('\n');
      tableLines(lines.join('\n') + (section.endsWith('\n') ? '' : '\n'));
      return { heading, lines: lines.filter(Boolean) };
    });
    expect(townships.heading).toBe('按乡镇');
    expect(townships.lines[0]).toMatch(/^乡镇代码\s+乡镇\s+村数/);
    expect(townships.lines).toHaveLength(2 + api.children.length + 1);
    expect(townships.lines.at(-1)).toMatch(new RegExp(`^${api.total.code}\\s+合计\\s+${api.total.villages}\\s`));
    expect(kinds.heading).toBe('按结对类型');
    expect(kinds.lines.slice(2).map((l) => l.split(/\s+/)[0])).toEqual(
      api.kinds.map((k) => ({ SCHOOL_SCHOOL: '学校—学校', HOSPITAL_HOSPITAL: '医院—医院', STREET_TOWNSHIP: '街乡—乡镇', COMMUNITY_VILLAGE: '村社区—村', ENTERPRISE_VILLAGE: '企业—村', SOCIAL_ORGANIZATION_VILLAGE: '社会组织—村' })[k.kind]),
    );
    expect(load.heading).toBe('支援单位负荷');
    expect(load.lines.slice(2).map((l) => l.split(/\s+/)[0])).toEqual(api.supporting.map((s) => s.unit.id));
  });

  it('writes the townships and the totals row as CSV, and everything as JSON', async () => {
    const api = (await t.execute(CliCoverageDocument, { county: '150921', activeOn: '2024-01-01' })).data!.coverage;
    const csv = await cli(['coverage', '--county', '150921', '--date', '2024-01-01', '--format', 'csv', '--url', url]);
    expect(csv.status).toBe(0);
    expect(csv.stdout.startsWith(BOM)).toBe(true);
    const [header, ...rows] = parse(csv.stdout, { bom: true }) as string[][];
    expect(header[0]).toBe('乡镇代码');
    expect(rows.map((row) => [row[0], Number(row[2]), Number(row[3])])).toEqual(
      [...api.children, api.total].map((x) => [x.code, x.villages, x.paired]),
    );
    expect(rows.at(-1)![1]).toBe('合计');
    const json = await cli(['coverage', '--county', '150921', '--date', '2024-01-01', '--format', 'json', '--url', url]);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(api);
  });
});

describe('pairing-graph suggest', () => {
  it('lists partners with score and reasons in one column, and the same as JSON', async () => {
    const [village] = await unpairedByCypher(todayInChina());
    const api = (await t.execute(CliSuggestPartnersDocument, { unitId: village, first: 3 })).data!.suggestPartners;
    expect(api.length).toBeGreaterThan(0);
    const r = await cli(['suggest', village, '--first', '3', '--url', url]);
    expect(r.status).toBe(0);
    const lines = tableLines(r.stdout);
    expect(lines[0]).toMatch(/^排名\s+单位代码\s+名称\s+类型\s+推荐分\s+现有结对数\s+结对类型\s+推荐理由\s*$/);
    expect(lines).toHaveLength(2 + api.length);
    expect(lines.slice(2).map((l) => l.trim().split(/\s+/)[1])).toEqual(api.map((s) => s.unit.id));
    const csv = await cli(['suggest', village, '--first', '3', '--format', 'csv', '--url', url, '--lang', 'en']);
    const [header, ...rows] = parse(csv.stdout, { bom: true }) as string[][];
    expect(header).toEqual(['Rank', 'Unit id', 'Name', 'Kind', 'Score', 'Partners', 'Pairing kind', 'Reasons']);
    expect(rows.map((row) => Number(row[4]))).toEqual(api.map((s) => Math.round(s.score * 100) / 100));
    expect(rows.map((row) => row[7].split('; ').length)).toEqual(api.map((s) => Math.max(1, s.reasons.length)));
    const json = await cli(['suggest', village, '--first', '3', '--format', 'json', '--url', url]);
    expect(JSON.parse(json.stdout)).toEqual(api);
  });
});

describe('exit codes', () => {
  it.each([
    [['gaps', '--county', '1509'], /--county.*"1509"/],
    [['gaps', '--county', '150921', '--bogus'], /未知选项 --bogus/],
    [['gaps', '--county', '150921', '--format', 'xml'], /--format.*"xml"/],
    [['gaps', '--county', '150921', '--date', '2024-02-30'], /--date.*"2024-02-30"/],
    [['gaps'], /--county/],
    [['gaps', '--county'], /--county/],
    [['gaps', '--county', '150921', '--lacking', 'FACTORY'], /--lacking.*"FACTORY"/],
    [['suggest'], /UNIT_ID/],
    [['suggest', '150921106207', '--first', '51'], /--first.*"51"/],
    [['suggest', 'a', 'b'], /"b"/],
    [['frobnicate'], /未知命令 "frobnicate"/],
    [[], /缺少命令/],
    [['--lang', 'fr', 'gaps'], /--lang.*"fr"/],
  ])('%j exits 2 naming what is wrong, before any request', async (args, message) => {
    const r = await cli([...args, '--url', 'http://127.0.0.1:1/graphql']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('exits 3 when the service is unreachable, telling to run npm start and showing the URL', async () => {
    for (const address of ['http://127.0.0.1:1/graphql', `http://127.0.0.1:${await freePort()}/graphql`]) {
      const r = await cli(['gaps', '--county', '150921', '--url', address]);
      expect(r.status).toBe(3);
      expect(r.stderr).toContain(address);
      expect(r.stderr).toContain('npm start');
      expect(r.stdout).toBe('');
    }
    const en = await cli(['coverage', '--county', '150921', '--lang', 'en'], { PAIRING_GRAPH_URL: 'http://127.0.0.1:1/graphql' });
    expect(en.status).toBe(3);
    expect(en.stderr).toMatch(/cannot reach .*http:\/\/127\.0\.0\.1:1\/graphql.*npm start/);
  });

  it('exits 4 for what the service does not know (NOT_FOUND)', async () => {
    const unit = await cli(['suggest', 'NO-SUCH-UNIT', '--url', url]);
    expect(unit.status).toBe(4);
    expect(unit.stderr).toContain('NO-SUCH-UNIT');
    const county = await cli(['coverage', '--county', '999999', '--url', url]);
    expect(county.status).toBe(4);
  });

  it("exits 5 with the server's message when it rejects the input (BAD_USER_INPUT)", async () => {
    const r = await cli(['suggest', 'CY-SCHOOL-01', '--url', url]);
    expect(r.status).toBe(5);
    expect(r.stderr).toContain('only a unit on the supported side takes partners');
    expect(r.stdout).toBe('');
  });

  it('exits 1 when the URL answers something other than GraphQL', async () => {
    const r = await cli(['gaps', '--county', '150921', '--url', `${t.url}/healthz/nothing`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('HTTP 404');
  });
});

describe('help and version', () => {
  it.each([[['--help']], [['-h']], [['help']], [['--lang', 'en', 'help']]])('%j prints the command list and exit codes', async (args) => {
    const r = await cli(args);
    expect(r.status).toBe(0);
    for (const name of ['gaps', 'coverage', 'suggest']) expect(r.stdout).toContain(`  ${name} `);
    expect(r.stdout).toMatch(args.includes('en') ? /Exit codes:/ : /退出码：/);
    expect(r.stderr).toBe('');
  });

  it.each(['gaps', 'coverage', 'suggest'])('%s --help (and help %s) exits 0 with its usage', async (name) => {
    const r = await cli([name, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`用法：\n  pairing-graph ${name} `);
    expect(r.stdout).toContain('--format');
    expect(r.stdout).toContain('5  输入被拒绝');
    expect((await cli(['help', name])).stdout).toBe(r.stdout);
    const en = await cli([name, '--help', '--lang', 'en']);
    expect(en.stdout).toContain(`Usage:\n  pairing-graph ${name} `);
  });

  it('--version prints the package version', async () => {
    const r = await cli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });
});

describe('pairing-graph token and PAIRING_GRAPH_TOKEN', () => {
  let closed: TestServer;
  let dir: string;
  beforeAll(async () => {
    closed = await startTestServer({ auth: testAuth({ readsNeedToken: true }) });
    dir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-token-'));
  });
  afterAll(async () => {
    await closed?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues a token with AUTH_JWT_SECRET that the service accepts; without it the service refuses (exit 6)', async () => {
    const issued = await cli(['token', '--role', 'viewer', '--sub', '张三', '--expires', '5m'], { AUTH_JWT_SECRET: TEST_SECRET });
    expect(issued.status).toBe(0);
    const token = issued.stdout.trim();
    expect(await testAuth().authenticate(`Bearer ${token}`)).toEqual({ subject: '张三', role: 'viewer' });

    const gaps = ['gaps', '--county', '150921', '--url', `${closed.url}/graphql`, '--format', 'json'];
    const refused = await cli(gaps);
    expect(refused.status).toBe(6);
    expect(refused.stderr).toContain('PAIRING_GRAPH_TOKEN');
    const served = await cli(gaps, { PAIRING_GRAPH_TOKEN: token });
    expect(served.status).toBe(0);
    expect(JSON.parse(served.stdout)).toBeInstanceOf(Array);
  });

  it('signs with a development secret file it creates (owner-only) when no secret is set, as npm start does', async () => {
    const file = path.join(dir, 'dev-secret');
    const env = { NODE_ENV: 'development', AUTH_DEV_SECRET_FILE: file, AUTH_JWT_SECRET: '' };
    const first = await cli(['token', '--role', 'admin', '--sub', 'dev'], env);
    expect(first.status).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const secret = readFileSync(file, 'utf8').trim();
    const auth = createAuthenticator({ secret, readsNeedToken: false });
    expect(await auth.authenticate(`Bearer ${first.stdout.trim()}`)).toEqual({ subject: 'dev', role: 'admin' });
    const second = await cli(['token', '--role', 'planner', '--sub', 'dev'], env);
    expect(await auth.authenticate(`Bearer ${second.stdout.trim()}`)).toEqual({ subject: 'dev', role: 'planner' });
  });

  it.each([
    [['token'], {}, /--role/],
    [['token', '--role', 'boss'], {}, /--role.*"boss"/],
    [['token', '--role', 'admin', '--expires', 'forever'], {}, /--expires.*"forever"/],
    [['token', '--role', 'admin'], { NODE_ENV: 'production', AUTH_JWT_SECRET: '' }, /AUTH_JWT_SECRET/],
    [['token', '--role', 'admin'], { AUTH_JWT_SECRET: 'short' }, /AUTH_JWT_SECRET: at least 32 characters/],
  ])('%j exits 2 naming what is wrong', async (args, env, message) => {
    const r = await cli(args, env as Record<string, string>);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});
