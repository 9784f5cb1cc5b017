import type { Driver } from 'neo4j-driver';
import { COVERAGE, connectionQuery, SUGGESTION_CANDIDATES, TIMELINE, UNPAIRED_VILLAGES } from '../../src/planner/plannerQueries';
import { explain as explainOf, explainPlan as explainPlanOf, operators, type Plan } from '../support/explainPlan';
import { testDriver } from '../support/testDatabase';

let driver: Driver;
beforeAll(() => {
  driver = testDriver();
});
afterAll(() => driver.close());

function leaves(plan: Plan): Plan[] {
  return plan.children.length === 0 ? [plan] : plan.children.flatMap(leaves);
}

const explainPlan = (query: string, params: Record<string, unknown>) => explainPlanOf(driver, query, params);
const explain = (query: string, params: Record<string, unknown>) => explainOf(driver, query, params);

const on = '2024-01-01';
const queries: [string, string, Record<string, unknown>][] = [
  ['unpairedVillages', UNPAIRED_VILLAGES, { region: '150921000000', countyOnly: true, township: null, demonstrationOnly: true, on, supportingKinds: null }],
  ['coverage', COVERAGE, { region: '150921000000', countyOnly: true, on, ranks: { PROVINCE: 0, CITY: 1, COUNTY: 2, TOWNSHIP: 3, VILLAGE: 4 }, byRank: null }],
  ['suggestPartners', SUGGESTION_CANDIDATES, { unitId: '150921106207', candidateKinds: { VILLAGE: ['ENTERPRISE'] }, on }],
  ['connection', connectionQuery(6), { fromId: '150921212210', toId: '110105023000' }],
  ['timeline', TIMELINE, { region: '150921000000', countyOnly: true }],
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

const ranks = { PROVINCE: 0, CITY: 1, COUNTY: 2, TOWNSHIP: 3, VILLAGE: 4 };
const regionForms: [string, string, Record<string, unknown>][] = [];
for (const [level, region] of [
  ['province', '150000000000'],
  ['county', '150921000000'],
  ['township', '150921212000'],
]) {
  regionForms.push(
    [`coverage of a ${level}`, COVERAGE, { region, countyOnly: false, on, ranks, byRank: null }],
    [`coverage of a ${level} by village`, COVERAGE, { region, countyOnly: false, on, ranks, byRank: ranks.VILLAGE }],
    [`unpairedVillages of a ${level}`, UNPAIRED_VILLAGES, { region, countyOnly: false, township: null, demonstrationOnly: false, on, supportingKinds: null }],
    [`unpairedVillages of a ${level} in a township`, UNPAIRED_VILLAGES, { region, countyOnly: false, township: '150921212000', demonstrationOnly: true, on, supportingKinds: ['ENTERPRISE'] }],
    [`timeline of a ${level}`, TIMELINE, { region, countyOnly: false }],
  );
}
regionForms.push(['coverage of a province by county', COVERAGE, { region: '150000000000', countyOnly: false, on, ranks, byRank: ranks.COUNTY }]);

describe("the region forms start from the region's unique-index entry and scan no label", () => {
  it.each(regionForms)('%s', async (_name, query, params) => {
    const plan = await explainPlan(query, params);
    expect(operators(plan).filter((o) => /NodeByLabelScan|AllNodesScan|UnionNodeByLabelsScan|IntersectionNodeByLabelsScan/.test(o))).toEqual([]);
    // The first leaf (what the plan reads first) seeks the region by its unique id; every other leaf is an
    // argument handed down by an outer operator, or a seek of another node named by id (the township).
    const [first, ...rest] = leaves(plan);
    expect(first.operatorType.replace(/@.*$/, '')).toBe('NodeUniqueIndexSeek');
    expect(String(first.arguments.Details)).toMatch(/c:Region\(id\) WHERE id = \$region/);
    for (const leaf of rest) {
      const op = leaf.operatorType.replace(/@.*$/, '');
      if (op === 'NodeUniqueIndexSeek') expect(String(leaf.arguments.Details)).toMatch(/:Region\(id\) WHERE id = \$township/);
      else expect(op).toBe('Argument');
    }
  });

  it('the leaf check itself sees a scan at a leaf', async () => {
    const plan = await explainPlan("MATCH (c:Region {id: $region}) MATCH (v:Unit) WHERE v.name = c.name RETURN count(v)", { region: '150921000000' });
    expect(leaves(plan).map((l) => l.operatorType.replace(/@.*$/, ''))).toContain('NodeByLabelScan');
  });
});
