import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import type { Database } from '../../src/db/Database';
import { exportRoster, fileInput, importRosters, rosterFileWriter, writeTemplate, type ImportResult, type RosterProblem } from '../../src/roster';
import { cypher, testDatabase, testDriver } from '../support/testDatabase';
import { writeCsv, writeXlsx, type Cell } from '../roster/rosterFiles';
import { cleanUp, COOPERATION, createPairing, naturalId } from './activityFixtures';

const P = `ar${process.pid}`;
const ACTOR = `${P}-officer`;
const PAIR = `${P}-pair`;
const HEADERS_ZH = ['活动编号', '结对编号', '协作编号', '日期', '形式', '万元', '人次', '人', '期', '个', '参与人员', '备注'];
const HEADERS_EN = ['id', 'pairingId', 'cooperationId', 'date', 'form', 'wanYuan', 'personTimes', 'persons', 'sessions', 'items', 'participants', 'note'];

let driver: Driver;
let db: Database;
let dir: string;

beforeAll(async () => {
  driver = testDriver();
  db = testDatabase(driver);
  dir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-activities-'));
  await createPairing(driver, PAIR, 'pairing-cz-001', '2021-03-01', null);
}, 60_000);

afterAll(async () => {
  await cleanUp(driver, [PAIR], [ACTOR]);
  await cypher(driver, "MATCH (s:Source {kind: 'IMPORT'}) WHERE s.title STARTS WITH $p DETACH DELETE s", { p: P });
  await driver.close();
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string) => path.join(dir, `${P}-${name}`);
const run = (f: string): Promise<ImportResult> => importRosters(db, [fileInput(f)], { importedBy: ACTOR });
/** The activities of this file's pairing, and any whose note is this file's. */
const ledgerOf = () =>
  cypher(driver, 'MATCH (a:Activity)-[:ACTIVITY_OF]->(o) WHERE o.id = $pair OR a.note STARTS WITH $p RETURN a.id AS id, properties(a) AS props ORDER BY id', { pair: PAIR, p: P });
const changesOf = () => cypher<{ n: number }>(driver, 'MATCH (c:Change {actor: $a}) RETURN count(c) AS n', { a: ACTOR }).then((r) => r[0].n);

/** Returns whether `problems` hold one at `row` in `column` with `code` and `value`. */
function has(problems: readonly RosterProblem[], row: number, column: string, code: string, value?: string): boolean {
  return problems.some((p) => p.row === row && p.column === column && p.code === code && (value === undefined || p.value === value));
}

/** The good rows: a training with two measures, a donation in 万元, a visit without measures, a county-wide act. */
const GOOD: Cell[][] = [
  [null, PAIR, null, '2024-05-20', '培训', null, 120, null, 2, null, '卓资县教师', `${P} 教师培训`],
  [null, PAIR, null, '2024/6/1', 'DONATION_MONEY', 12.5, null, null, null, null, null, `${P} 捐款`],
  [`${P}-visit`, PAIR, null, '2023年9月3日', '实地调研', null, null, null, null, null, '校长 3 人', `${P} 调研`],
  [null, null, COOPERATION, '2024-07-01', '项目', 300, null, null, null, 2, null, `${P} 全县项目`],
];
const EXPECTED = [
  { owner: PAIR, date: '2024-05-20', form: 'TRAINING', measures: [{ unit: 'PERSON_TIMES', value: 120 }, { unit: 'SESSIONS', value: 2 }] },
  { owner: PAIR, date: '2024-06-01', form: 'DONATION_MONEY', measures: [{ unit: 'WAN_YUAN', value: 12.5 }] },
  { owner: COOPERATION, date: '2024-07-01', form: 'PROJECT', measures: [{ unit: 'WAN_YUAN', value: 300 }, { unit: 'ITEMS', value: 2 }] },
];

describe('activities roster', () => {
  afterEach(async () => {
    await cleanUp(driver, [], [ACTOR]);
  });

  it('refuses a GB18030 roster with bad rows row by row, naming row, column and value, and writes nothing', async () => {
    const rows: Cell[][] = [
      HEADERS_ZH,
      ['# 示例行', PAIR, null, '2024-05-20', '培训', null, 1, null, 1, null, null, null],
      ...GOOD,
      [null, `${P}-nobody`, null, '2024-05-20', '捐款', 1, null, null, null, null, null, null], // row 7: no such pairing
      [null, PAIR, null, '2020-12-31', '捐款', 1, null, null, null, null, null, null], // row 8: before the pairing began
      [null, PAIR, null, '2024-05-20', '慰问', 1, null, null, null, null, null, null], // row 9: unknown form
      [null, PAIR, null, '2024-05-20', '捐款', '十万', null, null, null, null, null, null], // row 10: not a number
      [null, PAIR, null, '2024-05-20', '捐款', null, 30, null, null, null, null, null], // row 11: 人次 does not fit a donation
      [null, PAIR, null, '2024-05-20', '培训', null, null, null, null, null, null, null], // row 12: a training without measures
      [null, PAIR, null, '2024-05-20', '培训', null, 120, null, 2, null, null, null], // row 13: the same act as row 3
      [null, null, null, '2099-01-01', '捐款', 1, null, null, null, null, null, null], // row 14: no owner, a future date
    ];
    const f = await writeCsv(file('bad.csv'), rows, 'gb18030');
    const before = await ledgerOf();
    const changes = await changesOf();
    const result = await run(f);
    expect(result.ok).toBe(false);
    expect(result.written).toBe(false);
    expect(result.rosters[0].kind).toBe('activities');
    expect(result.rosters[0].info?.encoding).toBe('gb18030');
    const problems = result.problems;
    expect(has(problems, 7, '结对编号', 'UNKNOWN_PAIRING', `${P}-nobody`)).toBe(true);
    expect(has(problems, 8, '日期', 'BAD_DATE', '2020-12-31')).toBe(true);
    expect(has(problems, 9, '形式', 'BAD_FORM', '慰问')).toBe(true);
    expect(has(problems, 10, '万元', 'BAD_AMOUNT', '十万')).toBe(true);
    expect(has(problems, 11, '人次', 'UNIT_NOT_FOR_FORM', '30')).toBe(true);
    expect(has(problems, 12, '期', 'MISSING_MEASURE')).toBe(true);
    expect(has(problems, 13, '活动编号', 'DUPLICATE_ID')).toBe(true);
    expect(has(problems, 14, '结对编号', 'REQUIRED')).toBe(true);
    expect(has(problems, 14, '日期', 'BAD_DATE', '2099-01-01')).toBe(true);
    // Only the bad rows are named: the good ones (3–6) and the example line (2) have no problem.
    expect([...new Set(problems.map((p) => p.row))].sort((a, b) => a - b)).toEqual([7, 8, 9, 10, 11, 12, 13, 14]);
    for (const p of problems) expect(p.reason.zh && p.reason.en).toBeTruthy();
    expect(await ledgerOf()).toEqual(before);
    expect(await changesOf()).toBe(changes);
  });

  it.each(['gb18030', 'xlsx'] as const)('%s: the good roster lands once, with natural-key ids; a second import changes nothing', async (format) => {
    const rows = [format === 'xlsx' ? HEADERS_EN : HEADERS_ZH, ...GOOD];
    const f = format === 'xlsx' ? await writeXlsx(file('good.xlsx'), rows) : await writeCsv(file('good.csv'), rows, 'gb18030');
    const first = await run(f);
    expect(first.problems).toEqual([]);
    expect(first.rosters[0]).toMatchObject({ kind: 'activities', rows: 4, created: 4, updated: 0, unchanged: 0 });
    const stored = await cypher<{ id: string; owner: string; date: string; form: string; units: string[]; values: number[]; source: string; provenance: string }>(
      driver,
      `MATCH (a:Activity)-[:ACTIVITY_OF]->(o) WHERE a.note STARTS WITH $p
       RETURN a.id AS id, o.id AS owner, toString(a.date) AS date, a.form AS form, a.measureUnits AS units, a.measureValues AS values, a.source AS source, a.provenance AS provenance ORDER BY id`,
      { p: P },
    );
    const expectedIds = [...EXPECTED.map((e) => naturalId(e.owner, e.date, e.form, e.measures)), `${P}-visit`].sort();
    expect(stored.map((s) => s.id)).toEqual(expectedIds);
    for (const e of EXPECTED) {
      const s = stored.find((x) => x.id === naturalId(e.owner, e.date, e.form, e.measures))!;
      expect({ owner: s.owner, date: s.date, form: s.form, measures: s.units.map((u, i) => ({ unit: u, value: s.values[i] })) }).toEqual(e);
    }
    expect(stored.every((s) => s.source === first.rosters[0].sourceId && s.provenance === 'IMPORTED')).toBe(true);
    expect(await changesOf()).toBe(4);

    const second = await run(f);
    expect(second.ok).toBe(true);
    expect(second.written).toBe(false);
    expect(second.rosters[0]).toMatchObject({ rows: 4, created: 0, updated: 0, unchanged: 4 });
    const again = await cypher<{ n: number }>(driver, 'MATCH (a:Activity) WHERE a.note STARTS WITH $p RETURN count(a) AS n', { p: P });
    expect(again[0].n).toBe(4);
    expect(await changesOf()).toBe(4);

    // Exported (in the same columns) and imported again, this file's rows are unchanged.
    const exported = file(`export-${format}.csv`);
    await exportRoster(db, 'activities', rosterFileWriter(exported, 'activities', 'csv', 'zh'), 'zh');
    const [header, ...lines] = readFileSync(exported, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(header).toBe(HEADERS_ZH.join(','));
    const own = lines.filter((l) => l.includes(P));
    expect(own).toHaveLength(4);
    expect(own).toContain(`${naturalId(PAIR, '2024-05-20', 'TRAINING', EXPECTED[0].measures)},${PAIR},,2024-05-20,培训,,120,,2,,卓资县教师,${P} 教师培训`);
    const back = file(`back-${format}.csv`);
    writeFileSync(back, [header, ...own].join('\n'));
    const third = await run(back);
    expect(third.rosters[0]).toMatchObject({ rows: 4, created: 0, updated: 0, unchanged: 4 });
  });

  it.each([
    ['zh', 'csv'],
    ['en', 'xlsx'],
  ] as const)('the %s %s template has the columns and an example row that the import skips', async (lang, format) => {
    const f = file(`template-${lang}.${format}`);
    await writeTemplate(rosterFileWriter(f, 'activities', format, lang, true), 'activities', lang);
    const result = await importRosters(db, [fileInput(f)], { importedBy: ACTOR, dryRun: true });
    expect(result.problems).toEqual([]);
    expect(result.rosters[0]).toMatchObject({ kind: 'activities', rows: 0, unknownColumns: [] });
  });
});
