import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import path from 'node:path';
import { UnitDocument, UnitIdsDocument, UnitsDocument, type UnitFilter } from '../../src/generated/operations';
import { collectPages } from '../support/pages';
import { cypher } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';

const cfg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'seed', 'pairings.json'), 'utf8'));

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** Counts units by plain Cypher; `where` is a condition on `u`, regions walked to any depth. */
async function cypherIds(where: string, params: Record<string, unknown> = {}, regionCode: string | null = null): Promise<string[]> {
  const match = regionCode ? 'MATCH (:Region {id: $regionCode})<-[:PART_OF|LOCATED_IN*1..]-(u:Unit)' : 'MATCH (u:Unit)';
  const rows = await cypher<{ id: string }>(t.driver, `${match} WHERE ${where} RETURN DISTINCT u.id AS id ORDER BY id`, { ...params, regionCode });
  return rows.map((r) => r.id);
}

async function apiTotal(where: UnitFilter): Promise<number> {
  const res = await t.execute(UnitIdsDocument, { where, first: 1 });
  expect(res.errors).toBeUndefined();
  return res.data!.units.totalCount;
}

async function apiIds(where: UnitFilter | null): Promise<{ ids: string[]; totalCount: number; pages: number }> {
  const { nodes, totalCount, pages } = await collectPages<{ id: string }>(async (after) => {
    const res = await t.execute(UnitIdsDocument, { where, first: 50, after });
    return { page: res.data?.units, errors: res.errors };
  });
  return { ids: nodes.map((n) => n.id), totalCount, pages };
}

describe('units: filters match plain Cypher', () => {
  it.each<[string, UnitFilter, string, Record<string, unknown>, string | null]>([
    ['kind SCHOOL, HOSPITAL', { kind: ['SCHOOL', 'HOSPITAL'] }, "u.kind IN ['SCHOOL', 'HOSPITAL']", {}, null],
    ['kind VILLAGE', { kind: ['VILLAGE'] }, "u.kind = 'VILLAGE'", {}, null],
    ['side SUPPORTING', { side: 'SUPPORTING' }, "u.side = 'SUPPORTING'", {}, null],
    ['side SUPPORTED', { side: 'SUPPORTED' }, "u.side = 'SUPPORTED'", {}, null],
    ['regionCode 卓资县', { regionCode: '150921000000' }, 'true', {}, '150921000000'],
    ['regionCode 复兴乡', { regionCode: '150921212000' }, 'true', {}, '150921212000'],
    ['regionCode 北京市', { regionCode: '110000000000' }, 'true', {}, '110000000000'],
    ['regionCode unknown', { regionCode: '999999999999' }, 'true', {}, '999999999999'],
    ['provenance PLACEHOLDER', { provenance: ['PLACEHOLDER'] }, "u.provenance = 'PLACEHOLDER'", {}, null],
    ['provenance REPORTED', { provenance: ['REPORTED'] }, "u.provenance = 'REPORTED'", {}, null],
    ['nameContains 村委会', { nameContains: '村委会' }, 'u.name CONTAINS $x', { x: '村委会' }, null],
    ['nameContains 结对', { nameContains: '结对' }, 'u.name CONTAINS $x', { x: '结对' }, null],
    ['demonstration true', { demonstration: true }, 'u.demonstration = true', {}, null],
    ['demonstration false: the other village-level divisions', { demonstration: false }, "u:Region AND u.level = 'VILLAGE' AND NOT coalesce(u.demonstration, false)", {}, null],
    [
      'kind VILLAGE, demonstration, under 卓资县',
      { kind: ['VILLAGE'], demonstration: true, regionCode: '150921000000' },
      "u.kind = 'VILLAGE' AND u.demonstration = true",
      {},
      '150921000000',
    ],
    [
      'side SUPPORTING, PLACEHOLDER, nameContains 企业',
      { side: 'SUPPORTING', provenance: ['PLACEHOLDER'], nameContains: '企业' },
      "u.side = 'SUPPORTING' AND u.provenance = 'PLACEHOLDER' AND u.name CONTAINS '企业'",
      {},
      null,
    ],
  ])('%s', async (_, where, cond, params, regionCode) => {
    const expected = await cypherIds(cond, params, regionCode);
    const { ids, totalCount } = await apiIds(where);
    expect(totalCount).toBe(expected.length);
    expect(ids).toEqual(expected);
  });

  it('counts what the seed files say: placeholders, demonstration villages, 卓资县 villages', async () => {
    const placeholders =
      2 * cfg.schools + 2 * cfg.hospitals + cfg.streets.placeholders + cfg.communities + cfg.enterprises + cfg.socialOrganizations + cfg.relocationEstates;
    expect(await apiTotal({ provenance: ['PLACEHOLDER'] })).toBe(placeholders);
    const demo = cfg.demonstration;
    expect(await apiTotal({ demonstration: true })).toBe(demo.pairedByCommunities + demo.pairedByEnterprises + demo.unpaired);
    // Demonstration villages are 村委会 of 卓资县, every one.
    expect(await apiTotal({ demonstration: true, kind: ['VILLAGE'], regionCode: '150921000000', side: 'SUPPORTED' })).toBe(
      demo.pairedByCommunities + demo.pairedByEnterprises + demo.unpaired,
    );
    const csv = readFileSync(path.join(__dirname, '..', '..', 'seed', 'divisions', 'zhuozi-divisions-2021.csv'), 'utf8');
    const villageRows = csv
      .split(/\r?\n/)
      .map((l) => l.split(',')[0])
      .filter((code) => /^\d{12}$/.test(code) && !code.endsWith('000')).length;
    expect(villageRows).toBe(119);
    expect(await apiTotal({ kind: ['VILLAGE', 'COMMUNITY'], regionCode: '150921000000' })).toBe(villageRows);
    expect(await apiTotal({ nameContains: '拐角铺' })).toBe(1);
    expect(await apiTotal({ nameContains: '没有这个名字' })).toBe(0);
  });
});

describe('units: paging', () => {
  it('returns every unit exactly once, in id order, across pages of 50', async () => {
    const expected = (await cypher<{ id: string }>(t.driver, 'MATCH (u:Unit) RETURN u.id AS id ORDER BY id')).map((r) => r.id);
    const { ids, totalCount, pages } = await apiIds(null);
    expect(totalCount).toBe(expected.length);
    expect(pages).toBe(Math.ceil(expected.length / 50));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected);
    expect(ids).toEqual([...ids].sort());
  });

  it('starts a page right after the cursor, and reports hasNextPage exactly', async () => {
    const first = await t.execute(UnitsDocument, { where: { kind: ['SCHOOL'] }, first: 5 });
    const all = await cypherIds("u.kind = 'SCHOOL'");
    expect(first.data?.units.edges.map((e) => e.node.id)).toEqual(all.slice(0, 5));
    expect(first.data?.units.pageInfo.hasNextPage).toBe(all.length > 5);
    const cursor = first.data!.units.edges[2].cursor;
    const next = await t.execute(UnitsDocument, { where: { kind: ['SCHOOL'] }, first: all.length, after: cursor });
    expect(next.data?.units.edges.map((e) => e.node.id)).toEqual(all.slice(3));
    expect(next.data?.units.pageInfo.hasNextPage).toBe(false);
    expect(next.data?.units.totalCount).toBe(all.length);
    const last = await t.execute(UnitsDocument, { where: { kind: ['SCHOOL'] }, first: 5, after: next.data!.units.pageInfo.endCursor });
    expect(last.data?.units).toMatchObject({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: all.length });
  });

  it('refuses a bad cursor and a bad page size with BAD_USER_INPUT', async () => {
    const bad = await t.execute(UnitIdsDocument, { first: 5, after: 'nope' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    for (const first of [0, 501]) {
      const res = await t.execute(UnitIdsDocument, { first });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    }
  });
});

describe('units: one round trip', () => {
  type Row = { id: string; region: { code: string; name: string } | null; source: { id: string; title: string | null } | null };
  it.each([
    ['the units page', '{ units(where: {kind: [SCHOOL, VILLAGE]}, first: 200) { edges { node { id region { code name } source { id title } } } } }', null, 1],
    // The region itself is one query, its page of units the other.
    ["a region's units", '{ region(code: "150921000000") { units(first: 200) { edges { node { id region { code name } source { id title } } } } } }', '150921000000', 2],
  ])('%s reads its units with their regions and sources in one query, as plain Cypher reads them', async (_what, query, regionCode, queries) => {
    t.counter.count = 0;
    const res = await t.execute<Record<string, never>, Record<string, never>>(parse(query) as never);
    expect(res.errors).toBeUndefined();
    expect(t.counter.count).toBe(queries);
    const data = res.data as unknown as { units?: { edges: { node: Row }[] }; region?: { units: { edges: { node: Row }[] } } };
    const got = (data.units ?? data.region!.units).edges.map((e) => e.node);
    const match = regionCode ? 'MATCH (:Region {id: $regionCode})<-[:PART_OF|LOCATED_IN*1..8]-(u:Unit)' : "MATCH (u:Unit) WHERE u.kind IN ['SCHOOL', 'VILLAGE']";
    const expected = await cypher<Row>(
      t.driver,
      `${match} WITH DISTINCT u ORDER BY u.id LIMIT 200
       OPTIONAL MATCH (u)-[:PART_OF|LOCATED_IN]->(r:Region)
       OPTIONAL MATCH (src:Source {id: u.source})
       RETURN u.id AS id, CASE WHEN r IS NULL THEN null ELSE {code: r.id, name: r.name} END AS region,
         CASE WHEN src IS NULL THEN null ELSE src {.id, .title} END AS source ORDER BY id`,
      { regionCode },
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(got).toEqual(expected);
  });
});

describe('unit', () => {
  it('gives a division with its region and a placeholder with its location', async () => {
    const village = await t.execute(UnitDocument, { id: '150921212210' });
    expect(village.data?.unit).toMatchObject({
      id: '150921212210',
      name: '拐角铺村民委员会',
      kind: 'VILLAGE',
      side: 'SUPPORTED',
      provenance: 'REPORTED',
      pinyin: 'guaijiaopucun',
      initials: 'gjpc',
      region: { code: '150921212000', name: '复兴乡' },
      source: { id: 'nbs-divisions-2023' },
      asRegion: { level: 'VILLAGE' },
      demonstrationProvenance: 'PLACEHOLDER',
    });
    const [school] = await cypher<{ id: string; name: string }>(
      t.driver,
      "MATCH (u:Unit {kind: 'SCHOOL', side: 'SUPPORTED', provenance: 'PLACEHOLDER'}) RETURN u.id AS id, u.name AS name ORDER BY id LIMIT 1",
    );
    const res = await t.execute(UnitDocument, { id: school.id });
    expect(res.data?.unit).toMatchObject({ id: school.id, name: school.name, region: { code: '150921000000', name: '卓资县' }, asRegion: null, demonstration: null });
    expect((await t.execute(UnitDocument, { id: 'no-such-unit' })).data?.unit).toBeNull();
  });
});
