import { CoverageDocument, RegionCoverageDocument, RegionTimelineDocument, RegionUnpairedVillagesDocument, TimelineDocument, UnpairedVillagesDocument } from '../../src/generated/operations';
import type { RegionLevel } from '../../src/generated/operations';
import { todayInChina } from '../../src/graphql/DateScalar';
import { startTestServer, type TestServer } from '../support/testServer';
import { PlannerOracle } from './plannerOracle';

/**
 * The planner questions about a region of any level (issue #13), on the seed, checked against the
 * independent oracle: 内蒙古自治区 (villages four levels down), 北京市 (none), 乌兰察布市, 卓资县, a township.
 */

let t: TestServer;
let oracle: PlannerOracle;
beforeAll(async () => {
  t = await startTestServer();
  oracle = await PlannerOracle.load(t.driver);
});
afterAll(() => t.close());

const today = todayInChina();
const dates = [today, '2016-01-01'];

const cases: [string, string, RegionLevel | null][] = [
  ['150000000000', '150000000000', null],
  ['15', '150000000000', 'COUNTY'],
  ['15', '150000000000', 'TOWNSHIP'],
  ['110000000000', '110000000000', null],
  ['11', '110000000000', 'COUNTY'],
  ['1509', '150900000000', null],
  ['150900000000', '150900000000', 'VILLAGE'],
  ['150921', '150921000000', null],
  ['150921212', '150921212000', null],
  ['150921212210', '150921212210', null],
];

describe('coverage, unpairedVillages and timeline for any region, against the oracle', () => {
  it.each(cases)('coverage(region %s → %s, by %s)', async (given, code, by) => {
    for (const on of dates) {
      const res = await t.execute(RegionCoverageDocument, { region: given, by, activeOn: on });
      expect(res.errors).toBeUndefined();
      const c = res.data!.coverage;
      expect([c.regionCode, c.regionName, c.regionLevel]).toEqual([code, oracle.units.get(code)!.name, oracle.units.get(code)!.level]);
      expect(c.children).toEqual(oracle.regionChildren(code, by, on));
      expect(c.total).toEqual(oracle.regionTotal(code, by, on));
      expect(c.kinds).toEqual(oracle.kindCoverage(code, on));
      expect(new Map(c.supporting.map((s) => [s.unit.id, [s.partners, s.ended]]))).toEqual(oracle.loads(code, on));
      expect([c.countyCode, c.countyName]).toEqual([c.regionCode, c.regionName]);
      expect(c.townships).toEqual(c.children.map(({ level: _level, regionPaired, ...rest }) => ({ ...rest, townshipPaired: regionPaired })));
    }
  });

  it('the answers are not empty where the seed has villages: every village counted once, in the county of 卓资县', async () => {
    const province = (await t.execute(RegionCoverageDocument, { region: '15', by: 'COUNTY' })).data!.coverage;
    expect(province.children.map((x) => [x.code, x.level])).toEqual([['150921000000', 'COUNTY']]);
    expect(province.total.villages).toBe(oracle.villagesIn('150921000000').length);
    expect(province.total.villages).toBeGreaterThan(100);
    expect(province.children[0].villages).toBe(province.total.villages);
    const byTownship = (await t.execute(RegionCoverageDocument, { region: '15', by: 'TOWNSHIP' })).data!.coverage;
    expect(byTownship.children).toHaveLength(8);
    expect(byTownship.children.reduce((n, x) => n + x.unpaired, 0)).toBe(province.total.unpaired);
    const beijing = (await t.execute(RegionCoverageDocument, { region: '11' })).data!.coverage;
    // Beijing holds 朝阳区's and 房山区's villages (the seed's counties), none of them supported by a pairing.
    const beijingVillages = oracle.villagesIn('110000000000').length;
    expect(beijingVillages).toBeGreaterThan(0);
    expect(beijing.children.map((x) => [x.code, x.villages, x.paired])).toEqual([['110100000000', beijingVillages, 0]]);
    expect(beijing.total.villages).toBe(beijingVillages);
    expect(beijing.supporting).toEqual([]);
  });

  it.each(cases)('unpairedVillages(region %s → %s) and timeline', async (given, code) => {
    for (const [demonstrationOnly, kinds] of [
      [true, null],
      [false, null],
      [false, ['ENTERPRISE']],
    ] as [boolean, string[] | null][]) {
      const res = await t.execute(RegionUnpairedVillagesDocument, { region: given, demonstrationOnly, supportingKinds: kinds as never });
      expect(res.errors).toBeUndefined();
      const got = res.data!.unpairedVillages;
      expect(got.map((v) => v.unit.id).sort()).toEqual(oracle.unpairedIn(code, demonstrationOnly, today, kinds));
      expect(got.map((v) => v.unit.id)).toEqual([...got.map((v) => v.unit.id)].sort());
      for (const v of got) {
        expect(v.townshipCode).toBe(oracle.townshipOf(v.unit.id));
        expect(v.countyCode).toBe(oracle.countyOf(v.unit.id));
        expect(v.countyName).toBe(oracle.units.get(oracle.countyOf(v.unit.id)!)!.name);
      }
    }
    const timeline = await t.execute(RegionTimelineDocument, { region: given });
    expect(timeline.errors).toBeUndefined();
    expect(timeline.data!.timeline).toEqual(oracle.timeline(code));
  });

  it('the deprecated township filter works under a region of any level, and must lie in it', async () => {
    const inProvince = await t.execute(RegionUnpairedVillagesDocument, { region: '15', township: '150921212', demonstrationOnly: false });
    expect(inProvince.errors).toBeUndefined();
    const ids = inProvince.data!.unpairedVillages.map((v) => v.unit.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(oracle.unpaired('150921000000', '150921212000', false, today, null));
    const elsewhere = await t.execute(RegionUnpairedVillagesDocument, { region: '11', township: '150921212' });
    expect(elsewhere.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(elsewhere.errors?.[0].message).toContain("township '150921212000'");
  });

  it('the province-wide list of gaps is the county list, each with its county', async () => {
    const got = (await t.execute(RegionUnpairedVillagesDocument, { region: '15', demonstrationOnly: false })).data!.unpairedVillages;
    expect(got.length).toBeGreaterThan(0);
    expect(new Set(got.map((v) => `${v.countyCode} ${v.countyName}`))).toEqual(new Set(['150921000000 卓资县']));
  });
});

describe('the deprecated county form answers exactly as region does for a county', () => {
  it('coverage, unpairedVillages and timeline', async () => {
    const byCounty = (await t.execute(CoverageDocument, { county: '150921' })).data!.coverage;
    const byRegion = (await t.execute(RegionCoverageDocument, { region: '150921' })).data!.coverage;
    expect(byRegion.regionLevel).toBe('COUNTY');
    const { countyCode, countyName, activeOn, townships, total, kinds } = byRegion;
    expect(byCounty).toMatchObject({ countyCode, countyName, activeOn, townships, total, kinds });
    expect(byCounty.supporting.map((s) => [s.unit.id, s.partners, s.ended, s.kinds])).toEqual(byRegion.supporting.map((s) => [s.unit.id, s.partners, s.ended, s.kinds]));
    const gaps = await t.execute(UnpairedVillagesDocument, { county: '150921', demonstrationOnly: false });
    const regionGaps = await t.execute(RegionUnpairedVillagesDocument, { region: '150921', demonstrationOnly: false });
    expect(gaps.data!.unpairedVillages.map((v) => v.unit.id)).toEqual(regionGaps.data!.unpairedVillages.map((v) => v.unit.id));
    const timeline = await t.execute(TimelineDocument, { county: '150921' });
    expect(timeline.data!.timeline).toEqual((await t.execute(RegionTimelineDocument, { region: '150921' })).data!.timeline);
  });
});

describe('names what is wrong', () => {
  const fields = ['coverage', 'unpairedVillages', 'timeline'] as const;
  const send = (field: (typeof fields)[number], vars: { region?: string | null; county?: string | null; by?: RegionLevel | null }) =>
    field === 'coverage'
      ? t.execute(RegionCoverageDocument, vars)
      : field === 'unpairedVillages'
        ? t.execute(RegionUnpairedVillagesDocument, vars)
        : t.execute(RegionTimelineDocument, vars);

  it.each(fields)('%s: neither or both of region and county, a malformed or unknown region, a county code that is no county', async (field) => {
    expect((await send(field, {})).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'region' });
    expect((await send(field, { region: '150921', county: '150921' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'county' });
    expect((await send(field, { region: '150' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'region', value: '150' });
    expect((await send(field, { county: '15' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'county' });
    const unknown = await send(field, { region: '990000000000' });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(unknown.errors?.[0].message).toContain("region '990000000000'");
    const city = await send(field, { county: '150900' });
    expect(city.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(city.errors?.[0].message).toContain("county '150900000000'");
  });

  it('coverage: a by level not below the region', async () => {
    for (const [region, by] of [
      ['150921', 'COUNTY'],
      ['150921', 'CITY'],
      ['150921212210', 'VILLAGE'],
    ] as [string, RegionLevel][]) {
      const res = await t.execute(RegionCoverageDocument, { region, by });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'by', value: by });
    }
  });
});

describe('each region question costs one Cypher round trip', () => {
  it.each([
    ['coverage of a province by county', () => t.execute(RegionCoverageDocument, { region: '15', by: 'COUNTY' })],
    ['unpairedVillages of a province', () => t.execute(RegionUnpairedVillagesDocument, { region: '15' })],
    ['timeline of a prefecture', () => t.execute(RegionTimelineDocument, { region: '1509' })],
  ] as [string, () => Promise<unknown>][])('%s', async (_name, run) => {
    t.counter.count = 0;
    await run();
    expect(t.counter.count).toBe(1);
  });
});
