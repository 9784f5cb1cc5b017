import { parse } from 'csv-parse/sync';
import { displayWidth } from '../../src/cli/displayWidth';
import { CliCoverageDocument, CliUnpairedVillagesDocument } from '../../src/generated/operations';
import { todayInChina } from '../../src/graphql/DateScalar';
import { cypher } from '../support/testDatabase';
import type { TestServer } from '../support/testServer';
import { buildAndServe, cli } from './cliHarness';

/** `pairing-graph coverage --region` and `gaps --region` (issue #13): any level, the child regions in the table. */

let t: TestServer;
let url: string;
beforeAll(async () => {
  ({ t, url } = await buildAndServe());
}, 180_000);
afterAll(() => t?.close());

/** Returns the sections of a coverage report: the title, then each table's heading and lines. */
function sections(stdout: string) {
  const [title, ...rest] = stdout.split('\n\n');
  return {
    title,
    tables: rest.map((section) => {
      const [heading, ...lines] = section.split('\n').filter(Boolean);
      expect(new Set(lines.map(displayWidth)).size).toBe(1);
      return { heading, lines };
    }),
  };
}

describe('pairing-graph coverage --region', () => {
  it('a province by county: one row per county, named after the level, with the totals row', async () => {
    const api = (await t.execute(CliCoverageDocument, { region: '15', by: 'COUNTY' })).data!.coverage;
    expect(api.children.length).toBeGreaterThan(0);
    const r = await cli(['coverage', '--region', '15', '--by', 'county', '--url', url]);
    expect(r.status).toBe(0);
    const { title, tables } = sections(r.stdout);
    expect(title).toBe(`内蒙古自治区（150000000000）结对覆盖，统计日期 ${api.activeOn}`);
    const [children] = tables;
    expect(children.heading).toBe('按县级区划');
    expect(children.lines[0]).toMatch(/^县级区划代码\s+县级区划\s+村数\s+已结对村\s+未结对村\s+示范村\s+已结对示范村\s+未结对示范村\s+县级区划本身结对\s*$/);
    const rows = children.lines.slice(2).map((l) => l.trim().split(/\s+/));
    expect(rows.map((x) => [x[0], x[1], Number(x[2]), Number(x[4])])).toEqual(
      [...api.children, { ...api.total, name: '合计' }].map((x) => [x.code, x.name, x.villages, x.unpaired]),
    );
    expect(rows[0].slice(0, 2)).toEqual(['150921000000', '卓资县']);
    expect(Number(rows.at(-1)![2])).toBeGreaterThan(100);
  });

  it('a prefecture by default lists its counties; English headers with --lang en; csv and json are the API data', async () => {
    const api = (await t.execute(CliCoverageDocument, { region: '1509', activeOn: '2024-01-01' })).data!.coverage;
    const en = await cli(['coverage', '--region', '1509', '--date', '2024-01-01', '--lang', 'en', '--url', url]);
    expect(en.status).toBe(0);
    const { title, tables } = sections(en.stdout);
    expect(title).toBe('Pairing coverage of 乌兰察布市 (150900000000) on 2024-01-01');
    expect(tables[0].heading).toBe('By county');
    expect(tables[0].lines[0]).toMatch(/^Code\s+County\s+Villages\s.*County paired\s*$/);
    const csv = await cli(['coverage', '--region', '1509', '--date', '2024-01-01', '--format', 'csv', '--url', url]);
    const [header, ...rows] = parse(csv.stdout, { bom: true }) as string[][];
    expect(header.slice(0, 2)).toEqual(['县级区划代码', '县级区划']);
    expect(rows.map((row) => [row[0], Number(row[2]), Number(row[3])])).toEqual([...api.children, api.total].map((x) => [x.code, x.villages, x.paired]));
    const json = await cli(['coverage', '--region', '1509', '--date', '2024-01-01', '--format', 'json', '--url', url]);
    expect(JSON.parse(json.stdout)).toEqual(api);
  });

  it('a county by --region prints what --county prints', async () => {
    const byRegion = await cli(['coverage', '--region', '150921', '--date', '2024-01-01', '--url', url]);
    const byCounty = await cli(['coverage', '--county', '150921', '--date', '2024-01-01', '--url', url]);
    expect(byRegion.status).toBe(0);
    expect(byRegion.stdout).toBe(byCounty.stdout);
    expect(sections(byRegion.stdout).tables[0].heading).toBe('按乡镇');
  });
});

describe('pairing-graph gaps --region', () => {
  it('a province: every unpaired village below it, with its county, as table and csv', async () => {
    const expected = (
      await cypher<{ id: string }>(
        t.driver,
        `MATCH (v:Region {kind: 'VILLAGE'})-[:PART_OF*]->(:Region {id: '150000000000'})
         WHERE NOT EXISTS { MATCH (v)<-[:SUPPORTED]-(p:Pairing) WHERE (p.since IS NULL OR p.since <= date($on)) AND (p.until IS NULL OR p.until >= date($on)) }
         RETURN v.id AS id ORDER BY v.id`,
        { on: todayInChina() },
      )
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(4);
    const table = await cli(['gaps', '--region', '15', '--all', '--url', url]);
    expect(table.status).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^村代码\s+村名称\s+乡镇代码\s+乡镇\s+县代码\s+县\s+示范村\s+现有结对方数\s+已有结对类型\s*$/);
    expect(lines.slice(2).map((l) => l.split(/\s+/)[0])).toEqual(expected);
    expect(lines.slice(2).every((l) => l.includes(' 150921000000 ') && l.includes(' 卓资县 '))).toBe(true);
    expect(table.stderr).toBe(`共 ${expected.length} 个未结对村\n`);
    const csv = await cli(['gaps', '--region', '15', '--all', '--format', 'csv', '--url', url]);
    const [header, ...rows] = parse(csv.stdout, { bom: true }) as string[][];
    expect(header.slice(4, 6)).toEqual(['县代码', '县']);
    const api = (await t.execute(CliUnpairedVillagesDocument, { region: '15', demonstrationOnly: false })).data!.unpairedVillages;
    expect(rows.map((row) => [row[0], row[2], row[4], row[5]])).toEqual(api.map((v) => [v.unit.id, v.townshipCode, v.countyCode, v.countyName]));
  });

  it('a township by --region: only its villages', async () => {
    const r = await cli(['gaps', '--region', '150921212', '--all', '--format', 'json', '--url', url]);
    expect(r.status).toBe(0);
    const villages = JSON.parse(r.stdout) as { unit: { id: string }; townshipCode: string }[];
    expect(villages.length).toBeGreaterThan(0);
    expect(new Set(villages.map((v) => v.townshipCode))).toEqual(new Set(['150921212000']));
  });
});

describe('what is wrong is named', () => {
  it.each([
    [['coverage', '--region', '150'], /--region.*"150"/],
    [['gaps', '--region', '1509211'], /--region.*"1509211"/],
    [['coverage', '--region', '15', '--county', '150921'], /--region 与 --county 只能给一个/],
    [['gaps', '--region', '15', '--county', '150921'], /--region 与 --county 只能给一个/],
    [['coverage', '--region', '15', '--by', 'PROVINCE'], /--by.*"PROVINCE"/],
    [['coverage'], /--region（或已弃用的 --county）/],
  ])('%j exits 2 before any request', async (args, message) => {
    const r = await cli([...args, '--url', 'http://127.0.0.1:1/graphql']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('the service refuses a --by not below the region (exit 5) and an unknown region (exit 4)', async () => {
    const by = await cli(['coverage', '--region', '150921', '--by', 'COUNTY', '--url', url]);
    expect(by.status).toBe(5);
    expect(by.stderr).toContain('by:');
    const unknown = await cli(['gaps', '--region', '990000000000', '--url', url]);
    expect(unknown.status).toBe(4);
    expect(unknown.stderr).toContain('990000000000');
  });

  it.each(['coverage', 'gaps'])('%s --help shows --region and --county as deprecated', async (name) => {
    const zh = await cli([name, '--help']);
    expect(zh.stdout).toContain(`pairing-graph ${name} --region CODE`);
    expect(zh.stdout).toMatch(/--region CODE\s+区域的区划代码/);
    expect(zh.stdout).toMatch(/--county CODE\s+（已弃用，请用 --region）/);
    const en = await cli([name, '--help', '--lang', 'en']);
    expect(en.stdout).toMatch(/--county CODE\s+\(deprecated: use --region\)/);
    if (name === 'coverage') expect(en.stdout).toMatch(/--by LEVEL\s+the level of the rows/);
  });
});
