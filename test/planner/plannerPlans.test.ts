import type { Driver } from 'neo4j-driver';
import { COVERAGE, connectionQuery, SUGGESTION_CANDIDATES, TIMELINE, UNPAIRED_VILLAGES } from '../../src/planner/plannerQueries';
import { testDriver } from '../support/testDatabase';

interface Plan {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: Plan[];
}

let driver: Driver;
beforeAll(() => {
  driver = testDriver();
});
afterAll(() => driver.close());

function operators(plan: Plan): string[] {
  return [plan.operatorType.replace(/@.*$/, ''), ...plan.children.flatMap(operators)];
}

async function explain(query: string, params: Record<string, unknown>): Promise<string[]> {
  const result = await driver.executeQuery(`EXPLAIN ${query}`, params);
  return operators(result.summary.plan as unknown as Plan);
}

const on = '2024-01-01';
const queries: [string, string, Record<string, unknown>][] = [
  ['unpairedVillages', UNPAIRED_VILLAGES, { county: '150921000000', township: null, demonstrationOnly: true, on, supportingKinds: null }],
  ['coverage', COVERAGE, { county: '150921000000', on }],
  ['suggestPartners', SUGGESTION_CANDIDATES, { unitId: '150921106207', candidateKinds: { VILLAGE: ['ENTERPRISE'] }, on }],
  ['connection', connectionQuery(6), { fromId: '150921212210', toId: '110105023000' }],
  ['timeline', TIMELINE, { county: '150921000000' }],
];

describe('the planner queries start from an index, never a scan of all nodes of a label', () => {
  it.each(queries)('%s', async (_name, query, params) => {
    const ops = await explain(query, params);
    expect(ops.some((o) => /NodeUniqueIndexSeek|NodeIndexSeek/.test(o))).toBe(true);
    expect(ops.filter((o) => /NodeByLabelScan|AllNodesScan|UnionNodeByLabelsScan|IntersectionNodeByLabelsScan/.test(o))).toEqual([]);
  });

  it('the check itself sees a label scan when there is one', async () => {
    const ops = await explain("MATCH (v:Unit) WHERE size(v.name) > 3 RETURN count(v)", {});
    expect(ops.some((o) => /NodeByLabelScan/.test(o))).toBe(true);
  });
});
