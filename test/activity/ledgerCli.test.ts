import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ActivityInputRow } from '../../src/activity/checkActivity';
import { createRepositories } from '../../src/context/Repositories';
import { CliActivitiesDocument, CliDormantPairingsDocument, type CliActivitiesQuery, type CliActivitiesQueryVariables } from '../../src/generated/operations';
import { todayInChina } from '../../src/graphql/DateScalar';
import { cypher, testDatabase } from '../support/testDatabase';
import type { TestServer } from '../support/testServer';
import { buildAndServe, cli } from '../cli/cliHarness';
import { cleanUp, COOPERATION, createPairing, naturalId } from './activityFixtures';

const P = `lcli${process.pid}`;
const ACTOR = `${P}-officer`;
const ACT = `${P}-act`;
const DORM = `${P}-dorm`;
const COUNTY = '150921';
const BOM = '\uFEFF';
const today = todayInChina();

let t: TestServer;
let url: string;
let dir: string;

/** This suite's activities: three of its pairing in March and April 2017, one county-wide of the seed's cooperation. */
const ROWS: (ActivityInputRow & { date: string; form: string; measures: { value: number; unit: string }[] })[] = [
  { pairingId: ACT, date: '2017-03-05', form: 'TRAINING', measures: [{ value: 80, unit: 'PERSON_TIMES' }, { value: 2, unit: 'SESSIONS' }], note: `${P} 培训`, participants: '教师' },
  { pairingId: ACT, date: '2017-03-20', form: 'DONATION_MONEY', measures: [{ value: 12.5, unit: 'WAN_YUAN' }], note: `${P} 捐款` },
  { pairingId: ACT, date: '2017-04-02', form: 'FIELD_VISIT', measures: [], note: `${P} 调研` },
  { cooperationId: COOPERATION, date: '2017-03-10', form: 'PROJECT', measures: [{ value: 100, unit: 'WAN_YUAN' }, { value: 1, unit: 'ITEMS' }], note: `${P} 项目` },
];
const idOf = (r: (typeof ROWS)[number]) => naturalId((r.pairingId ?? r.cooperationId)!, r.date, r.form, r.measures);

/** Returns the days from `a` to `b` (both YYYY-MM-DD). */
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

beforeAll(async () => {
  ({ t, url } = await buildAndServe());
  dir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-ledger-cli-'));
  await createPairing(t.driver, ACT, 'pairing-cz-001', '2016-01-01', null);
  await createPairing(t.driver, DORM, 'pairing-cz-002', '2016-02-01', null);
  const result = await createRepositories(testDatabase(t.driver)).activities.recordActivities(ROWS, { caller: { subject: ACTOR, role: 'planner' }, operation: 'recordActivity', today });
  expect(result.ok).toBe(true);
}, 240_000);

afterAll(async () => {
  if (t) {
    await cleanUp(t.driver, [ACT, DORM], [ACTOR]);
    await cypher(t.driver, "MATCH (s:Source {kind: 'IMPORT'}) WHERE s.title STARTS WITH $p DETACH DELETE s", { p: P });
  }
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type ActivityNode = CliActivitiesQuery['activities']['edges'][number]['node'];

/** Returns every activity the API answers for `variables`, page by page (the oracle of the command's output). */
async function allActivities(variables: Omit<CliActivitiesQueryVariables, 'first' | 'after'>): Promise<ActivityNode[]> {
  const out: ActivityNode[] = [];
  let after: string | null = null;
  for (;;) {
    const r: { data?: CliActivitiesQuery | null; errors?: unknown[] } = await t.execute(CliActivitiesDocument, { ...variables, first: 500, after });
    expect(r.errors).toBeUndefined();
    const page = r.data!.activities;
    out.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor ?? null;
  }
}

describe('pairing-graph activities', () => {
  const period = { region: COUNTY, from: '2017-03-01', to: '2017-03-31', forms: ['TRAINING', 'DONATION_MONEY', 'PROJECT'] as const };

  it('--format json answers what the API answers; this suite\'s acts in the period and forms, newest first', async () => {
    const r = await cli(['activities', '--region', COUNTY, '--from', period.from, '--to', period.to, '--form', '培训,DONATION_MONEY,项目', '--format', 'json', '--url', url]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const printed = JSON.parse(r.stdout) as { id: string }[];
    expect(printed).toEqual(await allActivities({ ...period, forms: [...period.forms] }));
    const mine = printed.filter((a) => ROWS.some((row) => idOf(row) === a.id)).map((a) => a.id);
    // The oracle: in March, of these forms (the visit of April 2 is out), newest first; the cooperation-wide act counts in the county.
    expect(mine).toEqual([ROWS[1], ROWS[3], ROWS[0]].map(idOf));
  });

  it('--format csv parses back to the API\'s activities; the table has Chinese headers and a count line', async () => {
    const expected = await allActivities({ region: COUNTY, from: '2017-03-01', to: '2017-04-30' });
    const csv = await cli(['activities', '--region', COUNTY, '--from', '2017-03-01', '--to', '2017-04-30', '--format', 'csv', '--url', url]);
    expect(csv.status).toBe(0);
    expect(csv.stdout.startsWith(BOM)).toBe(true);
    const rows = parse(csv.stdout.slice(1)) as string[][];
    expect(rows[0]).toEqual(['日期', '形式', '数量', '结对编码', '支援方', '受援方', '协作', '参与人员', '备注', '活动编号']);
    expect(rows.slice(1).map((row) => row[9])).toEqual(expected.map((a) => a.id));
    const training = rows.find((row) => row[9] === idOf(ROWS[0]))!;
    expect(training.slice(0, 4)).toEqual(['2017-03-05', '培训', '80 人次，2 期', ACT]);
    expect(training.slice(7, 9)).toEqual(['教师', `${P} 培训`]);
    const table = await cli(['activities', '--region', COUNTY, '--from', '2017-03-01', '--to', '2017-04-30', '--url', url]);
    expect(table.status).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^日期\s+形式\s+数量\s+结对编码/);
    expect(table.stderr).toBe(`共 ${expected.length} 次帮扶活动\n`);
    const en = await cli(['activities', '--from', '2017-04-02', '--to', '2017-04-02', '--form', 'field_visit', '--format', 'csv', '--lang', 'en', '--url', url]);
    const enRows = parse(en.stdout.slice(1)) as string[][];
    expect(enRows[0][0]).toBe('Date');
    expect(enRows.slice(1).map((row) => row[9])).toEqual((await allActivities({ from: '2017-04-02', to: '2017-04-02', forms: ['FIELD_VISIT'] })).map((a) => a.id));
    expect(enRows.some((row) => row[9] === idOf(ROWS[2]) && row[1] === 'FIELD_VISIT')).toBe(true);
  });
});

describe('pairing-graph dormant', () => {
  it.each([
    ['2017-03-15', false],
    ['2017-04-03', true],
  ] as const)('--since %s answers what the API answers; the silent pairing is listed, the active one only when it fell silent (%s)', async (since, actDormant) => {
    const r = await cli(['dormant', '--region', COUNTY, '--since', since, '--format', 'csv', '--url', url]);
    expect(r.status).toBe(0);
    const rows = parse(r.stdout.slice(1)) as string[][];
    expect(rows[0]).toEqual(['结对编码', '结对类型', '支援方', '受援方', '开始日期', '最近活动日期', '最近活动形式', '沉寂天数']);
    const api = await t.execute(CliDormantPairingsDocument, { region: COUNTY, since, first: 500 });
    expect(api.errors).toBeUndefined();
    expect(rows.slice(1).map((row) => [row[0], row[5], row[7]])).toEqual(api.data!.dormantPairings.map((d) => [d.pairing.id, d.lastActivity?.date ?? '', String(d.silentDays ?? '')]));
    // The oracle for this suite's pairings: never active, silent since its first day; the other silent since its last act.
    expect(rows.find((row) => row[0] === DORM)).toEqual([DORM, expect.any(String), expect.any(String), expect.any(String), '2016-02-01', '', '', String(daysBetween('2016-02-01', today))]);
    const act = rows.find((row) => row[0] === ACT);
    if (actDormant) expect(act?.slice(4)).toEqual(['2016-01-01', '2017-04-02', '实地调研', String(daysBetween('2017-04-02', today))]);
    else expect(act).toBeUndefined();
  });

  it('prints a table with a count line, and JSON as the API answers it (default since: 12 months ago)', async () => {
    const json = await cli(['dormant', '--region', COUNTY, '--format', 'json', '--url', url]);
    expect(json.status).toBe(0);
    const api = await t.execute(CliDormantPairingsDocument, { region: COUNTY, since: null, first: 500 });
    expect(JSON.parse(json.stdout)).toEqual(api.data!.dormantPairings);
    expect((JSON.parse(json.stdout) as { pairing: { id: string } }[]).map((d) => d.pairing.id)).toEqual(expect.arrayContaining([ACT, DORM]));
    const table = await cli(['dormant', '--region', COUNTY, '--lang', 'en', '--url', url]);
    expect(table.stdout.split('\n')[0]).toMatch(/^Pairing\s+Kind\s+Supporting\s+Supported\s+Since\s+Last activity\s+Last form\s+Silent days\s*$/);
    expect(table.stderr).toBe(`${api.data!.dormantPairings.length} dormant pairings\n`);
  });
});

describe('usage errors name the option and the value (exit 2, nothing asked)', () => {
  it.each([
    [['dormant'], /--region/],
    [['dormant', '--region', '1509x'], /--region.*"1509x"/],
    [['dormant', '--region', COUNTY, '--since', '2024-13-01'], /--since.*"2024-13-01"/],
    [['dormant', '--region', COUNTY, '--first', '0'], /--first.*"0"/],
    [['dormant', '--region', COUNTY, '--format', 'xml'], /--format.*"xml"/],
    [['activities', '--form', '培训,慰问'], /--form.*"培训,慰问"/],
    [['activities', '--from', '2024/01/01'], /--from.*"2024\/01\/01"/],
    [['activities', '--from', '2024-02-01', '--to', '2024-01-31'], /--to.*"2024-01-31"/],
    [['activities', '--region', '15092'], /--region.*"15092"/],
  ])('%j', async (args, message) => {
    // A URL where nothing listens: a usage error must come before any request.
    const r = await cli([...args, '--url', 'http://127.0.0.1:9/graphql']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('help in both languages lists the options', async () => {
    const zh = await cli(['dormant', '--help']);
    expect(zh.status).toBe(0);
    expect(zh.stdout).toMatch(/--since/);
    expect(zh.stdout).toMatch(/沉睡结对/);
    const en = await cli(['activities', '--help', '--lang', 'en']);
    expect(en.stdout).toMatch(/--form/);
    expect(en.stdout).toMatch(/support activities/);
  });
});

describe('pairing-graph template activities', () => {
  it('writes the template the workbench downloads over HTTP', async () => {
    const file = path.join(dir, 'activities-template.csv');
    const r = await cli(['template', 'activities', '-o', file]);
    expect(r.status).toBe(0);
    const written = readFileSync(file, 'utf8');
    const res = await fetch(`${t.url}/rosters/template/activities.csv?lang=zh`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(written.replace(/^\uFEFF/, ''));
    const [header, example] = parse(written.replace(/^\uFEFF/, '')) as string[][];
    expect(header).toEqual(['活动编号', '结对编号', '协作编号', '日期', '形式', '万元', '人次', '人', '期', '个', '参与人员', '备注']);
    expect(example[0].startsWith('#')).toBe(true);
  });
});

describe('pairing-graph import of an activities roster', () => {
  it('imports (Neo4j directly) an activities CSV once; again, every row is unchanged', async () => {
    const file = path.join(dir, `${P}-import.csv`);
    writeFileSync(file, `结对编号,日期,形式,万元,备注\n${ACT},2017-05-04,捐物,3.5,${P} 捐物\n`);
    const first = await cli(['import', file, '--by', ACTOR, '--format', 'json']);
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/新建 1，更新 0，未变 0/);
    expect((JSON.parse(first.stdout) as { rosters: unknown[] }).rosters[0]).toMatchObject({ kind: 'activities', rows: 1, created: 1 });
    const again = await cli(['import', file, '--by', ACTOR, '--format', 'json']);
    expect((JSON.parse(again.stdout) as { rosters: unknown[] }).rosters[0]).toMatchObject({ kind: 'activities', rows: 1, created: 0, unchanged: 1 });
    const id = naturalId(ACT, '2017-05-04', 'DONATION_GOODS', [{ unit: 'WAN_YUAN', value: 3.5 }]);
    const stored = await t.execute(CliActivitiesDocument, { from: '2017-05-04', to: '2017-05-04', forms: ['DONATION_GOODS'], first: 500, after: null });
    expect(stored.data!.activities.edges.map((e) => e.node.id)).toContain(id);
  });
});
