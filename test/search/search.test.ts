import { SearchDocument, type UnitKind } from '../../src/generated/operations';
import { cypher } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';

const GUAIJIAOPU = '150921212210';
const ZHUOZI = '150921000000';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

async function search(text: string, opts: { first?: number; kind?: UnitKind[] } = {}) {
  const res = await t.execute(SearchDocument, { text, ...opts });
  expect(res.errors).toBeUndefined();
  return res.data!.search;
}

describe('search', () => {
  it("finds 拐角铺村民委员会 (2023's official name) first for '拐角铺'", async () => {
    const hits = await search('拐角铺');
    expect(hits[0]?.unit).toEqual({ id: GUAIJIAOPU, name: '拐角铺村民委员会', kind: 'VILLAGE' });
    expect(hits[0]?.matchedOn).toBe('NAME_PREFIX');
  });

  it.each([
    ['拐角铺村民委员会', 'NAME_EXACT', 'the official name of 2023'],
    ['拐角铺村', 'OTHER_NAME_EXACT', 'the short name'],
    ['拐角铺村委会', 'OTHER_NAME_EXACT', 'the name of the 2021 list'],
    ['马连坝', 'OTHER_NAME', 'a former spelling (马连坝村委会, 2021) of 马莲坝村民委员会'],
  ])("finds the division for '%s' (%s: %s)", async (text, matchedOn) => {
    const [expected] = await cypher<{ id: string }>(
      t.driver,
      "MATCH (r:Region) WHERE r.name = $text OR r.shortName = $text OR $text IN r.formerNames OR any(f IN r.formerNames WHERE f STARTS WITH $text) RETURN r.id AS id",
      { text },
    );
    expect(expected).toBeDefined();
    const hits = await search(text);
    expect(hits[0]).toMatchObject({ unit: { id: expected.id }, matchedOn });
  });

  it("finds 卓资县 first for '卓资', with every name containing 卓资 among the best", async () => {
    const hits = await search('卓资', { first: 100 });
    expect(hits[0]?.unit.id).toBe(ZHUOZI);
    const [row] = await cypher<{ n: number }>(t.driver, "MATCH (u:Unit) WHERE u.name CONTAINS '卓资' RETURN count(u) AS n");
    const containing = hits.filter((h) => h.unit.name.includes('卓资'));
    expect(containing).toHaveLength(Math.min(row.n, 100));
    // Best first: scores never increase.
    for (let i = 1; i < hits.length; i++) expect(hits[i].score).toBeLessThanOrEqual(hits[i - 1].score);
  });

  it('finds an exact name as NAME_EXACT first', async () => {
    const hits = await search('卓资县');
    expect(hits[0]).toMatchObject({ matchedOn: 'NAME_EXACT', unit: { id: ZHUOZI } });
  });

  it.each([
    ['guaijiaopu', 'PINYIN'],
    ['GuaiJiaoPu', 'PINYIN'],
    ['gjp', 'INITIALS'],
    ['guaijiaopucunweihui', 'PINYIN'],
  ])("finds 拐角铺村民委员会 for '%s'", async (text, matchedOn) => {
    const hits = await search(text);
    const hit = hits.find((h) => h.unit.id === GUAIJIAOPU);
    expect(hit).toBeDefined();
    expect(hit?.matchedOn).toBe(matchedOn);
    if (text !== 'gjp') expect(hits[0].unit.id).toBe(GUAIJIAOPU);
  });

  it("finds 卓资县 first for 'zhuozi'", async () => {
    const hits = await search('zhuozi');
    expect(hits[0]?.unit).toMatchObject({ id: ZHUOZI, name: '卓资县' });
    expect(hits.every((h) => h.matchedOn === 'PINYIN' || h.matchedOn === 'INITIALS')).toBe(true);
  });

  it('keeps to the kinds asked for', async () => {
    const counties = await search('卓资', { kind: ['COUNTY'] });
    expect(counties.map((h) => h.unit.id)).toEqual([ZHUOZI]);
    const schools = await search('卓资', { kind: ['SCHOOL'], first: 100 });
    const [row] = await cypher<{ n: number }>(t.driver, "MATCH (u:Unit {kind: 'SCHOOL'}) WHERE u.name CONTAINS '卓资' RETURN count(u) AS n");
    expect(row.n).toBeGreaterThan(1);
    expect(schools).toHaveLength(row.n);
    expect(schools.every((h) => h.unit.kind === 'SCHOOL')).toBe(true);
    const villages = await search('gjp', { kind: ['VILLAGE'] });
    expect(villages.map((h) => h.unit.id)).toContain(GUAIJIAOPU);
    expect(await search('gjp', { kind: ['SCHOOL'] })).toEqual([]);
  });

  it("never matches a text across two of a unit's forms (the separator | inside the text)", async () => {
    const [row] = await cypher<{ names: string }>(t.driver, 'MATCH (u:Unit {id: $id}) RETURN u.names AS names', { id: GUAIJIAOPU });
    const forms = row.names.split('|');
    // The end of one form and the start of the next, joined as `names` joins them.
    const across = `${forms[0].slice(-2)}|${forms[1].slice(0, 2)}`;
    expect(row.names).toContain(across);
    expect((await search(across, { first: 100 })).map((h) => h.unit.id)).not.toContain(GUAIJIAOPU);
  });

  it('returns at most `first` hits', async () => {
    expect(await search('村委会', { first: 3 })).toHaveLength(3);
  });

  it.each(['', '   '])('refuses empty text %j with BAD_USER_INPUT', async (text) => {
    const res = await t.execute(SearchDocument, { text });
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe('text');
  });

  it.each(['") OR 1=1 //', 'a:b*~', '卓资") OR name:*', '卓资\\', '*', '"', 'AND OR NOT', "' RETURN 1 //", '拐角铺~2^3'])(
    'treats query-looking text %j as plain text',
    async (text) => {
      const res = await t.execute(SearchDocument, { text });
      expect(res.errors).toBeUndefined();
      expect(Array.isArray(res.data?.search)).toBe(true);
      // Nothing that does not contain the text (or its Latin letters as pinyin) is returned as a name match.
      for (const hit of res.data!.search) if (hit.matchedOn === 'NAME_EXACT' || hit.matchedOn === 'NAME_PREFIX') expect(hit.unit.name).toContain(text.trim());
    },
  );
});
