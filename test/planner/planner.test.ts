import type { Driver } from 'neo4j-driver';
import {
  ConnectionDocument,
  CoverageDocument,
  SuggestPartnersDocument,
  TimelineDocument,
  UnpairedVillagesDocument,
} from '../../src/generated/operations';
import { todayInChina } from '../../src/graphql/DateScalar';
import { startTestServer, type TestServer } from '../support/testServer';
import { PlannerOracle } from './plannerOracle';

const COUNTY = '150921000000';
let t: TestServer;
let oracle: PlannerOracle;
let driver: Driver;

beforeAll(async () => {
  t = await startTestServer();
  driver = t.driver;
  oracle = await PlannerOracle.load(driver);
});
afterAll(() => t.close());

const today = todayInChina();

describe('planner questions on the seed, checked against an independent oracle', () => {
  it.each([
    [null, true, null],
    [null, false, null],
    ['150921212000', false, null],
    [null, true, ['ENTERPRISE']],
    [null, false, ['SOCIAL_ORGANIZATION', 'ENTERPRISE']],
  ])('unpairedVillages(township %s, demonstrationOnly %s, supportingKinds %j)', async (township, demonstrationOnly, kinds) => {
    const res = await t.execute(UnpairedVillagesDocument, {
      county: '150921',
      township,
      demonstrationOnly,
      supportingKinds: kinds as never,
    });
    expect(res.errors).toBeUndefined();
    const got = res.data!.unpairedVillages.map((v) => v.unit.id).sort();
    expect(got).toEqual(oracle.unpaired(COUNTY, township, demonstrationOnly, today, kinds));
    if (demonstrationOnly && !kinds && !township) expect(got.length).toBeGreaterThan(0);
    for (const v of res.data!.unpairedVillages) {
      expect(v.townshipCode).toBe(oracle.townshipOf(v.unit.id));
      expect(v.partnerCount).toBe(oracle.activePartnersOf(v.unit.id, today).length);
    }
  });

  it('coverage matches the oracle per township, per kind and per supporting unit', async () => {
    const res = await t.execute(CoverageDocument, { county: '150921000000', activeOn: today });
    expect(res.errors).toBeUndefined();
    const c = res.data!.coverage;
    expect(c.countyName).toBe('卓资县');
    expect(c.townships.map(({ name: _name, ...row }) => row)).toEqual(oracle.townshipCoverage(COUNTY, today));
    expect(c.kinds).toEqual(oracle.kindCoverage(COUNTY, today));
    const loads = oracle.loads(COUNTY, today);
    expect(c.supporting.map((s) => s.unit.id).sort()).toEqual([...loads.keys()].sort());
    for (const s of c.supporting) expect([s.partners, s.ended]).toEqual(loads.get(s.unit.id));
    const partners = c.supporting.map((s) => s.partners);
    expect(partners).toEqual([...partners].sort((a, b) => b - a));
    expect(c.total.villages).toBe(c.townships.reduce((n, x) => n + x.villages, 0));
  });

  it('timeline matches the oracle', async () => {
    const res = await t.execute(TimelineDocument, { county: '150921' });
    expect(res.data!.timeline).toEqual(oracle.timeline(COUNTY));
  });

  it('suggests the oracle ranking for every unpaired demonstration village, never a current partner', async () => {
    const targets = oracle.unpaired(COUNTY, null, false, today, ['ENTERPRISE']).slice(0, 12);
    expect(targets.length).toBeGreaterThan(0);
    for (const id of targets) {
      const res = await t.execute(SuggestPartnersDocument, { unitId: id, first: 8 });
      expect(res.errors).toBeUndefined();
      const got = res.data!.suggestPartners;
      expect(got.map((s) => ({ id: s.unit.id, score: s.score }))).toEqual(oracle.suggestions(id, today, 8));
      const current = new Set(oracle.activePartnersOf(id, today).map((p) => p.supporter));
      for (const s of got) {
        expect(current.has(s.unit.id)).toBe(false);
        expect(s.score).toBeCloseTo(s.reasons.reduce((n, r) => n + r.points, 0), 6);
      }
    }
  });

  it('finds the shortest connection, as long as a breadth-first search says', async () => {
    const pairs: [string, string][] = [
      ['150921212210', '110105023000'],
      ['CY-SCHOOL-01', 'ZZ-SCHOOL-01'],
      ['150921212210', '150921106207'],
      ['ZZ-HOSPITAL-03', 'CY-ENTERPRISE-05'],
    ];
    for (const [from, to] of pairs) {
      const res = await t.execute(ConnectionDocument, { fromId: from, toId: to, maxHops: 8 });
      expect(res.errors).toBeUndefined();
      const path = res.data!.connection;
      const expected = oracle.distance(from, to, 8);
      expect(path?.hops ?? null).toBe(expected);
      if (path) {
        expect(path.nodes[0].id).toBe(from);
        expect(path.nodes[path.nodes.length - 1].id).toBe(to);
        path.nodes.slice(1).forEach((n, i) => expect(oracle.linked(path.nodes[i].id, n.id)).toBe(true));
      }
    }
    const none = await t.execute(ConnectionDocument, { fromId: 'CY-SCHOOL-01', toId: 'ZZ-SCHOOL-02', maxHops: 1 });
    expect(none.data!.connection).toBeNull();
  });

  it('names what is wrong: an unknown county, a malformed code, an unknown unit, hops out of range', async () => {
    const unknown = await t.execute(CoverageDocument, { county: '150999' });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const malformed = await t.execute(UnpairedVillagesDocument, { county: '15092' });
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'county' });
    const notMine = await t.execute(UnpairedVillagesDocument, { county: '150921', township: '110105023000' });
    expect(notMine.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const unit = await t.execute(SuggestPartnersDocument, { unitId: 'no-such-unit' });
    expect(unit.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const side = await t.execute(SuggestPartnersDocument, { unitId: 'CY-SCHOOL-01' });
    expect(side.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
    const hops = await t.execute(ConnectionDocument, { fromId: 'CY-SCHOOL-01', toId: 'ZZ-SCHOOL-01', maxHops: 13 });
    expect(hops.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'maxHops' });
  });
});

describe('each planner field costs one Cypher round trip', () => {
  const cases: [string, () => Promise<unknown>][] = [
    ['unpairedVillages', () => t.execute(UnpairedVillagesDocument, { county: '150921', demonstrationOnly: false })],
    ['coverage', () => t.execute(CoverageDocument, { county: '150921' })],
    ['suggestPartners', () => t.execute(SuggestPartnersDocument, { unitId: '150921106207', first: 5 })],
    ['connection', () => t.execute(ConnectionDocument, { fromId: '150921212210', toId: '110105023000' })],
    ['timeline', () => t.execute(TimelineDocument, { county: '150921' })],
  ];
  it.each(cases)('%s', async (_name, run) => {
    t.counter.count = 0;
    await run();
    expect(t.counter.count).toBe(1);
  });
});
