import type { Driver } from 'neo4j-driver';
import { SearchRepository } from '../../src/search/SearchRepository';
import { searchFieldsOf } from '../../src/search/pinyinOf';
import { profileDbHits } from '../support/profiledHits';
import { cypher, testDriver } from '../support/testDatabase';

/**
 * Issue 17's guard for search, deterministic where timings are not: the statements a search sends are
 * PROFILEd, their operators listed and their db hits summed, on the test database and after it has gained
 * thousands of units whose names do not hold the text.
 *
 * A two-character text (卓资) cannot use the text index's trigrams: a `CONTAINS` on it reads every entry of the
 * index inside Lucene (68 ms on the national divisions), which db hits do not show, so the plan's operators are
 * checked. The full-text index holds every two-character run of a name as a token and serves it instead.
 */

const P = `splan${process.pid}`;
const GROWTH = 3000;
/**
 * The bound of one search's db hits: the matching units' index entries and the properties ranking reads
 * (about 20 each). Measured about 800 for 卓资 (it matches the county and the seed's units named after it) and
 * the same after the growth, since the new units do not match.
 */
const SEARCH_HITS = 2000;

let driver: Driver;

/** Collects the operator names of a profiled plan. */
function operators(plan: { operatorType?: string; children?: unknown[] }): string[] {
  return [plan.operatorType ?? '', ...(plan.children ?? []).flatMap((c) => operators(c as typeof plan))];
}

/** Searches `text` through a recording database; returns the hits, their db hits and every operator of the plans. */
async function search(text: string): Promise<{ ids: string[]; first: string | undefined; hits: number; ops: string[] }> {
  const ops: string[] = [];
  const run = await profileDbHits(driver, (db) => new SearchRepository(db).search(text, 20, null), (profile) => ops.push(...operators(profile as never)));
  return { ids: run.result.map((h) => h.unit.id), first: run.result[0]?.unit.name, hits: run.hits, ops };
}

const scans = (ops: string[]) => ops.filter((o) => /LabelScan|AllNodesScan|IndexContainsScan/.test(o));

beforeAll(async () => {
  driver = testDriver();
}, 60_000);

afterAll(async () => {
  await cypher(driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $p DETACH DELETE n', { p: P });
  await driver.close();
});

it('a two-character text is served by the full-text index, never by a CONTAINS scan of the text indexes', async () => {
  const two = await search('卓资');
  expect(two.first).toBe('卓资县');
  expect(scans(two.ops)).toEqual([]);
  expect(two.ops.some((o) => /ProcedureCall/.test(o))).toBe(true);
  // Three characters and more: the trigram text index of `names` serves CONTAINS (a seek, no label scan).
  const three = await search('拐角铺');
  expect(three.first).toBe('拐角铺村民委员会');
  expect(three.ops.filter((o) => /LabelScan|AllNodesScan/.test(o))).toEqual([]);
});

it('costs db hits under the bound on the seed and after the graph gains thousands of units, with the same answer', async () => {
  const before = { two: await search('卓资'), three: await search('拐角铺') };
  const rows = Array.from({ length: GROWTH }, (_, i) => {
    const name = `测试增长单位${i}号`;
    return { id: `${P}-${i}`, name, ...searchFieldsOf(name) };
  });
  await cypher(
    driver,
    `UNWIND $rows AS row CREATE (u:Node:Unit:Organization {id: row.id}) SET u.name = row.name, u.kind = 'ENTERPRISE', u.provenance = 'IMPORTED',
       u.pinyin = row.pinyin, u.initials = row.initials, u.names = row.names`,
    { rows },
  );
  await cypher(driver, 'CALL db.awaitIndexes(300)');
  const after = { two: await search('卓资'), three: await search('拐角铺') };
  for (const key of ['two', 'three'] as const) {
    expect([key, after[key].ids]).toEqual([key, before[key].ids]);
    expect([key, before[key].hits < SEARCH_HITS, after[key].hits < SEARCH_HITS]).toEqual([key, true, true]);
  }
}, 120_000);
