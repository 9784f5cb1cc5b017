import type { Driver } from 'neo4j-driver';
import { UnitRepository } from '../../src/unit/UnitRepository';
import { profileDbHits } from '../support/profiledHits';
import { operators, type Plan } from '../support/explainPlan';
import { cypher, testDatabase, testDriver } from '../support/testDatabase';

/**
 * Issue 17's guard for the units page, deterministic where timings are not: the page's Cypher is PROFILEd and its
 * db hits summed, on the seed and after the graph has grown by thousands of units of the same kind. A page that
 * sorts or counts every match grows with the graph (the bench measured 7,986 db hits on the seed and 153,252 on
 * its generated graph before the page was cut early); one read from the id index in order and cut by LIMIT does not.
 */

const P = `uplan${process.pid}`;
const GROWTH = 3000;
/**
 * The bound of one page of 100 villages without totalCount: about 100 rows × (index entry, kind, the projection's
 * properties), plus the units of other kinds skipped on the way in id order.
 */
const PAGE_HITS = 5000;

let driver: Driver;

async function profiled(list: (repo: UnitRepository) => Promise<{ items: unknown[]; totalCount: number }>) {
  const { result, hits } = await profileDbHits(driver, (db) => list(new UnitRepository(db)));
  return { hits, items: result.items.length, totalCount: result.totalCount };
}

const cleanUp = () => cypher(driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $a OR n.id STARTS WITH $b DETACH DELETE n', { a: `0${P}`, b: `z${P}` });

beforeAll(() => {
  driver = testDriver();
});

afterAll(async () => {
  await cleanUp();
  await driver.close();
});

it('a page of 100 villages costs db hits under the bound on the seed and on a graph grown by thousands; the count only when asked', async () => {
  const page = (repo: UnitRepository) => repo.list({ kind: ['VILLAGE'] }, 100, null, { withTotal: false });
  const seed = await profiled(page);
  expect(seed.items).toBe(100);
  expect(seed.hits).toBeLessThan(PAGE_HITS);

  // Thousands more villages, with ids that sort before the seed's and after them.
  await cypher(
    driver,
    `UNWIND range(1, $n) AS i
     CREATE (:Node:Unit {id: CASE i % 2 WHEN 0 THEN '0' ELSE 'z' END + $p + '-' + i, name: 'plan village ' + i, kind: 'VILLAGE', provenance: 'IMPORTED', source: 'plan-test'})`,
    { n: GROWTH, p: P },
  );
  const grown = await profiled(page);
  expect(grown.items).toBe(100);
  expect(grown.hits).toBeLessThan(PAGE_HITS);

  const [{ n }] = await cypher<{ n: number }>(driver, "MATCH (u:Unit {kind: 'VILLAGE'}) RETURN count(u) AS n");
  const counted = await profiled((repo) => repo.list({ kind: ['VILLAGE'] }, 100, null, { withTotal: true }));
  expect(counted.totalCount).toBe(n);
  expect(counted.hits).toBeGreaterThan(grown.hits + GROWTH);
  await cleanUp();
}, 180_000);

it('pages through villages in id order after a cursor, the same rows as plain Cypher gives', async () => {
  const repo = new UnitRepository(testDatabase(driver));
  const first = await repo.list({ kind: ['VILLAGE'] }, 5, null, { withTotal: false });
  const second = await repo.list({ kind: ['VILLAGE'] }, 5, first.items[4].id, { withTotal: false });
  const expected = await cypher<{ id: string }>(driver, "MATCH (u:Unit {kind: 'VILLAGE'}) RETURN u.id AS id ORDER BY id LIMIT 10");
  expect([...first.items, ...second.items].map((u) => u.id)).toEqual(expected.map((r) => r.id));
  expect(first.hasNextPage).toBe(true);
});

it('with a name filter, reads the name text index rather than walking every unit in id order', async () => {
  const plans: string[][] = [];
  const { result } = await profileDbHits(
    driver,
    (db) => new UnitRepository(db).list({ nameContains: '拐角铺' }, 10, null, { withTotal: false }),
    (profile) => plans.push(operators(profile as Plan)),
  );
  expect(result.items.map((u) => u.id)).toContain('150921212210');
  expect(plans.flat()).toContain('NodeIndexContainsScan');
});
