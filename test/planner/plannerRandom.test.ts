import type { Driver } from 'neo4j-driver';
import {
  ConnectionDocument,
  CoverageDocument,
  SuggestPartnersDocument,
  TimelineDocument,
  UnpairedVillagesDocument,
} from '../../src/generated/operations';
import { writeGraph } from '../../src/seed/writeGraph';
import { generateGraphAll } from '../../src/synth/generateGraph';
import { cypher, testDatabase } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { PlannerOracle } from './plannerOracle';

/** Replay a failure with PAIRING_GRAPH_TEST_SEED=<the seed in the test's name>. */
const SEED = Number(process.env.PAIRING_GRAPH_TEST_SEED ?? 20261129);
const PREFIX = `plan${SEED}`;

let t: TestServer;
let driver: Driver;
let oracle: PlannerOracle;
let counties: string[];

beforeAll(async () => {
  t = await startTestServer();
  driver = t.driver;
  const graph = generateGraphAll({ seed: SEED, idPrefix: PREFIX });
  await testDatabase(driver).write((tx) => writeGraph(tx, graph));
  oracle = await PlannerOracle.load(driver);
  counties = (
    await cypher<{ id: string }>(
      driver,
      "MATCH (c:Region {synth: $p, level: 'COUNTY', side: 'SUPPORTED'}) RETURN c.id AS id ORDER BY c.id LIMIT 3",
      { p: PREFIX },
    )
  ).map((r) => r.id);
}, 120_000);

afterAll(async () => {
  await cypher(driver, 'MATCH (n:Node {synth: $p}) DETACH DELETE n', { p: PREFIX });
  await t.close();
});

const dates = ['2018-06-30', '2021-01-01', '2024-12-31'];

describe(`planner questions on a generated graph (seed ${SEED}), checked against the oracle`, () => {
  it('generated a graph of a few thousand units with counties to ask about', async () => {
    const [{ n }] = await cypher<{ n: number }>(driver, 'MATCH (u:Unit {synth: $p}) RETURN count(u) AS n', { p: PREFIX });
    expect(n).toBeGreaterThan(2000);
    expect(counties.length).toBeGreaterThan(1);
  });

  it('unpairedVillages matches on several dates, with and without filters', async () => {
    for (const county of counties) {
      for (const on of dates) {
        for (const [demo, kinds] of [
          [true, null],
          [false, null],
          [false, ['ENTERPRISE']],
        ] as [boolean, string[] | null][]) {
          const res = await t.execute(UnpairedVillagesDocument, { county, activeOn: on, demonstrationOnly: demo, supportingKinds: kinds as never });
          expect(res.errors).toBeUndefined();
          expect(res.data!.unpairedVillages.map((v) => v.unit.id).sort()).toEqual(oracle.unpaired(county, null, demo, on, kinds));
        }
      }
    }
  });

  it('coverage and timeline match', async () => {
    for (const county of counties) {
      for (const on of dates) {
        const res = await t.execute(CoverageDocument, { county, activeOn: on });
        expect(res.errors).toBeUndefined();
        const c = res.data!.coverage;
        expect(c.townships.map(({ name: _name, ...row }) => row)).toEqual(oracle.townshipCoverage(county, on));
        expect(c.kinds).toEqual(oracle.kindCoverage(county, on));
        const loads = oracle.loads(county, on);
        expect(new Map(c.supporting.map((s) => [s.unit.id, [s.partners, s.ended]]))).toEqual(loads);
      }
      const timeline = await t.execute(TimelineDocument, { county });
      expect(timeline.data!.timeline).toEqual(oracle.timeline(county));
    }
  });

  it('suggestions match the oracle ranking', async () => {
    const targets = counties.flatMap((c) => oracle.unpaired(c, null, false, new Date().toISOString().slice(0, 10), null).slice(0, 4));
    expect(targets.length).toBeGreaterThan(0);
    for (const id of targets) {
      const res = await t.execute(SuggestPartnersDocument, { unitId: id, first: 10 });
      expect(res.errors).toBeUndefined();
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      expect(res.data!.suggestPartners.map((s) => ({ id: s.unit.id, score: s.score }))).toEqual(oracle.suggestions(id, today, 10));
    }
  });

  it('connections are as short as a breadth-first search finds', async () => {
    const villages = counties.flatMap((c) => oracle.villagesOf(c).slice(0, 3).map((v) => v.id));
    for (let i = 0; i + 1 < villages.length; i++) {
      const res = await t.execute(ConnectionDocument, { fromId: villages[i], toId: villages[villages.length - 1 - i], maxHops: 6 });
      expect(res.errors).toBeUndefined();
      expect(res.data!.connection?.hops ?? null).toBe(villages[i] === villages[villages.length - 1 - i] ? null : oracle.distance(villages[i], villages[villages.length - 1 - i], 6));
    }
  });
});
