import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Driver } from 'neo4j-driver';
import { freePort } from '../support/globalSetup';
import { cypher, testDriver } from '../support/testDatabase';
import { fingerprint, readXlsx, writeCsv, writeXlsx } from './rosterFiles';
import { runCli, type CliRun } from '../support/runCli';
import { buildDist } from '../support/serviceProcess';

const BOM = '\uFEFF';
const P = `rc${process.pid}`;


/** Runs `node bin/pairing-graph.js …` as a data officer would, with NEO4J_URI of the test database. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, env, { unset: ['PAIRING_GRAPH_LANG'], timeoutMs: 120_000, maxBuffer: 64 * 1024 * 1024 });
}

let driver: Driver;
let dir: string;
const file = (name: string) => path.join(dir, `${P}-${name}`);

beforeAll(() => {
  // What a user's `npm install` (prepare) or `npm run build` does: the build the bin runs.
  buildDist();
  driver = testDriver();
  dir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-roster-cli-'));
}, 180_000);

afterAll(async () => {
  await cypher(driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $p DETACH DELETE n', { p: P });
  // The imports' sources and their audit entries.
  await cypher(driver, "MATCH (s:Source {kind: 'IMPORT'}) WHERE s.title STARTS WITH $p OPTIONAL MATCH (c:Change {source: s.id}) DETACH DELETE c, s", { p: P });
  await driver.close();
  rmSync(dir, { recursive: true, force: true });
});

const UNITS: (string | null)[][] = [
  ['单位编码', '单位名称', '类型', '所在地区编码'],
  [`${P}-S1`, '北京市朝阳区命令行测试学校', '学校', '110105000000'],
  [`${P}-S2`, '卓资县命令行测试学校', '学校', '150921000000'],
];
const PAIRINGS: (string | null)[][] = [
  ['结对编码', '支援方单位编码', '受援方单位编码', '结对类型', '开始日期'],
  [`${P}-P1`, `${P}-S1`, `${P}-S2`, '学校—学校', '2024-03-01'],
];

describe('pairing-graph template', () => {
  it('writes an .xlsx template with Chinese headers, a comment example line and a help sheet; importing it as it is writes nothing', async () => {
    const xlsx = file('template-units.xlsx');
    const r = await cli(['template', 'units', '-o', xlsx]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`已写入模板 ${xlsx}\n`);
    const rows = await readXlsx(xlsx);
    expect(rows[0]).toEqual(['单位编码', '单位名称', '类型', '所在地区编码', '替换占位单位', '示范村']);
    expect(String(rows[1][0])).toMatch(/^# /);
    const before = await fingerprint(driver);
    const imported = await cli(['import', xlsx]);
    expect(imported.status).toBe(0);
    expect(imported.stderr).toContain('数据已是最新');
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('writes CSV (UTF-8 with BOM) in English to stdout or a file, and refuses a bad kind', async () => {
    const out = await cli(['template', 'pairings', '--lang', 'en']);
    expect(out.status).toBe(0);
    expect(out.stdout.startsWith(`${BOM}id,supporting,supported,kind,sector,since,until,agreement,note\r\n# `)).toBe(true);
    const csv = file('template-units-en.csv');
    expect((await cli(['template', 'units', '--lang', 'en', '-o', csv])).status).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toBe(`${BOM}id,name,kind,region,replaces,demonstration`);
    const bad = await cli(['template', 'villages']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('villages');
  });
});

describe('pairing-graph import', () => {
  it('imports valid rosters (exit 0), prints the summary, no progress bar off a terminal; a second run writes nothing', async () => {
    const units = await writeXlsx(file('units.xlsx'), UNITS);
    const pairings = await writeCsv(file('pairings.csv'), PAIRINGS, 'gb18030');
    const r = await cli(['import', pairings, units, '--by', '命令行测试']);
    expect(r.stderr).toMatch(/^已导入：新建 3，更新 0，未变 0（一个事务，用时 [\d.]+ 秒）\n$/);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('\r');
    expect(r.stdout).toMatch(new RegExp(`${P}-units\\.xlsx\\s+单位\\s+2\\s+2\\s+0\\s+0\\s+0\\s+xlsx\\s+import-`));
    expect(r.stdout).toMatch(new RegExp(`${P}-pairings\\.csv\\s+结对\\s+1\\s+1\\s+0\\s+0\\s+0\\s+gb18030（自动识别）`));
    const [row] = await cypher<{ by: string; s: string }>(driver, 'MATCH (p:Pairing {id: $id})-[:SUPPORTER]->(s) RETURN p.importedBy AS by, s.id AS s', { id: `${P}-P1` });
    expect(row).toEqual({ by: '命令行测试', s: `${P}-S1` });

    const before = await fingerprint(driver);
    const again = await cli(['import', units, pairings, '--lang', 'en']);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/^already up to date, nothing written: 0 created, 0 updated, 3 unchanged/);
    expect(await fingerprint(driver)).toEqual(before);

    const json = await cli(['import', units, '--format', 'json', '--dry-run']);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, dryRun: true, written: false, rosters: [{ kind: 'units', rows: 2, unchanged: 2 }] });
  });

  it('lists every problem with file, row, column, value and reason, exits 5 and writes nothing; --report writes them as CSV', async () => {
    const units = await writeCsv(file('bad-units.csv'), [
      ['单位编码', '单位名称', '类型', '所在地区编码'],
      [`${P}-B1`, '北京市朝阳区错误测试学校', '学校', '110105000000'],
      [`${P}-B1`, '重复编码', '学校', '110105000000'],
      [`${P}-B2`, '区划不存在', '学校', '999999'],
    ]);
    const pairings = await writeCsv(file('bad-pairings.csv'), [
      ['结对编码', '支援方单位编码', '受援方单位编码', '结对类型', '开始日期'],
      [`${P}-BP1`, 'ZZ-SCHOOL-01', 'CY-SCHOOL-01', '学校—学校', '2024-13-01'],
    ]);
    const report = file('report.csv');
    const before = await fingerprint(driver);
    const r = await cli(['import', units, pairings, '--report', report]);
    expect(r.status).toBe(5);
    expect(r.stderr).toContain('发现 5 个问题，未写入任何数据');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^文件\s+行\s+列\s+值\s+问题\s*$/);
    expect(lines.slice(2).map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      [`${P}-bad-units.csv`, '3', '单位编码'],
      [`${P}-bad-units.csv`, '4', '所在地区编码'],
      [`${P}-bad-pairings.csv`, '2', '支援方单位编码'],
      [`${P}-bad-pairings.csv`, '2', '受援方单位编码'],
      [`${P}-bad-pairings.csv`, '2', '开始日期'],
    ]);
    expect(await fingerprint(driver)).toEqual(before);
    const text = readFileSync(report, 'utf8');
    expect(text.startsWith(BOM)).toBe(true);
    const [header, ...rows] = parse(text, { bom: true }) as string[][];
    expect(header).toEqual(['文件', '行', '列', '值', '问题']);
    expect(rows.map((x) => [x[1], x[2], x[3]])).toEqual([
      ['3', '单位编码', `${P}-B1`],
      ['4', '所在地区编码', '999999'],
      ['2', '支援方单位编码', 'ZZ-SCHOOL-01'],
      ['2', '受援方单位编码', 'CY-SCHOOL-01'],
      ['2', '开始日期', '2024-13-01'],
    ]);
    expect(existsSync(`${report}.part`)).toBe(false);
  });

  it('--dry-run says what would change, writes nothing, and --report lists every row', async () => {
    const units = await writeCsv(file('dry-units.csv'), [
      ['id', 'name', 'kind', 'region'],
      [`${P}-S1`, '北京市朝阳区命令行测试学校（更名）', 'SCHOOL', '110105000000'],
      [`${P}-D1`, '北京市朝阳区试运行新学校', 'SCHOOL', '110105000000'],
      [`${P}-S2`, '卓资县命令行测试学校', 'SCHOOL', '150921000000'],
    ]);
    const report = file('dry-report.csv');
    const before = await fingerprint(driver);
    const r = await cli(['import', units, '--dry-run', '--report', report]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^试运行，未写入任何数据：将新建 1，将更新 1，未变 1/);
    expect(r.stdout).toMatch(/将新建\s+将更新/);
    expect(r.stdout).toMatch(new RegExp(`${P}-S1\\s+更新\\s+单位名称`));
    expect(await fingerprint(driver)).toEqual(before);
    const rows = (parse(readFileSync(report, 'utf8'), { bom: true }) as string[][]).slice(1);
    expect(rows.map((x) => [x[1], x[2], x[3]])).toEqual([
      ['2', `${P}-S1`, '更新'],
      ['3', `${P}-D1`, '新建'],
      ['4', `${P}-S2`, '未变'],
    ]);
  });

  it.each([
    [['import'], /FILE/],
    [['import', '/no/such/file.csv'], /文件不存在/],
    [['import', __filename], /不支持的文件类型/],
    [['import', 'x.csv', '--encoding', 'latin1'], /--encoding.*"latin1"/],
    [['import', 'x.csv', '--what', 'villages'], /--what.*"villages"/],
  ])('%j exits 2 before touching the database', async (args, message) => {
    const r = await cli(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('exits 2 for a file that is no spreadsheet (a PNG saved as .csv), as the upload endpoint refuses it, writing nothing', async () => {
    const png = file('picture.csv');
    writeFileSync(png, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 0)]));
    const before = await fingerprint(driver);
    const r = await cli(['import', png]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${png}: 不是 CSV 文本文件：文件内容是PNG 图片`);
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('exits 3 naming the database when Neo4j does not answer', async () => {
    const units = await writeCsv(file('unreachable.csv'), UNITS);
    const uri = `bolt://127.0.0.1:${await freePort()}`;
    const r = await cli(['import', units], { NEO4J_URI: uri, NEO4J_CONNECT_TIMEOUT_MS: '2000' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(uri);
    expect(r.stderr).toContain('npm start');
  });

  it('is listed in the help, with its usage', async () => {
    const top = await cli(['--help']);
    for (const name of ['import', 'template']) expect(top.stdout).toContain(`  ${name} `);
    const help = await cli(['import', '--help', '--lang', 'en']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage:\n  pairing-graph import FILE...');
    expect(help.stdout).toContain('NEO4J_URI');
  });
});

describe('pairing-graph export --format csv|xlsx', () => {
  it('writes both rosters into a folder; importing them back changes nothing', async () => {
    const out = file('exported');
    const r = await cli(['export', '--format', 'csv', '-o', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/已写入 .*units\.csv（\d+ 行，\d+ 字节）\n已写入 .*pairings\.csv/);
    const units = path.join(out, 'units.csv');
    expect(readFileSync(units, 'utf8').startsWith(`${BOM}单位编码,单位名称,类型,所在地区编码,替换占位单位,示范村\r\n`)).toBe(true);
    const before = await fingerprint(driver);
    const back = await cli(['import', units, path.join(out, 'pairings.csv')]);
    expect(back.status).toBe(0);
    expect(back.stderr).toMatch(/^数据已是最新，无需写入：新建 0，更新 0，未变 \d+/);
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('writes one roster as .xlsx (codes as text) or CSV to stdout; graph options are refused', async () => {
    const xlsx = file('pairings-export.xlsx');
    expect((await cli(['export', '--format', 'xlsx', '--what', 'pairings', '-o', xlsx])).status).toBe(0);
    const rows = await readXlsx(xlsx);
    expect(rows[0]).toEqual(['结对编码', '支援方单位编码', '受援方单位编码', '结对类型', '领域', '开始日期', '结束日期', '所属协议', '备注']);
    expect(rows.find((x) => x[0] === `${P}-P1`)?.slice(0, 6)).toEqual([`${P}-P1`, `${P}-S1`, `${P}-S2`, '学校—学校', '教育', '2024-03-01']);
    const before = await fingerprint(driver);
    expect((await cli(['import', xlsx])).status).toBe(0);
    expect(await fingerprint(driver)).toEqual(before);

    const stdout = await cli(['export', '--format', 'csv', '--what', 'units', '--lang', 'en']);
    expect(stdout.status).toBe(0);
    expect(stdout.stdout.startsWith(`${BOM}id,name,kind,region,replaces,demonstration\r\n`)).toBe(true);
    expect(stdout.stdout).toContain(`${P}-S1,北京市朝阳区命令行测试学校,SCHOOL,110105000000,,\r\n`);

    for (const args of [['--format', 'csv'], ['--format', 'xlsx', '--what', 'units'], ['--format', 'csv', '--center', '150921212210'], ['--format', 'gexf', '--what', 'units']]) {
      const r = await cli(['export', ...args]);
      expect([args, r.status]).toEqual([args, 2]);
    }
  });
});

describe('pairing-graph import: what it prints of bad values', () => {
  it('cuts a 50 MB cell to a few hundred characters in the table and --report, naming the row and the length', async () => {
    const big = file('big-cell.csv');
    writeFileSync(big, `单位编码,单位名称,类型,所在地区编码\r\n${P}-OK1,北京市朝阳区大单元格测试学校,学校,110105000000\r\n${P}-BIG,${'x'.repeat(50 * 1024 * 1024)},学校,110105000000\r\n`);
    const report = file('big-report.csv');
    const before = await fingerprint(driver);
    const r = await cli(['import', big, '--report', report, '--lang', 'en']);
    expect(r.status).toBe(5);
    expect(r.stdout.length).toBeLessThan(5_000);
    expect(r.stdout).toMatch(new RegExp(`${P}-big-cell\\.csv\\s+3\\s+单位名称\\s+x{10}.*…\\(52,428,800 characters\\)\\s+text too long`));
    expect(readFileSync(report).length).toBeLessThan(5_000);
    const [, row] = parse(readFileSync(report, 'utf8'), { bom: true }) as string[][];
    expect([row[1], row[2], row[3].length < 300, row[3].endsWith('…(52,428,800 characters)')]).toEqual(['3', '单位名称', true, true]);
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('guards values that look like formulas in the --report CSV and in --format csv', async () => {
    const bad = await writeCsv(file('formula-kind.csv'), [
      ['单位编码', '单位名称', '类型', '所在地区编码'],
      [`${P}-FK1`, '北京市朝阳区公式测试学校', '=HYPERLINK("http://example.org","x")', '110105000000'],
      [`${P}-FK2`, '北京市朝阳区公式测试学校二', '学校', '+110105000000'],
    ]);
    const report = file('formula-report.csv');
    const r = await cli(['import', bad, '--report', report]);
    expect(r.status).toBe(5);
    const values = (parse(readFileSync(report, 'utf8'), { bom: true }) as string[][]).slice(1).map((x) => x[3]);
    expect(values).toEqual(['\'=HYPERLINK("http://example.org","x")', "'+110105000000"]);
    const csv = await cli(['import', bad, '--format', 'csv']);
    expect(csv.status).toBe(5);
    expect((parse(csv.stdout, { bom: true }) as string[][]).slice(1).map((x) => x[3])).toEqual(values);
  });
});

describe('pairing-graph import: control characters of the data', () => {
  it('refuses them in names and prints them as \\u001b, never raw, in the table and on stderr', async () => {
    const bad = file('control.csv');
    writeFileSync(bad, `单位编码,单位名称,类型,所在地区编码,备注\u001b]0;x\u0007\r\n${P}-CC1,学校\u001b[2J\u001b[H,学校,110105000000,\r\n`);
    const before = await fingerprint(driver);
    const r = await cli(['import', bad, '--lang', 'en']);
    expect(r.status).toBe(5);
    expect(r.stdout).toContain('学校\\u001b[2J\\u001b[H');
    expect(r.stdout).toMatch(/character 3 is the control character U\+001B/);
    expect(r.stderr).toContain('备注\\u001b]0;x\\u0007');
    // eslint-disable-next-line no-control-regex
    expect([/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(r.stdout), /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(r.stderr)]).toEqual([false, false]);
    expect(await fingerprint(driver)).toEqual(before);
  });
});
