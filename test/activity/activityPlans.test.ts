import type { Driver } from 'neo4j-driver';
import { activityPageQuery, ACTIVITY_SCOPES, ACTIVITY_SUMMARY, DORMANT_PAIRINGS, RECONCILIATION, type ActivityScope } from '../../src/activity/activityQueries';
import { MEASURE_UNITS } from '../../src/domain/vocabulary';
import { explain, LABEL_SCANS } from '../support/explainPlan';
import { testDriver } from '../support/testDatabase';

/** The ledger's questions start from an index entry (EXPLAIN, as for the planner's), never from a scan of a label. */

let driver: Driver;
beforeAll(() => {
  driver = testDriver();
});
afterAll(() => driver.close());

const period = { from: '2016-01-01', to: '2023-08-22', forms: null };
const page = { ...period, pairingId: 'pairing-cz-001', cooperationId: 'cooperation-chaoyang-zhuozi', unitId: '150921212210', region: '150921000000', afterDate: null, afterId: null, limit: 51 };
const queries: [string, string, Record<string, unknown>][] = [
  ...(Object.keys(ACTIVITY_SCOPES) as ActivityScope[]).flatMap((scope): [string, string, Record<string, unknown>][] => [
    [`activities of a ${scope}`, activityPageQuery(scope, false), page],
    [`activities of a ${scope} with their count`, activityPageQuery(scope, true), page],
  ]),
  ['dormantPairings', DORMANT_PAIRINGS, { region: '150921000000', since: '2023-01-01', on: '2024-01-01', limit: 500 }],
  ['activitySummary', ACTIVITY_SUMMARY, { region: '150921000000', ...period, units: MEASURE_UNITS }],
  ['reconciliation', RECONCILIATION, { items: [{ figureId: 'social-donations-cash', form: 'DONATION_MONEY', unit: 'WAN_YUAN' }] }],
];

describe('the ledger queries start from an index, never a scan of all nodes of a label', () => {
  it.each(queries)('%s', async (_name, query, params) => {
    const ops = await explain(driver, query, params);
    expect(ops.some((o) => /NodeUniqueIndexSeek|NodeIndexSeek/.test(o))).toBe(true);
    expect(ops.filter((o) => LABEL_SCANS.test(o))).toEqual([]);
  });

  it('the check itself sees a label scan when there is one', async () => {
    const ops = await explain(driver, 'MATCH (a:Activity) WHERE a.note CONTAINS $x RETURN count(a)', { x: 'x' });
    expect(ops.some((o) => /NodeByLabelScan/.test(o))).toBe(true);
  });
});
