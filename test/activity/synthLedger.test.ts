import { ACTIVITY_FORMS } from '../../src/domain/vocabulary';
import { ActivitiesDocument, ActivitySummaryDocument, DormantPairingsDocument, type ActivitiesQuery, type ActivitiesQueryVariables } from '../../src/generated/operations';
import { todayInChina } from '../../src/graphql/DateScalar';
import type { SeedGraph } from '../../src/seed/SeedGraph';
import { SYNTH_REFERENCE_DATE } from '../../src/synth/generateActivities';
import { generateGraphAll, type SynthOptions } from '../../src/synth/generateGraph';
import { deleteSynth, loadSynth } from '../../src/synth/loadSynth';
import { testDatabase } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { dormantOracle, inRegion, newestFirst, summaryOracle, type OracleActivity, type Owner, type Step } from './activityOracle';

/**
 * The ledger's questions on a generated graph with generated activities (seeded, replayable), for one of its
 * counties, against the oracle computed from what the generator gave in memory (not read back by Cypher): the
 * yearly records (the ended ones, and activities on their first and last days), the dormant pairings relative
 * to the generator's reference date, and county-wide activities of cooperations.
 */

const P = `sl${process.pid}`;
const OPTIONS: SynthOptions = {
  seed: 37,
  idPrefix: P,
  supportingProvinces: 1,
  supportedProvinces: 1,
  districtsPerProvince: 2,
  countiesPerProvince: 2,
  townshipsPerCounty: 3,
  villagesPerTownship: 8,
  orgsPerDistrict: 8,
  cooperations: true,
  yearlyRecords: true,
  activities: true,
};
const today = todayInChina();
const yearBefore = (d: string) => `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`;

let t: TestServer;
const graph: SeedGraph = generateGraphAll(OPTIONS);

/** The oracle's owners and ledger, from the generated graph alone. */
function oracleOf(g: SeedGraph): { owners: Owner[]; ledger: OracleActivity[] } {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const out = (type: string) => new Map(g.relationships.filter((r) => r.type === type).map((r) => [r.from, r.to]));
  const [partOf, locatedIn, supporter, supported, inCoop, supSide, sudSide, owner] = ['PART_OF', 'LOCATED_IN', 'SUPPORTER', 'SUPPORTED', 'IN_COOPERATION', 'SUPPORTING_SIDE', 'SUPPORTED_SIDE', 'ACTIVITY_OF'].map(out);
  const chain = (id: string): Step[] => {
    const steps: Step[] = [{ id, region: byId.get(id)!.labels.includes('Region') }];
    for (let at = locatedIn.get(id) ?? partOf.get(id); at; at = partOf.get(at)) steps.unshift({ id: at, region: true });
    return steps;
  };
  const owners = new Map<string, Owner>();
  for (const n of g.nodes) {
    if (n.labels.includes('Pairing')) {
      owners.set(n.id, { id: n.id, type: 'Pairing', since: n.props.since as string, until: n.props.until as string | null, places: [chain(supporter.get(n.id)!), chain(supported.get(n.id)!)], supporter: supporter.get(n.id)!, cooperation: inCoop.get(n.id) ?? null });
    } else if (n.labels.includes('Cooperation')) {
      owners.set(n.id, { id: n.id, type: 'Cooperation', since: `${String(n.props.p_since)}-01-01`, until: null, places: [chain(supSide.get(n.id)!), chain(sudSide.get(n.id)!)], supporter: supSide.get(n.id)!, cooperation: n.id });
    }
  }
  const ledger = g.nodes
    .filter((n) => n.labels.includes('Activity'))
    .map((n) => {
      const units = n.props.measureUnits as string[];
      const values = n.props.measureValues as number[];
      return { id: n.id, owner: owners.get(owner.get(n.id)!)!, date: n.props.date as string, form: n.props.form as string, measures: units.map((unit, i) => ({ unit, value: values[i] })) };
    });
  return { owners: [...owners.values()], ledger };
}

const { owners, ledger } = oracleOf(graph);
/** The first supported county of the graph, and its code as the API takes it (6 digits). */
const county = graph.nodes.find((n) => n.props.level === 'COUNTY' && n.props.side === 'SUPPORTED')!.id;
const inCounty = ledger.filter((a) => inRegion(a, county));
const endedPairing = owners.find((o) => o.type === 'Pairing' && o.until !== null && o.places[1].some((s) => s.id === county) && inCounty.filter((a) => a.owner.id === o.id).length >= 2)!;

beforeAll(async () => {
  t = await startTestServer();
  await loadSynth(testDatabase(t.driver), OPTIONS);
}, 180_000);

afterAll(async () => {
  await deleteSynth(testDatabase(t.driver), P);
  await t.close();
});

it('the generated county holds what the questions must get right', () => {
  expect(inCounty.length).toBeGreaterThan(100);
  expect(endedPairing).toBeDefined();
  expect(inCounty.some((a) => a.owner.type === 'Cooperation')).toBe(true);
  expect(inCounty.some((a) => a.date === a.owner.since)).toBe(true);
  expect(inCounty.some((a) => a.date === a.owner.until)).toBe(true);
  expect(dormantOracle(owners, ledger, county, yearBefore(SYNTH_REFERENCE_DATE), today).some((d) => d.last === null)).toBe(true);
  // With yearly records a lapsed pairing's open record is new and silent; a dormancy date later than some acts finds acted ones.
  expect(dormantOracle(owners, ledger, county, SYNTH_REFERENCE_DATE, today).some((d) => d.last !== null)).toBe(true);
});

/** Returns every page of `activities(variables)`, 150 at a time. */
async function allActivities(variables: ActivitiesQueryVariables): Promise<string[]> {
  const got: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 200; page++) {
    const res: { data?: ActivitiesQuery | null; errors?: unknown[] } = await t.execute(ActivitiesDocument, { ...variables, first: 150, after });
    expect(res.errors).toBeUndefined();
    got.push(...res.data!.activities.edges.map((e) => e.node.id));
    if (!res.data!.activities.pageInfo.hasNextPage) return got;
    after = res.data!.activities.pageInfo.endCursor!;
  }
  throw new Error('too many pages');
}

describe('activities of the generated county against the oracle', () => {
  it.each<[string, () => ActivitiesQueryVariables, (a: OracleActivity) => boolean]>([
    ['the county', () => ({ region: county.slice(0, 6) }), () => true],
    ['the county from an ended record’s first day to its last', () => ({ region: county, from: endedPairing.since, to: endedPairing.until }), (a) => a.date >= endedPairing.since! && a.date <= endedPairing.until!],
    ['the county, trainings and donations of the last 12 months', () => ({ region: county, from: yearBefore(SYNTH_REFERENCE_DATE), forms: ['TRAINING', 'DONATION_MONEY'] }), (a) => a.date >= yearBefore(SYNTH_REFERENCE_DATE) && ['TRAINING', 'DONATION_MONEY'].includes(a.form)],
    ['a pairing record that ended', () => ({ pairingId: endedPairing.id }), (a) => a.owner.id === endedPairing.id],
  ])('%s', async (_what, variables, keep) => {
    const expected = newestFirst(inCounty.filter(keep)).map((a) => a.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(await allActivities(variables())).toEqual(expected);
  });
});

describe('dormantPairings and activitySummary of the generated county against the oracle', () => {
  it.each([
    ['12 months before the reference date', yearBefore(SYNTH_REFERENCE_DATE)],
    ['the reference date itself', SYNTH_REFERENCE_DATE],
    ['three years before it', '2021-12-31'],
  ])('dormant since %s', async (_what, since) => {
    const expected = dormantOracle(owners, ledger, county, since, today);
    expect(expected.length).toBeGreaterThan(0);
    const res = await t.execute(DormantPairingsDocument, { region: county, since });
    expect(res.errors).toBeUndefined();
    const got = res.data!.dormantPairings.map((d) => ({ pairing: d.pairing.id, last: d.lastActivity ? [d.lastActivity.id, d.lastActivity.date] : null, silentDays: d.silentDays }));
    expect(got).toEqual(expected);
    expect(got.some((d) => d.pairing === endedPairing.id)).toBe(false);
  });

  it.each<[string, string | null, string | null]>([
    ['all time', null, null],
    ['the ended record’s life', 'ENDED_SINCE', 'ENDED_UNTIL'],
    ['the last 12 months', yearBefore(SYNTH_REFERENCE_DATE), SYNTH_REFERENCE_DATE],
  ])('summary over %s', async (_what, fromArg, toArg) => {
    const from = fromArg === 'ENDED_SINCE' ? endedPairing.since : fromArg;
    const to = toArg === 'ENDED_UNTIL' ? endedPairing.until : toArg;
    const acts = inCounty.filter((a) => (from === null || a.date >= from) && (to === null || a.date <= to));
    expect(acts.length).toBeGreaterThan(0);
    const res = await t.execute(ActivitySummaryDocument, { region: county, from, to });
    expect(res.errors).toBeUndefined();
    const s = res.data!.activitySummary;
    expect({ total: s.total, byForm: s.byForm, byChildRegion: s.byChildRegion, bySupportingUnit: s.bySupportingUnit }).toEqual(summaryOracle(acts, county, ACTIVITY_FORMS));
  });
});
