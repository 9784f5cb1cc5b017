import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import type { Database } from '../../src/db/Database';
import { exportRoster, fileInput, importRecord, importRosters, rosterFileWriter, type ImportResult, type RosterProblem } from '../../src/roster';
import type { SeedGraph } from '../../src/seed/SeedGraph';
import { writeGraph } from '../../src/seed/writeGraph';
import { cypher, testDatabase, testDriver } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { fingerprint, writeCsv, writeXlsx, type Cell } from './rosterFiles';

const P = `rt${process.pid}`;
const UNIT_HEADERS = ['单位编码', '单位名称', '类型', '所在地区编码', '替换占位单位', '示范村'];
const PAIRING_HEADERS = ['结对编码', '支援方单位编码', '受援方单位编码', '结对类型', '领域', '开始日期', '结束日期', '所属协议', '备注'];
const VILLAGE = '150921212210'; // 拐角铺村委会

let driver: Driver;
let db: Database;
let dir: string;
let server: TestServer;
let savedVillage: Record<string, unknown>;

beforeAll(async () => {
  driver = testDriver();
  db = testDatabase(driver);
  dir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-roster-'));
  server = await startTestServer();
  [{ props: savedVillage }] = await cypher<{ props: Record<string, unknown> }>(driver, 'MATCH (v:Region {id: $id}) RETURN properties(v) AS props', { id: VILLAGE });
}, 120_000);

afterAll(async () => {
  await cleanUp();
  await cypher(driver, 'MATCH (v:Region {id: $id}) SET v = $props', { id: VILLAGE, props: savedVillage });
  await server?.close();
  await driver.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Removes every node this file created: ids and Source titles start with P. */
async function cleanUp(): Promise<void> {
  await cypher(driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $p OR n.replacedPlaceholder STARTS WITH $p DETACH DELETE n', { p: P });
  // The imports' sources and their audit entries.
  await cypher(driver, "MATCH (s:Source {kind: 'IMPORT'}) WHERE s.title STARTS WITH $p OPTIONAL MATCH (c:Change {source: s.id}) DETACH DELETE c, s", { p: P });
}

const file = (name: string) => path.join(dir, `${P}-${name}`);
const run = (files: string[], options: Partial<Parameters<typeof importRosters>[2]> = {}, kinds: ('units' | 'pairings' | undefined)[] = []) =>
  importRosters(
    db,
    files.map((f, i) => fileInput(f, { kind: kinds[i] })),
    { importedBy: 'tester', ...options },
  );
const totals = (r: ImportResult) => ({
  created: r.rosters.reduce((n, x) => n + x.created, 0),
  updated: r.rosters.reduce((n, x) => n + x.updated, 0),
  unchanged: r.rosters.reduce((n, x) => n + x.unchanged, 0),
});

/** Returns whether `problems` hold one at `row` in `column` with `code`. */
function has(problems: readonly RosterProblem[], row: number, column: string, code: string): boolean {
  return problems.some((p) => p.row === row && p.column === column && p.code === code);
}

describe('import of valid rosters in every encoding and format', () => {
  const rostersOf = (tag: string, xlsx: boolean): { units: Cell[][]; pairings: Cell[][] } => ({
    units: [
      UNIT_HEADERS,
      [`${P}-${tag}-S1`, `北京市朝阳区${tag}实验学校`, '学校', xlsx ? 110105 : '110105', null, null],
      [`${P}-${tag}-S2`, `卓资县${tag}中学`, 'SCHOOL', xlsx ? 150921000000 : '150921000000', null, null],
      [`${P}-${tag}-E1`, `北京${tag}科技有限公司`, '企业', '110105004000', null, null],
    ],
    pairings: [
      PAIRING_HEADERS,
      [`${P}-${tag}-P1`, `${P}-${tag}-S1`, `${P}-${tag}-S2`, '学校—学校', null, xlsx ? new Date(Date.UTC(2023, 7, 22)) : '2023/8/22', null, 'agreement-2023-2025', '测试，含逗号与"引号"'],
      [`${P}-${tag}-P2`, `${P}-${tag}-E1`, VILLAGE, '企业-村', '产业', '2024-01-01', '2026-12-31', null, null],
    ],
  });

  it.each(['utf8', 'utf8bom', 'gb18030', 'xlsx'] as const)('%s: creates the units and pairings, with provenance, and a second import changes nothing', async (tag) => {
    const data = rostersOf(tag, tag === 'xlsx');
    const files =
      tag === 'xlsx'
        ? [await writeXlsx(file(`${tag}-units.xlsx`), data.units), await writeXlsx(file(`${tag}-pairings.xlsx`), data.pairings)]
        : [await writeCsv(file(`${tag}-units.csv`), data.units, tag), await writeCsv(file(`${tag}-pairings.csv`), data.pairings, tag)];
    // Pairings listed first: units rosters are imported first whatever the order.
    const result = await run([files[1], files[0]]);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.written).toBe(true);
    expect(totals(result)).toEqual({ created: 5, updated: 0, unchanged: 0 });
    if (tag !== 'xlsx') expect(result.rosters.map((r) => r.info?.encoding)).toEqual([tag === 'gb18030' ? 'gb18030' : 'utf8', tag === 'gb18030' ? 'gb18030' : 'utf8']);

    const [unit] = await cypher<Record<string, unknown>>(
      driver,
      `MATCH (u:Unit:Organization {id: $id})-[l:LOCATED_IN]->(r:Region)
       MATCH (s:Source {id: u.source})
       RETURN u.name AS name, u.kind AS kind, u.side AS side, u.provenance AS provenance, u.importedFrom AS importedFrom,
              u.importedRow AS importedRow, u.importedBy AS importedBy, u.importedAt IS NOT NULL AS at, u.pinyin AS pinyin,
              r.id AS region, l.provenance AS lp, s.kind AS sourceKind, s.title AS title, s.importedBy AS by`,
      { id: `${P}-${tag}-S1` },
    );
    expect(unit).toEqual({
      name: `北京市朝阳区${tag}实验学校`,
      kind: 'SCHOOL',
      side: 'SUPPORTING',
      provenance: 'IMPORTED',
      importedFrom: path.basename(files[0]),
      importedRow: 2,
      importedBy: 'tester',
      at: true,
      pinyin: expect.stringMatching(/^beijingshichaoyangqu/),
      region: '110105000000',
      lp: 'IMPORTED',
      sourceKind: 'IMPORT',
      title: path.basename(files[0]),
      by: 'tester',
    });
    const pairings = await cypher<Record<string, unknown>>(
      driver,
      `MATCH (s)<-[:SUPPORTER]-(p:Pairing)-[:SUPPORTED]->(t) WHERE p.id STARTS WITH $p
       RETURN p.id AS id, s.id AS s, t.id AS t, p.kind AS kind, p.sector AS sector, toString(p.since) AS since, toString(p.until) AS until,
              p.agreementId AS agreement, p.note AS note, p.provenance AS provenance, p.importedRow AS row,
              EXISTS { (p)-[:IN_COOPERATION]->(:Cooperation {id: 'cooperation-chaoyang-zhuozi'}) } AS inCooperation
       ORDER BY id`,
      { p: `${P}-${tag}-` },
    );
    expect(pairings).toEqual([
      { id: `${P}-${tag}-P1`, s: `${P}-${tag}-S1`, t: `${P}-${tag}-S2`, kind: 'SCHOOL_SCHOOL', sector: 'EDUCATION', since: '2023-08-22', until: null, agreement: 'agreement-2023-2025', note: '测试，含逗号与"引号"', provenance: 'IMPORTED', row: 2, inCooperation: true },
      { id: `${P}-${tag}-P2`, s: `${P}-${tag}-E1`, t: VILLAGE, kind: 'ENTERPRISE_VILLAGE', sector: 'INDUSTRY', since: '2024-01-01', until: '2026-12-31', agreement: null, note: null, provenance: 'IMPORTED', row: 3, inCooperation: true },
    ]);

    const before = await fingerprint(driver);
    const again = await run(files);
    expect(again.ok).toBe(true);
    expect(again.written).toBe(false);
    expect(totals(again)).toEqual({ created: 0, updated: 0, unchanged: 5 });
    expect(await fingerprint(driver)).toEqual(before);
  });
});

describe('rosters full of mistakes', () => {
  it('reports every mistake with its row and column, and writes nothing at all', async () => {
    const units = await writeCsv(file('bad-units.csv'), [
      [...UNIT_HEADERS, '联系人'],
      [`${P}-bad-OK`, '北京市朝阳区正确学校', '学校', '110105000000', null, null, '张三'],
      [`${P}-bad-OK`, '重复编码的学校', '学校', '110105000000', null, null, null],
      [`${P}-bad-REGION`, '区划不存在的学校', '学校', '110105999999', null, null, null],
      [`${P}-bad-KIND`, '类型不对的单位', '工厂', '110105000000', null, null, null],
      [null, '没有编码的学校', '学校', '110105000000', null, null, null],
      [`${P}-bad-SCI`, '编码被 Excel 改坏的学校', '学校', '1.10105E+11', null, null, null],
      [`${P}-bad-DIV`, '想新建的村', '村', '110105000000', null, null, null],
      [`${P}-bad-PH`, '替换不存在占位单位的学校', '学校', '110105000000', 'NO-SUCH-PLACEHOLDER', null, null],
      [`${P}-bad-DEMO`, '示范村写错的学校', '学校', '110105000000', null, '也许', null],
      [VILLAGE, '拐角铺村委会改名', '村', '150921212000', null, null, null],
      [`${P}-bad-NONAME`, null, '学校', '110105000000', null, null, null],
    ]);
    const pairings = await writeCsv(
      file('bad-pairings.csv'),
      [
        PAIRING_HEADERS,
        [`${P}-badp-OK`, `${P}-bad-OK`, 'ZZ-SCHOOL-01', '学校—学校', null, '2024-01-01', null, null, null],
        [`${P}-badp-UNIT`, 'NO-SUCH-UNIT', 'ZZ-SCHOOL-01', '学校—学校', null, null, null, null, null],
        [`${P}-badp-SIDES`, 'ZZ-SCHOOL-02', 'CY-SCHOOL-02', '学校—学校', null, null, null, null, null],
        [`${P}-badp-SAME`, 'CY-SCHOOL-03', 'CY-SCHOOL-03', '学校—学校', null, null, null, null, null],
        [`${P}-badp-DATE`, 'CY-SCHOOL-04', 'ZZ-SCHOOL-04', '学校—学校', null, '2023-02-30', null, null, null],
        [`${P}-badp-ORDER`, 'CY-SCHOOL-05', 'ZZ-SCHOOL-05', '学校—学校', null, '2024-05-01', '2024-04-30', null, null],
        [`${P}-badp-KIND`, 'CY-SCHOOL-06', 'ZZ-SCHOOL-06', '医院—医院', null, null, null, null, null],
        ['pairing-cz-001', 'CY-SCHOOL-01', 'ZZ-SCHOOL-02', '学校—学校', null, null, null, null, null],
        [`${P}-badp-OK`, 'CY-SCHOOL-07', 'ZZ-SCHOOL-07', '学校—学校', null, null, null, null, null],
        [`${P}-badp-AGR`, 'CY-SCHOOL-08', 'ZZ-SCHOOL-08', '学校—学校', null, null, null, 'NO-SUCH-AGREEMENT', null],
        [`${P}-badp-SECTOR`, 'CY-SCHOOL-09', 'ZZ-SCHOOL-09', '学校—学校', '农业', null, null, null, null],
        [`${P}-badp-NOKIND`, 'CY-SCHOOL-09', 'ZZ-SCHOOL-09', '学校对学校', null, null, null, null, null],
      ],
      'gb18030',
    );
    const missing = await writeCsv(file('bad-missing-column.csv'), [
      ['结对编码', '支援方单位编码', '结对类型'],
      [`${P}-badm-1`, 'CY-SCHOOL-01', '学校—学校'],
    ]);
    const before = await fingerprint(driver);
    const result = await run([units, pairings, missing]);
    expect(result.ok).toBe(false);
    expect(result.written).toBe(false);
    const p = result.problems;
    const expected: [string, number, string, string][] = [
      ['units', 3, '单位编码', 'DUPLICATE_ID'],
      ['units', 4, '所在地区编码', 'UNKNOWN_REGION'],
      ['units', 5, '类型', 'BAD_KIND'],
      ['units', 6, '单位编码', 'REQUIRED'],
      ['units', 7, '所在地区编码', 'BAD_REGION'],
      ['units', 8, '类型', 'KIND_NOT_IMPORTABLE'],
      ['units', 9, '替换占位单位', 'UNKNOWN_PLACEHOLDER'],
      ['units', 10, '示范村', 'BAD_BOOLEAN'],
      ['units', 11, '单位名称', 'DIVISION_READONLY'],
      ['units', 12, '单位名称', 'REQUIRED'],
      ['pairings', 3, '支援方单位编码', 'UNKNOWN_UNIT'],
      ['pairings', 4, '支援方单位编码', 'WRONG_SIDE'],
      ['pairings', 4, '受援方单位编码', 'WRONG_SIDE'],
      ['pairings', 5, '受援方单位编码', 'SAME_UNIT'],
      ['pairings', 6, '开始日期', 'BAD_DATE'],
      ['pairings', 7, '结束日期', 'UNTIL_BEFORE_SINCE'],
      ['pairings', 8, '支援方单位编码', 'KIND_MISMATCH'],
      ['pairings', 8, '受援方单位编码', 'KIND_MISMATCH'],
      ['pairings', 9, '受援方单位编码', 'UNITS_CHANGED'],
      ['pairings', 10, '结对编码', 'DUPLICATE_ID'],
      ['pairings', 11, '所属协议', 'UNKNOWN_AGREEMENT'],
      ['pairings', 12, '领域', 'BAD_SECTOR'],
      ['pairings', 13, '结对类型', 'BAD_PAIRING_KIND'],
    ];
    for (const [which, row, column, code] of expected) {
      const name = path.basename(which === 'units' ? units : pairings);
      expect([which, row, column, code, p.some((x) => x.file === name && x.row === row && x.column === column && x.code === code)]).toEqual([which, row, column, code, true]);
    }
    expect(has(p, 1, '受援方单位编码', 'MISSING_COLUMN')).toBe(true);
    // The valid rows (2) have no problem; every problem names its file, and says why in both languages.
    expect(p.filter((x) => x.row === 2)).toEqual([]);
    for (const x of p) expect([x.file, x.reason.zh.length > 0, x.reason.en.length > 0]).toEqual([expect.stringContaining(P), true, true]);
    expect(p.find((x) => x.code === 'BAD_REGION')?.value).toBe('1.10105E+11');
    expect(result.rosters.find((r) => r.name.endsWith('bad-units.csv'))?.unknownColumns).toEqual(['联系人']);
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('reports a GBK file read as UTF-8 and an unreadable CSV, and writes nothing', async () => {
    const gbk = await writeCsv(file('gbk-as-utf8.csv'), [['id', 'name', 'kind', 'region'], [`${P}-enc-1`, '北京市朝阳区编码测试学校', '学校', '110105000000']], 'gb18030');
    // A quote left open: what a hand-edited CSV can hold; the rows after it cannot be read.
    const broken = file('broken.csv');
    writeFileSync(broken, `${UNIT_HEADERS.join(',')}\r\n${P}-brk-1,"未闭合的引号,学校,110105000000,,\r\n`);
    const before = await fingerprint(driver);
    const forced = await importRosters(db, [fileInput(gbk, { encoding: 'utf8' }), fileInput(broken)], { importedBy: 'tester' });
    expect(forced.ok).toBe(false);
    expect(forced.problems.map((x) => [x.row, x.code])).toEqual(
      expect.arrayContaining([
        [2, 'BAD_ENCODING'],
        [2, 'CSV_SYNTAX'],
      ]),
    );
    expect(await fingerprint(driver)).toEqual(before);
    // Detected, the same GBK file reads right.
    const detected = await run([gbk], { dryRun: true });
    expect(detected.problems).toEqual([]);
    expect(detected.rosters[0].info).toMatchObject({ encoding: 'gb18030', encodingDetected: true });
  });
});

describe('dry run, batches and single records', () => {
  it('--dry-run counts what would be created, updated and left unchanged, and writes nothing', async () => {
    const first = await writeCsv(file('dry-1.csv'), [
      UNIT_HEADERS,
      [`${P}-dry-1`, '北京市朝阳区试运行学校一', '学校', '110105000000', null, null],
      [`${P}-dry-2`, '北京市朝阳区试运行学校二', '学校', '110105000000', null, null],
    ]);
    expect((await run([first])).ok).toBe(true);
    const second = await writeCsv(file('dry-2.csv'), [
      UNIT_HEADERS,
      [`${P}-dry-1`, '北京市朝阳区试运行学校一', '学校', '110105000000', null, null],
      [`${P}-dry-2`, '北京市朝阳区试运行学校二（更名）', '学校', '110105004000', null, null],
      [`${P}-dry-3`, '北京市朝阳区试运行学校三', '学校', '110105000000', null, null],
      [VILLAGE, '拐角铺村委会', '村', '150921212000', null, savedVillage.demonstration ? '否' : '是'],
    ]);
    const before = await fingerprint(driver);
    const plans: { id: string; action: string; changes: string[] }[] = [];
    const dry = await run([second], { dryRun: true, onRow: (p) => plans.push({ id: p.id, action: p.action, changes: p.changes }) });
    expect(dry.ok).toBe(true);
    expect(dry.written).toBe(false);
    expect(totals(dry)).toEqual({ created: 1, updated: 2, unchanged: 1 });
    expect(plans).toEqual([
      { id: `${P}-dry-1`, action: 'unchanged', changes: [] },
      { id: `${P}-dry-2`, action: 'update', changes: ['name', 'region'] },
      { id: `${P}-dry-3`, action: 'create', changes: ['name', 'kind', 'region'] },
      { id: VILLAGE, action: 'update', changes: ['demonstration'] },
    ]);
    expect(await fingerprint(driver)).toEqual(before);

    // Written for real, in batches of one row each: the same outcome, then nothing left to do.
    const real = await run([second], { singleTransactionRows: 0, batchSize: 1 });
    expect(real.transactions).toBe('batched');
    expect(totals(real)).toEqual({ created: 1, updated: 2, unchanged: 1 });
    const [village] = await cypher<{ d: boolean; dp: string; src: string }>(driver, 'MATCH (v:Region {id: $id}) RETURN v.demonstration AS d, v.demonstrationProvenance AS dp, v.provenance AS src', { id: VILLAGE });
    expect(village).toEqual({ d: !savedVillage.demonstration, dp: 'IMPORTED', src: 'REPORTED' });
    const [moved] = await cypher<{ r: string; n: string; lp: string }>(driver, 'MATCH (u:Unit {id: $id})-[l:LOCATED_IN]->(r) RETURN r.id AS r, u.name AS n, l.provenance AS lp', { id: `${P}-dry-2` });
    expect(moved).toEqual({ r: '110105004000', n: '北京市朝阳区试运行学校二（更名）', lp: 'IMPORTED' });
    expect(totals(await run([second], { dryRun: true }))).toEqual({ created: 0, updated: 0, unchanged: 4 });
  });

  it('imports one record given as fields (the mutations path), naming the field of each problem', async () => {
    const bad = await importRecord(db, 'units', { id: `${P}-rec-1`, name: '北京市朝阳区单条测试学校', kind: '学校', region: '999999' }, { importedBy: 'api' });
    expect(bad.ok).toBe(false);
    expect(bad.problems.map((x) => [x.field, x.code])).toEqual([['region', 'UNKNOWN_REGION']]);
    const dry = await importRecord(db, 'units', { id: `${P}-rec-1`, name: '北京市朝阳区单条测试学校', kind: 'SCHOOL', region: '110105' }, { importedBy: 'api', dryRun: true });
    expect(dry).toMatchObject({ ok: true, plan: { id: `${P}-rec-1`, action: 'create', roster: 'units' }, sourceId: null });
    const done = await importRecord(db, 'units', { id: `${P}-rec-1`, name: '北京市朝阳区单条测试学校', kind: 'SCHOOL', region: '110105' }, { importedBy: 'api', sourceTitle: `${P}-graphql` });
    expect(done.ok).toBe(true);
    expect(done.sourceId).toMatch(/^import-/);
    const pairing = await importRecord(db, 'pairings', { id: `${P}-rec-p`, supporting: `${P}-rec-1`, supported: 'ZZ-SCHOOL-01', since: 'soon' }, { importedBy: 'api' });
    expect(pairing.problems.map((x) => [x.field, x.column, x.code])).toEqual([['since', 'since', 'BAD_DATE']]);
  });
});

describe('a real unit in place of a placeholder', () => {
  const PH = `${P}-PH`;
  const graph: SeedGraph = {
    nodes: [
      { labels: ['Node', 'Unit', 'Organization'], id: PH, props: { id: PH, name: '朝阳区结对学校 99', kind: 'SCHOOL', side: 'SUPPORTING', provenance: 'PLACEHOLDER', source: 'report-2023-08-22' } },
      { labels: ['Node', 'Unit', 'Organization'], id: `${PH}Z`, props: { id: `${PH}Z`, name: '卓资县结对学校 99', kind: 'SCHOOL', side: 'SUPPORTED', provenance: 'PLACEHOLDER', source: 'report-2023-08-22' } },
      { labels: ['Node', 'Pairing'], id: `${PH}P`, props: { id: `${PH}P`, kind: 'SCHOOL_SCHOOL', sector: 'EDUCATION', status: 'ACTIVE', provenance: 'PLACEHOLDER', source: 'report-2023-08-22' } },
    ],
    relationships: [
      { type: 'LOCATED_IN', from: PH, to: '110105000000', props: { provenance: 'PLACEHOLDER', source: 'seed-placeholder' } },
      { type: 'LOCATED_IN', from: `${PH}Z`, to: '150921000000', props: { provenance: 'PLACEHOLDER', source: 'seed-placeholder' } },
      { type: 'SUPPORTER', from: `${PH}P`, to: PH, props: { provenance: 'PLACEHOLDER', source: 'seed-placeholder' } },
      { type: 'SUPPORTED', from: `${PH}P`, to: `${PH}Z`, props: { provenance: 'PLACEHOLDER', source: 'seed-placeholder' } },
    ],
  };

  async function counterparts(unitId: string): Promise<{ unit: { id: string; name: string; provenance: string }; pairing: { id: string } }[]> {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query($id: ID!) { counterparts(unitId: $id) { unit { id name provenance } pairing { id } } }', variables: { id: unitId } }),
    });
    const body = (await res.json()) as { data: { counterparts: { unit: { id: string; name: string; provenance: string }; pairing: { id: string } }[] } };
    return body.data.counterparts;
  }

  it('takes its place: the pairing moves with it, provenance IMPORTED with file, row, time and who; twice changes nothing; a seed reload does not bring the placeholder back', async () => {
    await db.write((tx) => writeGraph(tx, graph));
    expect(await counterparts(`${PH}Z`)).toEqual([{ unit: { id: PH, name: '朝阳区结对学校 99', provenance: 'PLACEHOLDER' }, pairing: { id: `${PH}P` } }]);
    const units = await writeCsv(file('replace-units.csv'), [UNIT_HEADERS, [`${P}-REAL`, '北京市朝阳区实验中学测试分校', '学校', '110105004000', PH, null]]);
    const started = Date.now();
    const result = await run([units], { importedBy: '数据专员' });
    expect(result.problems).toEqual([]);
    expect(result.rosters[0]).toMatchObject({ created: 0, updated: 1, replaced: 1 });

    expect(await cypher(driver, 'MATCH (n:Node {id: $id}) RETURN n.id AS id', { id: PH })).toEqual([]);
    const [real] = await cypher<Record<string, unknown>>(
      driver,
      `MATCH (u:Unit:Organization {id: $id})-[:LOCATED_IN]->(r)
       RETURN u.name AS name, u.provenance AS provenance, u.replacedPlaceholder AS replaced, u.importedFrom AS file, u.importedRow AS row,
              u.importedBy AS who, u.importedAt.epochMillis AS at, r.id AS region, COUNT { (u)<-[:SUPPORTER]-(:Pairing {id: $pairing}) } AS pairings`,
      { id: `${P}-REAL`, pairing: `${PH}P` },
    );
    expect(real).toMatchObject({ name: '北京市朝阳区实验中学测试分校', provenance: 'IMPORTED', replaced: PH, file: path.basename(units), row: 2, who: '数据专员', region: '110105004000', pairings: 1 });
    expect(Math.abs((real.at as number) - started)).toBeLessThan(60_000);
    expect(await counterparts(`${PH}Z`)).toEqual([{ unit: { id: `${P}-REAL`, name: '北京市朝阳区实验中学测试分校', provenance: 'IMPORTED' }, pairing: { id: `${PH}P` } }]);

    const after = await fingerprint(driver);
    expect(totals(await run([units]))).toEqual({ created: 0, updated: 0, unchanged: 1 });
    // The seed writes its placeholders again on a reload: the replaced one stays replaced.
    await db.write((tx) => writeGraph(tx, graph));
    expect(await fingerprint(driver)).toEqual(after);

    // A pairing may not name the replaced placeholder any more; a second replacement of it is refused.
    const stale = await writeCsv(file('replace-stale.csv'), [PAIRING_HEADERS, [`${P}-stale`, PH, 'ZZ-SCHOOL-01', null, null, null, null, null, null]]);
    const twice = await writeCsv(file('replace-twice.csv'), [UNIT_HEADERS, [`${P}-REAL2`, '另一所学校', '学校', '110105000000', PH, null]]);
    const refused = await run([stale, twice]);
    expect(refused.problems.map((x) => [x.column, x.code])).toEqual([
      ['支援方单位编码', 'UNIT_REPLACED'],
      ['替换占位单位', 'ALREADY_REPLACED'],
    ]);
    expect(await fingerprint(driver)).toEqual(after);

    // A placeholder corrected in place (same id, real name, a township as location): a seed reload leaves it as imported.
    const corrected = await writeCsv(file('correct-in-place.csv'), [UNIT_HEADERS, [`${PH}Z`, '卓资县第二中学测试', '学校', '150921212', null, null]]);
    expect(totals(await run([corrected]))).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const fixed = await fingerprint(driver);
    await db.write((tx) => writeGraph(tx, graph));
    expect(await fingerprint(driver)).toEqual(fixed);
    expect(await cypher(driver, 'MATCH (u:Unit {id: $id})-[:LOCATED_IN]->(r) RETURN r.id AS r, u.provenance AS p', { id: `${PH}Z` })).toEqual([{ r: '150921212000', p: 'IMPORTED' }]);
  });
});

describe('round trip: export, then import into the same database', () => {
  it.each(['csv', 'xlsx'] as const)('%s: importing the export changes nothing (counts and properties)', async (format) => {
    const before = await fingerprint(driver);
    const units = file(`export-units.${format}`);
    const pairings = file(`export-pairings.${format}`);
    const unitRows = await exportRoster(db, 'units', rosterFileWriter(units, 'units', format, 'zh'), 'zh');
    const pairingRows = await exportRoster(db, 'pairings', rosterFileWriter(pairings, 'pairings', format, 'zh'), 'zh');
    const [counts] = await cypher<{ units: number; pairings: number }>(
      driver,
      "MATCH (u:Unit) WHERE NOT u:Region OR (u.level = 'VILLAGE' AND u.demonstration IS NOT NULL) WITH count(u) AS units MATCH (p:Pairing) RETURN units, count(p) AS pairings",
    );
    expect({ units: unitRows, pairings: pairingRows }).toEqual(counts);
    const result = await run([units, pairings]);
    expect(result.problems).toEqual([]);
    expect(totals(result)).toEqual({ created: 0, updated: 0, unchanged: unitRows + pairingRows });
    expect(result.written).toBe(false);
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('the English export reads back the same', async () => {
    const before = await fingerprint(driver);
    const units = file('export-units-en.csv');
    await exportRoster(db, 'units', rosterFileWriter(units, 'units', 'csv', 'en'), 'en');
    const result = await run([units]);
    expect(result.problems).toEqual([]);
    expect(totals(result).created + totals(result).updated).toBe(0);
    expect(await fingerprint(driver)).toEqual(before);
  });
});
