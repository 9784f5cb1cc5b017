import { ACTIVITY_FORM_UNITS, ACTIVITY_FORMS } from '../../src/domain/vocabulary';
import type { ActivityInputRow } from '../../src/activity/checkActivity';
import { createRepositories } from '../../src/context/Repositories';
import { ActivitiesDocument, ActivitySummaryDocument, DormantPairingsDocument, type ActivitiesQuery, type ActivitiesQueryVariables } from '../../src/generated/operations';
import { todayInChina } from '../../src/graphql/DateScalar';
import { testDatabase } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { cleanUp, COOPERATION, createPairing, naturalId } from './activityFixtures';
import { addDays, daysBetween, dormantOracle, inRegion, newestFirst, readOwners, seeded, summaryOracle, type OracleActivity, type Owner } from './activityOracle';

/**
 * Every question of the ledger against an oracle: a seeded random ledger (replayable: the same seed, the same
 * ledger) on the seed's pairings, two pairings of this suite (one that ended, one that began on the report's
 * last day), and cooperation-wide activities; dates at the edges of the report's period, of the pairings' lives
 * and of the dormancy window.
 */

const P = `actq${process.pid}`;
const ACTOR = `${P}-importer`;
const ENDED = `${P}-ended`;
const LATE = `${P}-late`;
const SEED = 15;
const today = todayInChina();
const yearAgo = (() => {
  const [y, m, d] = today.split('-');
  return `${Number(y) - 1}-${m}-${m === '02' && d === '29' ? '28' : d}`;
})();

let t: TestServer;
let owners: Owner[];
let ledger: OracleActivity[];

/** Returns a random ledger over `owners`, in the given random sequence. */
function generate(random: () => number): OracleActivity[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const edges = ['2015-12-31', '2016-01-01', '2023-08-22', '2023-08-23', yearAgo, addDays(yearAgo, -1), today];
  const out = new Map<string, OracleActivity>();
  for (const owner of owners) {
    // A quarter of the seed's pairings stay silent, this suite's never do; the small cooperations get a few county-wide acts.
    const n = owner.type === 'Cooperation' ? (owner.id === COOPERATION ? 12 : 2) : owner.id.startsWith(P) ? 4 : random() < 0.25 ? 0 : 1 + Math.floor(random() * 5);
    const lo = owner.since ?? '2015-06-01';
    const hi = owner.until && owner.until < today ? owner.until : today;
    for (let i = 0; i < n; i++) {
      const options = [...edges, lo, hi].filter((d) => d >= lo && d <= hi);
      const date = random() < 0.35 && options.length ? pick(options) : addDays(lo, Math.floor(random() * (daysBetween(lo, hi) + 1)));
      const form = pick(ACTIVITY_FORMS);
      const { units, measureRequired } = ACTIVITY_FORM_UNITS[form];
      let chosen = units.filter(() => random() < 0.6);
      if (measureRequired && !chosen.length) chosen = [pick(units)];
      const measures = chosen.map((unit) => ({ unit, value: unit === 'WAN_YUAN' ? Math.floor(random() * 2000) / 4 : Math.floor(random() * 300) }));
      const id = naturalId(owner.id, date, form, measures);
      out.set(id, { id, owner, date, form, measures });
    }
  }
  return [...out.values()];
}

beforeAll(async () => {
  t = await startTestServer();
  await createPairing(t.driver, ENDED, 'pairing-cz-001', '2019-03-01', '2022-06-30');
  await createPairing(t.driver, LATE, 'pairing-cz-002', '2023-08-22', null);
  owners = await readOwners(t.driver);
  ledger = generate(seeded(SEED));
  const rows: ActivityInputRow[] = ledger.map((a) => ({
    [a.owner.type === 'Pairing' ? 'pairingId' : 'cooperationId']: a.owner.id,
    date: a.date,
    form: a.form,
    measures: a.measures,
    note: `${P}`,
  }));
  const result = await createRepositories(testDatabase(t.driver)).activities.recordActivities(rows, { caller: { subject: ACTOR, role: 'planner' }, operation: 'import', today });
  if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 5)));
  expect(result.written.map((w) => w.activity.id)).toEqual(ledger.map((a) => a.id));
}, 120_000);

afterAll(async () => {
  await cleanUp(t.driver, [ENDED, LATE], [ACTOR]);
  await t.close();
});

it('the generated ledger covers what the questions must get right', () => {
  const of = (id: string) => ledger.filter((a) => a.owner.id === id);
  expect(owners.some((o) => o.id === 'pairing-cz-001')).toBe(true);
  expect(of(ENDED).length).toBeGreaterThan(0);
  expect(of(COOPERATION).length).toBe(12);
  for (const d of ['2016-01-01', '2023-08-22', '2023-08-23', '2015-12-31']) expect(ledger.some((a) => a.date === d)).toBe(true);
  expect(owners.filter((o) => o.type === 'Pairing' && !of(o.id).length).length).toBeGreaterThan(3);
  expect(ledger.length).toBeGreaterThan(150);
});

const idOf = (a: OracleActivity) => a.id;
const byRegion = (r: string) => (a: OracleActivity) => inRegion(a, r);

describe('activities: every scope and filter, paged by date and id, against the oracle', () => {
  const cases: [string, ActivitiesQueryVariables, (a: OracleActivity) => boolean][] = [
    ['a county', { region: '150921' }, byRegion('150921000000')],
    ['a county over the report period', { region: '150921000000', from: '2016-01-01', to: '2023-08-22' }, (a) => byRegion('150921000000')(a) && a.date >= '2016-01-01' && a.date <= '2023-08-22'],
    ['the supporting district, two forms', { region: '110105', forms: ['TRAINING', 'DONATION_MONEY'] }, (a) => byRegion('110105000000')(a) && ['TRAINING', 'DONATION_MONEY'].includes(a.form)],
    ['a province', { region: '15', to: '2020-12-31' }, (a) => byRegion('150000000000')(a) && a.date <= '2020-12-31'],
    ['a municipality holding both sides of a cooperation', { region: '11' }, byRegion('110000000000')],
    ['the pairing that ended', { pairingId: ENDED }, (a) => a.owner.id === ENDED],
    ['the cooperation', { cooperationId: COOPERATION, from: '2023-08-22' }, (a) => a.owner.id === COOPERATION && a.date >= '2023-08-22'],
    ['everything of a period', { from: '2023-08-22', to: '2023-08-23' }, (a) => a.date >= '2023-08-22' && a.date <= '2023-08-23'],
  ];
  it.each(cases)('%s', async (_what, variables, keep) => {
    const expected = newestFirst(ledger.filter(keep)).map(idOf);
    expect(expected.length).toBeGreaterThan(0);
    const got: string[] = [];
    let after: string | null = null;
    let total: number | null = null;
    for (let page = 0; page < 100; page++) {
      const res: { data?: ActivitiesQuery | null; errors?: unknown[] } = await t.execute(ActivitiesDocument, { ...variables, first: 37, after });
      expect(res.errors).toBeUndefined();
      const c: ActivitiesQuery['activities'] = res.data!.activities;
      total ??= c.totalCount;
      got.push(...c.edges.map((e) => e.node.id));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor!;
    }
    expect(got).toEqual(expected);
    expect(total).toBe(expected.length);
  });

  it('a unit: its pairings, on either side', async () => {
    const unit = ledger.find((a) => a.owner.id === ENDED)!.owner.places[1].at(-1)!.id;
    const expected = newestFirst(ledger.filter((a) => a.owner.type === 'Pairing' && a.owner.places.some((c) => c.at(-1)!.id === unit))).map(idOf);
    const res = await t.execute(ActivitiesDocument, { unitId: unit, first: 500 });
    expect(res.data!.activities.edges.map((e) => e.node.id)).toEqual(expected);
    expect(res.data!.activities.edges.filter((e) => e.node.pairing?.id === ENDED).length).toBe(ledger.filter((a) => a.owner.id === ENDED).length);
  });
});

describe('dormantPairings against the oracle', () => {
  it.each<[string, string, string | null]>([
    ['the county, by default since 12 months before today', '150921000000', null],
    ['the county since 2023-08-23', '150921', '2023-08-23'],
    ['the supporting district since 2020-01-01', '110105', '2020-01-01'],
  ])('%s', async (_what, region, since) => {
    const expected = dormantOracle(owners, ledger, region.padEnd(12, '0'), since ?? yearAgo, today);
    expect(expected.length).toBeGreaterThan(0);
    const res = await t.execute(DormantPairingsDocument, { region, since });
    expect(res.errors).toBeUndefined();
    const got = res.data!.dormantPairings.map((d) => ({ pairing: d.pairing.id, last: d.lastActivity ? [d.lastActivity.id, d.lastActivity.date] : null, silentDays: d.silentDays }));
    expect(got).toEqual(expected);
    expect(got.some((d) => d.pairing === ENDED)).toBe(false);
  });

  it('an unknown region is NOT_FOUND, a malformed one BAD_USER_INPUT', async () => {
    expect((await t.execute(DormantPairingsDocument, { region: '159999' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await t.execute(DormantPairingsDocument, { region: '1509' + 'x' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'region' });
  });
});

describe('activitySummary against the oracle', () => {
  it.each<[string, string, string | null, string | null]>([
    ['the county over the report period', '150921000000', '2016-01-01', '2023-08-22'],
    ['the supporting district, all time', '110105', null, null],
    ['a municipality holding both sides of a cooperation', '11', null, '2023-12-31'],
    ['a township', 'TOWNSHIP', null, null],
  ])('%s', async (_what, regionArg, from, to) => {
    const township = () => ledger.flatMap((a) => a.owner.places).map((c) => c[3]).find((step) => step?.region && /^\d{9}000$/.test(step.id) && !step.id.endsWith('000000'))!.id;
    const region = regionArg === 'TOWNSHIP' ? township() : regionArg;
    const code = region.padEnd(12, '0');
    const acts = ledger.filter((a) => inRegion(a, code) && (from === null || a.date >= from) && (to === null || a.date <= to));
    expect(acts.length).toBeGreaterThan(0);
    const res = await t.execute(ActivitySummaryDocument, { region, from, to });
    expect(res.errors).toBeUndefined();
    const s = res.data!.activitySummary;
    expect(s.region.code).toBe(code);
    const expected = summaryOracle(acts, code, ACTIVITY_FORMS);
    expect({ total: s.total, byForm: s.byForm, byChildRegion: s.byChildRegion, bySupportingUnit: s.bySupportingUnit }).toEqual(expected);
  });
});
