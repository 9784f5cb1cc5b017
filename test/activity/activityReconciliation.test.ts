import { SummaryLedgerDocument, type SummaryLedgerQuery } from '../../src/generated/operations';
import type { ActivityInputRow } from '../../src/activity/checkActivity';
import { createRepositories } from '../../src/context/Repositories';
import { todayInChina } from '../../src/graphql/DateScalar';
import { cypher, testDatabase } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { cleanUp, COOPERATION, createPairing } from './activityFixtures';

/**
 * Reconciliation for a test ledger: beside each report figure that totals a form over 2016-01-01..2023-08-22,
 * `summary` answers the exact sum of the recorded activities and the difference. The ledger holds acts on the
 * period's first and last days (counted), the days just outside (not counted), other forms and units (not
 * counted), acts of a pairing of the cooperation and of the cooperation itself (both counted), and an act of
 * another cooperation's pairing (not counted).
 */

const P = `actr${process.pid}`;
const ACTOR = `${P}-importer`;
const PAIR = `${P}-pair`;
const OTHER = `${P}-other`;
const today = todayInChina();

let t: TestServer;
let figures: Map<string, SummaryLedgerQuery['summary']['groups'][number]['figures'][number]>;

const act = (owner: string, date: string, form: string, measures: [number, string][], coop = false): ActivityInputRow => ({
  [coop ? 'cooperationId' : 'pairingId']: owner,
  date,
  form,
  measures: measures.map(([value, unit]) => ({ value, unit })),
});

async function ledgerOfSummary() {
  const res = await t.execute(SummaryLedgerDocument, {});
  expect(res.errors).toBeUndefined();
  return new Map(res.data!.summary.groups.flatMap((g) => g.figures).map((f) => [f.id, f]));
}

beforeAll(async () => {
  t = await startTestServer();
  // The ledger starts empty: this suite's expectations are the exact sums of what it records.
  expect(await cypher(t.driver, 'MATCH (a:Activity) RETURN a.id AS id LIMIT 1')).toEqual([]);
  await createPairing(t.driver, PAIR, 'pairing-cz-001', null, null);
  await createPairing(t.driver, OTHER, 'pairing-cz-002', null, null);
  await cypher(t.driver, "MATCH (p:Pairing {id: $id})-[r:IN_COOPERATION]->() DELETE r WITH p MATCH (c:Cooperation {id: 'cooperation-chaoyang-tangxian'}) CREATE (p)-[:IN_COOPERATION]->(c)", { id: OTHER });
  const rows = [
    act(PAIR, '2016-01-01', 'DONATION_MONEY', [[100.25, 'WAN_YUAN']]),
    act(PAIR, '2023-08-22', 'DONATION_MONEY', [[200.5, 'WAN_YUAN']]),
    act(COOPERATION, '2019-05-05', 'DONATION_MONEY', [[50, 'WAN_YUAN']], true),
    act(PAIR, '2015-12-31', 'DONATION_MONEY', [[1000, 'WAN_YUAN']]),
    act(PAIR, '2023-08-23', 'DONATION_MONEY', [[1000, 'WAN_YUAN']]),
    act(OTHER, '2020-01-01', 'DONATION_MONEY', [[1000, 'WAN_YUAN']]),
    act(PAIR, '2020-06-01', 'DONATION_GOODS', [[30, 'ITEMS'], [12.75, 'WAN_YUAN']]),
    act(PAIR, '2020-06-02', 'DONATION_GOODS', [[5, 'ITEMS']]),
    act(PAIR, '2018-03-01', 'TRAINING', [[3, 'SESSIONS'], [100, 'PERSON_TIMES']]),
    act(COOPERATION, '2021-09-09', 'TRAINING', [[2, 'SESSIONS']], true),
    act(PAIR, '2021-09-10', 'TRAINING', [[45, 'PERSON_TIMES']]),
    act(PAIR, '2022-02-02', 'CONSUMPTION', [[1200, 'WAN_YUAN']]),
    act(PAIR, '2022-02-03', 'PUBLIC_WELFARE', [[999, 'WAN_YUAN']]),
  ];
  const result = await createRepositories(testDatabase(t.driver)).activities.recordActivities(rows, { caller: { subject: ACTOR, role: 'planner' }, operation: 'import', today });
  expect(result.ok).toBe(true);
  figures = await ledgerOfSummary();
});

afterAll(async () => {
  await cleanUp(t.driver, [PAIR, OTHER], [ACTOR]);
  await t.close();
});

it.each<[string, number, number, string, string, number]>([
  // figure, reported in the measure's unit, recorded, form, unit, activities
  ['social-donations-cash', 1261, 350.75, 'DONATION_MONEY', 'WAN_YUAN', 3],
  ['social-donations-goods', 1900, 12.75, 'DONATION_GOODS', 'WAN_YUAN', 1],
  ['labour-training-sessions', 62, 5, 'TRAINING', 'SESSIONS', 2],
  ['labour-trainees', 2793, 145, 'TRAINING', 'PERSON_TIMES', 2],
  ['agri-product-sales', 24400, 1200, 'CONSUMPTION', 'WAN_YUAN', 1],
  ['fiscal-aid-2016-2023', 12073.74, 0, 'PROJECT', 'WAN_YUAN', 0],
])('%s: the reported total, the recorded sum and the difference', (id, reported, recorded, form, unit, activityCount) => {
  expect(figures.get(id)!.ledger).toEqual({ form, unit, reported, recorded, difference: Number((reported - recorded).toFixed(6)), activityCount });
});

it('the differences are exact', () => {
  expect(figures.get('social-donations-cash')!.ledger!.difference).toBe(910.25);
  expect(figures.get('agri-product-sales')!.ledger!.difference).toBe(23200);
  expect(figures.get('labour-trainees')!.ledger!.difference).toBe(2648);
});

it('a figure that is no total of a form has no ledger, breakdowns included', () => {
  const mapped = ['social-donations-cash', 'social-donations-goods', 'labour-training-sessions', 'labour-trainees', 'agri-product-sales', 'fiscal-aid-2016-2023'];
  for (const [id, f] of figures) expect(f.ledger === null).toBe(!mapped.includes(id));
  expect(figures.get('labour-trainees')!.breakdown.map((b) => b.ledger)).toEqual([null]);
});

it('a removed activity leaves the sum at once', async () => {
  const [{ id }] = await cypher<{ id: string }>(t.driver, "MATCH (:Pairing {id: $p})<-[:ACTIVITY_OF]-(a:Activity {form: 'CONSUMPTION'}) RETURN a.id AS id", { p: PAIR });
  expect(await createRepositories(testDatabase(t.driver)).activities.deleteActivity(id, { subject: ACTOR, role: 'admin' })).not.toBeNull();
  expect((await ledgerOfSummary()).get('agri-product-sales')!.ledger).toMatchObject({ recorded: 0, difference: 24400, activityCount: 0 });
});
