import { RegionCodesDocument, RegionsDocument } from '../../src/generated/operations';
import { PROVINCES, REGIONS_UNDER } from '../../src/region/RegionRepository';
import { cypher } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';

/** `regions(parent:)`: one level of the division tree, checked against plain Cypher on the test database. */

interface Plan {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: Plan[];
}

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** Plain Cypher: the divisions directly under `parent` (or the provinces), ordered by code. */
function childrenInCypher(parent: string | null): Promise<{ code: string; name: string; displayName: string }[]> {
  return parent === null
    ? cypher(t.driver, "MATCH (r:Region) WHERE r.level = 'PROVINCE' RETURN r.id AS code, r.name AS name, coalesce(r.shortName, r.name) AS displayName ORDER BY code")
    : cypher(t.driver, 'MATCH (r:Region)-[:PART_OF]->(:Region {id: $parent}) RETURN r.id AS code, r.name AS name, coalesce(r.shortName, r.name) AS displayName ORDER BY code', { parent });
}

const leafOps = (plan: Plan): string[] => (plan.children.length === 0 ? [plan.operatorType.replace(/@.*$/, '')] : plan.children.flatMap(leafOps));
const leaves = (plan: Plan): Plan[] => (plan.children.length === 0 ? [plan] : plan.children.flatMap(leaves));
const allOps = (plan: Plan): string[] => [plan.operatorType.replace(/@.*$/, ''), ...plan.children.flatMap(allOps)];
const SCANS = /NodeByLabelScan|AllNodesScan|UnionNodeByLabelsScan|IntersectionNodeByLabelsScan/;

async function explain(query: string, params: Record<string, unknown>): Promise<Plan> {
  return (await t.driver.executeQuery(`EXPLAIN ${query}`, params)).summary.plan as unknown as Plan;
}

describe('regions(parent)', () => {
  it('gives the provinces ordered by code when parent is omitted, as Cypher lists them', async () => {
    const expected = await childrenInCypher(null);
    expect(expected.map((r) => r.name)).toEqual(expect.arrayContaining(['北京市', '河北省', '内蒙古自治区', '新疆维吾尔自治区']));
    const res = await t.execute(RegionsDocument, {});
    expect(res.errors).toBeUndefined();
    expect(res.data!.regions.map((r) => ({ code: r.code, name: r.name, displayName: r.displayName }))).toEqual(expected);
    expect(res.data!.regions.every((r) => r.level === 'PROVINCE' && r.parent === null)).toBe(true);
  });

  it.each([
    ['a province', '15', '150000000000'],
    ['a prefecture', '1509', '150900000000'],
    ['a county', '150921', '150921000000'],
    ['a township', '150921212', '150921212000'],
  ])('gives the divisions directly under %s (%s), ordered by code, whatever the code length', async (_what, short, full) => {
    const expected = await childrenInCypher(full);
    expect(expected.length).toBeGreaterThan(0);
    for (const parent of [short, full]) {
      const res = await t.execute(RegionsDocument, { parent });
      expect(res.errors).toBeUndefined();
      expect(res.data!.regions.map((r) => ({ code: r.code, name: r.name, displayName: r.displayName }))).toEqual(expected);
      expect(res.data!.regions.every((r) => r.parent?.code === full)).toBe(true);
    }
  });

  it('gives short names for the villages of 复兴乡 (拐角铺村) and an empty list under a village', async () => {
    const res = await t.execute(RegionsDocument, { parent: '150921212' });
    const guaijiaopu = res.data!.regions.find((r) => r.code === '150921212210');
    expect(guaijiaopu).toMatchObject({ name: '拐角铺村民委员会', displayName: '拐角铺村', level: 'VILLAGE', kind: 'VILLAGE', current: true });
    const leaf = await t.execute(RegionsDocument, { parent: '150921212210' });
    expect(leaf.errors).toBeUndefined();
    expect(leaf.data!.regions).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown parent and BAD_USER_INPUT naming parent for a malformed code', async () => {
    for (const parent of ['99', '1599', '150999000000']) {
      const res = await t.execute(RegionsDocument, { parent });
      expect({ parent, codes: res.errors?.map((e) => e.extensions?.code), message: res.errors?.[0]?.message }).toEqual({ parent, codes: ['NOT_FOUND'], message: `region '${parent}' not found` });
    }
    for (const parent of ['', '150', '15092', 'CY-SCHOOL-01', '1509210000001']) {
      const res = await t.execute(RegionsDocument, { parent });
      expect({ parent, code: res.errors?.[0]?.extensions?.code, field: res.errors?.[0]?.extensions?.field, value: res.errors?.[0]?.extensions?.value }).toEqual({
        parent,
        code: 'BAD_USER_INPUT',
        field: 'parent',
        value: parent,
      });
    }
  });

  it('costs one round trip, with or without a parent', async () => {
    for (const parent of [null, '1509']) {
      t.counter.count = 0;
      const res = await t.execute(RegionCodesDocument, { parent });
      expect(res.data!.regions.length).toBeGreaterThan(0);
      expect({ parent, trips: t.counter.count }).toEqual({ parent, trips: 1 });
    }
  });
});

describe("regions' plans", () => {
  it("start from the parent's unique-index entry; every other leaf is an argument; no label is scanned", async () => {
    const plan = await explain(REGIONS_UNDER, { parent: '150921000000' });
    expect(allOps(plan).filter((o) => SCANS.test(o))).toEqual([]);
    const [first, ...rest] = leaves(plan);
    expect(first.operatorType.replace(/@.*$/, '')).toBe('NodeUniqueIndexSeek');
    expect(String(first.arguments.Details)).toMatch(/p:Region\(id\) WHERE id = \$parent/);
    expect(rest.map((l) => l.operatorType.replace(/@.*$/, '')).filter((op) => op !== 'Argument')).toEqual([]);
  });

  it('seek the provinces in the index on Region.level, scanning no label', async () => {
    const plan = await explain(PROVINCES, {});
    expect(allOps(plan).filter((o) => SCANS.test(o))).toEqual([]);
    const [first, ...rest] = leaves(plan);
    expect(first.operatorType.replace(/@.*$/, '')).toBe('NodeIndexSeek');
    expect(String(first.arguments.Details)).toMatch(/c:Region\(level\) WHERE level = /);
    expect(rest.map((l) => l.operatorType.replace(/@.*$/, '')).filter((op) => op !== 'Argument')).toEqual([]);
  });

  it('the check sees a label scan where the parent is matched without its index', async () => {
    const plan = await explain(REGIONS_UNDER.replace('{id: $parent}', '') + ' ', {});
    expect(leafOps(plan).some((o) => SCANS.test(o))).toBe(true);
  });
});
