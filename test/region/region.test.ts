import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RegionDocument, RegionNamesDocument, RegionUnitsDocument } from '../../src/generated/operations';
import { collectPages } from '../support/pages';
import { cypher } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';

const ZHUOZI = '150921000000';

/** The Zhuozi division CSV, parsed here: code → [name, parent]. */
const zhuoziCsv = readFileSync(path.join(__dirname, '..', '..', 'seed', 'divisions', 'zhuozi-divisions-2021.csv'), 'utf8')
  .split(/\r?\n/)
  .slice(1)
  .filter((l) => l.trim())
  .map((l) => l.split(','))
  .map(([code, name, parent]) => ({ code, name, parent }));

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('region', () => {
  it('gives 拐角铺村民委员会 with parent 复兴乡 and its ancestors nearest first', async () => {
    const res = await t.execute(RegionDocument, { code: '150921212210' });
    expect(res.errors).toBeUndefined();
    const r = res.data!.region!;
    expect(r).toMatchObject({ code: '150921212210', name: '拐角铺村民委员会', level: 'VILLAGE', kind: 'VILLAGE', side: 'SUPPORTED', provenance: 'REPORTED' });
    expect(r.parent).toEqual({ code: '150921212000', name: '复兴乡', kind: 'TOWNSHIP' });
    expect(r.ancestors).toEqual([
      { code: '150921212000', name: '复兴乡', level: 'TOWNSHIP' },
      { code: ZHUOZI, name: '卓资县', level: 'COUNTY' },
      { code: '150900000000', name: '乌兰察布市', level: 'CITY' },
      { code: '150000000000', name: '内蒙古自治区', level: 'PROVINCE' },
    ]);
    expect(r.children).toEqual([]);
    expect(r.source).toEqual({ id: 'nbs-divisions-2023', publisher: '国家统计局' });
    expect(typeof r.demonstration).toBe('boolean');
  });

  it.each([
    ['150921212210', '拐角铺村民委员会', '拐角铺村', [{ name: '拐角铺村委会', year: 2021 }]],
    ['150921210215', '马莲坝村民委员会', '马莲坝村', [{ name: '马连坝村委会', year: 2021 }]],
    ['150921106001', '东街社区居民委员会', '东街社区', [{ name: '东街居委会', year: 2021 }]],
  ])('gives %s its official name %s, the short name %s and the 2021 name, current', async (code, name, shortName, formerNames) => {
    const res = await t.execute(RegionNamesDocument, { code });
    expect(res.errors).toBeUndefined();
    expect(res.data!.region).toMatchObject({ code, name, shortName, displayName: shortName, formerNames, current: true, notCurrentSince: null });
    expect(res.data!.region!.unit.displayName).toBe(shortName);
    // The 2021 list says so, read here.
    expect(zhuoziCsv.find((r) => r.code === code)?.name).toBe(formerNames[0].name);
  });

  it('gives a township its name as displayName, with no short or former name', async () => {
    const res = await t.execute(RegionNamesDocument, { code: '150921212000' });
    expect(res.data!.region).toMatchObject({ name: '复兴乡', shortName: null, displayName: '复兴乡', formerNames: [], current: true });
  });

  it('gives a province no parent and no ancestors', async () => {
    const res = await t.execute(RegionDocument, { code: '110000000000' });
    expect(res.data?.region).toMatchObject({ name: '北京市', level: 'PROVINCE', parent: null, ancestors: [], demonstration: null });
    expect(res.data?.region?.children.map((c) => c.code)).toEqual(['110100000000']);
  });

  it("gives 卓资县's 8 township-level children as the CSV lists them, ordered by code", async () => {
    const expected = zhuoziCsv.filter((r) => r.parent === ZHUOZI).sort((a, b) => (a.code < b.code ? -1 : 1));
    expect(expected).toHaveLength(8);
    const res = await t.execute(RegionDocument, { code: ZHUOZI });
    expect(res.errors).toBeUndefined();
    const children = res.data!.region!.children;
    expect(children.map((c) => ({ code: c.code, name: c.name }))).toEqual(expected.map((r) => ({ code: r.code, name: r.name })));
    expect(children.map((c) => c.kind)).toEqual(expected.map((r) => (r.name.endsWith('镇') ? 'TOWN' : 'TOWNSHIP')));
  });

  it('gives the units under 卓资县 at any depth, as plain Cypher counts them, each once', async () => {
    const [row] = await cypher<{ n: number }>(
      t.driver,
      'MATCH (:Region {id: $code})<-[:PART_OF|LOCATED_IN*1..]-(u:Unit) RETURN count(DISTINCT u) AS n',
      { code: ZHUOZI },
    );
    const res = await t.execute(RegionDocument, { code: ZHUOZI });
    expect(res.data!.region!.units.totalCount).toBe(row.n);
    // Divisions of the CSV, placeholders (schools, hospitals, estates) and organizations located there all count.
    expect(row.n).toBeGreaterThan(zhuoziCsv.length);

    const { nodes } = await collectPages<{ id: string }>(async (after) => {
      const r = await t.execute(RegionUnitsDocument, { code: ZHUOZI, first: 50, after });
      return { page: r.data?.region?.units, errors: r.errors };
    });
    const ids = nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(row.n);
    expect(ids).toEqual([...ids].sort());
    for (const r of zhuoziCsv.filter((c) => c.code !== ZHUOZI)) expect(ids).toContain(r.code);
    expect(ids).not.toContain(ZHUOZI);
  });

  it('filters the units under a region by kind', async () => {
    const [row] = await cypher<{ n: number }>(
      t.driver,
      "MATCH (:Region {id: $code})<-[:PART_OF|LOCATED_IN*1..]-(u:Unit) WHERE u.kind IN ['SCHOOL', 'HOSPITAL'] RETURN count(DISTINCT u) AS n",
      { code: ZHUOZI },
    );
    const res = await t.execute(RegionUnitsDocument, { code: ZHUOZI, kind: ['SCHOOL', 'HOSPITAL'], first: 500 });
    expect(res.data?.region?.units.totalCount).toBe(row.n);
    expect(row.n).toBeGreaterThan(0);
    const villages = zhuoziCsv.filter((r) => r.parent === '150921212000').length;
    const fuxing = await t.execute(RegionUnitsDocument, { code: '150921212000', kind: ['VILLAGE', 'COMMUNITY'], first: 500 });
    expect(fuxing.data?.region?.units.totalCount).toBe(villages);
  });

  it('gives null for an unknown code, and for a unit that is not a division', async () => {
    for (const code of ['999999999999', '150921999999', 'CY-SCHOOL-01', '']) {
      const res = await t.execute(RegionDocument, { code });
      expect(res.errors).toBeUndefined();
      expect({ code, region: res.data?.region }).toEqual({ code, region: null });
    }
  });
});
