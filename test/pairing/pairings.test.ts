import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isObjectType, isScalarType, isEnumType, parse, type GraphQLObjectType } from 'graphql';
import path from 'node:path';
import { PairingEndsDocument, type PairingEndsQuery, type PairingFilter, type PairingKind } from '../../src/generated/operations';
import { collectPages } from '../support/pages';
import { loadTypeDefs } from '../../src/graphql/loadTypeDefs';
import { cypher } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';

type PairingNode = PairingEndsQuery['pairings']['edges'][number]['node'];

const CHAOYANG = '110105000000';
const ZHUOZI = '150921000000';
const PREFIX = 'test-pairings-';

/** The report's figures, read from seed/report.json: the expectations come from the report, not the API. */
const report = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'seed', 'report.json'), 'utf8')) as {
  figures: { id: string; value: number }[];
};
const figure = (id: string): number => {
  const f = report.figures.find((x) => x.id === id);
  if (!f) throw new Error(`report.json has no figure '${id}'`);
  return f.value;
};

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  // A pairing of our own that ran through 2020 only, between two units of our own located nowhere.
  await cypher(
    t.driver,
    `CREATE (a:Node:Unit {id: $prefix + 'a', name: '测试支援单位', kind: 'ENTERPRISE', side: 'SUPPORTING', provenance: 'IMPORTED', source: 'report-2023-08-22'})
     CREATE (b:Node:Unit {id: $prefix + 'b', name: '测试受援单位', kind: 'VILLAGE_OR_COMMUNITY', side: 'SUPPORTED', provenance: 'IMPORTED', source: 'report-2023-08-22'})
     CREATE (p:Node:Pairing {id: $prefix + 'p', kind: 'ENTERPRISE_VILLAGE', sector: 'INDUSTRY', since: date('2020-01-01'), until: date('2020-12-31'),
       status: 'ENDED', provenance: 'IMPORTED', source: 'report-2023-08-22'})
     CREATE (p)-[:SUPPORTER {provenance: 'IMPORTED', source: 'report-2023-08-22'}]->(a)
     CREATE (p)-[:SUPPORTED {provenance: 'IMPORTED', source: 'report-2023-08-22'}]->(b)`,
    { prefix: PREFIX },
  );
});
afterAll(async () => {
  await cypher(t.driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $prefix DETACH DELETE n', { prefix: PREFIX });
  await t.close();
});

/** Returns every pairing matching `where`, fetched 50 at a time with `after` cursors, and the totalCount. */
async function allPairings(where: PairingFilter | null) {
  const result = await collectPages<PairingNode>(async (after) => {
    const res = await t.execute(PairingEndsDocument, { where, first: 50, after });
    return { page: res.data?.pairings, errors: res.errors };
  });
  expect(result.nodes).toHaveLength(result.totalCount);
  expect(new Set(result.nodes.map((p) => p.id)).size).toBe(result.nodes.length);
  return result;
}

/** The report's pairings: of `kinds`, between Chaoyang and Zhuozi. */
const reportPairings = (kinds: PairingKind[]) => allPairings({ kind: kinds, supportingRegion: CHAOYANG, supportedRegion: ZHUOZI });
const distinct = (ids: string[]) => new Set(ids).size;

describe('pairings: the report\'s counts through the API', () => {
  it('pairs 9 Chaoyang schools one to one with 9 Zhuozi schools', async () => {
    const { nodes, totalCount } = await reportPairings(['SCHOOL_SCHOOL']);
    expect(figure('pairing-chaoyang-schools')).toBe(figure('pairing-zhuozi-schools'));
    expect(totalCount).toBe(figure('pairing-chaoyang-schools'));
    expect(distinct(nodes.map((p) => p.supporting.id))).toBe(figure('pairing-chaoyang-schools'));
    expect(distinct(nodes.map((p) => p.supported.id))).toBe(figure('pairing-zhuozi-schools'));
    expect(nodes.every((p) => p.kind === 'SCHOOL_SCHOOL' && p.supporting.kind === 'SCHOOL' && p.supported.kind === 'SCHOOL')).toBe(true);
    expect(nodes.every((p) => p.supporting.side === 'SUPPORTING' && p.supported.side === 'SUPPORTED')).toBe(true);
  });

  it('pairs 15 Chaoyang hospitals one to one with 15 Zhuozi hospitals', async () => {
    const { nodes, totalCount } = await reportPairings(['HOSPITAL_HOSPITAL']);
    expect(totalCount).toBe(figure('pairing-chaoyang-hospitals'));
    expect(distinct(nodes.map((p) => p.supporting.id))).toBe(figure('pairing-chaoyang-hospitals'));
    expect(distinct(nodes.map((p) => p.supported.id))).toBe(figure('pairing-zhuozi-hospitals'));
    expect(nodes.every((p) => p.supporting.kind === 'HOSPITAL' && p.supported.kind === 'HOSPITAL')).toBe(true);
  });

  it('pairs 4 Chaoyang streets with 8 Zhuozi townships', async () => {
    const { nodes } = await reportPairings(['STREET_TOWNSHIP']);
    expect(distinct(nodes.map((p) => p.supporting.id))).toBe(figure('pairing-chaoyang-streets'));
    expect(distinct(nodes.map((p) => p.supported.id))).toBe(figure('pairing-zhuozi-townships'));
    expect(nodes.every((p) => ['STREET', 'AREA'].includes(p.supporting.kind))).toBe(true);
    expect(nodes.every((p) => ['TOWN', 'TOWNSHIP'].includes(p.supported.kind))).toBe(true);
    // The townships are Zhuozi's own, checked by plain Cypher.
    const townships = await cypher<{ id: string }>(t.driver, "MATCH (r:Region)-[:PART_OF]->(:Region {id: $zz}) RETURN r.id AS id", { zz: ZHUOZI });
    expect([...new Set(nodes.map((p) => p.supported.id))].sort()).toEqual(townships.map((r) => r.id).sort());
  });

  it('pairs 35 villages and communities, 22 enterprises and 16 social organisations with 69 villages and 2 relocation estates', async () => {
    const community = await reportPairings(['COMMUNITY_VILLAGE']);
    const enterprise = await reportPairings(['ENTERPRISE_VILLAGE']);
    const social = await reportPairings(['SOCIAL_ORGANIZATION_VILLAGE']);
    expect(distinct(community.nodes.map((p) => p.supporting.id))).toBe(figure('pairing-chaoyang-villages-communities'));
    expect(distinct(enterprise.nodes.map((p) => p.supporting.id))).toBe(figure('pairing-chaoyang-enterprises'));
    expect(distinct(social.nodes.map((p) => p.supporting.id))).toBe(figure('pairing-chaoyang-social-organizations'));
    expect(enterprise.nodes.every((p) => p.supporting.kind === 'ENTERPRISE')).toBe(true);
    expect(social.nodes.every((p) => p.supporting.kind === 'SOCIAL_ORGANIZATION')).toBe(true);

    const all = await reportPairings(['COMMUNITY_VILLAGE', 'ENTERPRISE_VILLAGE', 'SOCIAL_ORGANIZATION_VILLAGE']);
    expect(all.totalCount).toBe(community.totalCount + enterprise.totalCount + social.totalCount);
    const supported = new Map(all.nodes.map((p) => [p.supported.id, p.supported.kind]));
    const ofKind = (kind: string) => [...supported.values()].filter((k) => k === kind).length;
    expect(ofKind('VILLAGE')).toBe(figure('pairing-zhuozi-villages'));
    expect(ofKind('RELOCATION_ESTATE')).toBe(figure('pairing-zhuozi-relocation-estates'));
    expect(supported.size).toBe(figure('pairing-zhuozi-villages') + figure('pairing-zhuozi-relocation-estates'));
  });

  it('lists every pairing exactly once in id order when paging, with a totalCount equal to plain Cypher\'s', async () => {
    const { nodes, totalCount, pages } = await allPairings(null);
    const expected = await cypher<{ id: string }>(t.driver, 'MATCH (p:Pairing) RETURN p.id AS id ORDER BY id');
    expect(pages).toBe(Math.ceil(expected.length / 50));
    expect(totalCount).toBe(expected.length);
    expect(nodes.map((p) => p.id)).toEqual(expected.map((r) => r.id));
  });
});

describe('pairings: one round trip', () => {
  /** A page asking each pairing's two units (with their regions' codes) and its source. */
  const PAGE = parse(`query ($first: Int) { pairings(where: {kind: [COMMUNITY_VILLAGE]}, first: $first) {
    edges { node { id supporting { id name kind side } supported { id name kind side } source { id title } } } } }`);
  type Page = { pairings: { edges: { node: { id: string; supporting: Unit; supported: Unit; source: { id: string; title: string | null } | null } }[] } };
  type Unit = { id: string; name: string; kind: string; side: string | null };

  it('reads the page with its units and sources in one query, the same as plain Cypher reads them', async () => {
    t.counter.count = 0;
    const res = await t.execute<Page, { first: number }>(PAGE as never, { first: 100 });
    expect(res.errors).toBeUndefined();
    expect(t.counter.count).toBe(1);
    const expected = await cypher<{ id: string; s: Unit; t: Unit; source: { id: string; title: string | null } | null }>(
      t.driver,
      `MATCH (s:Unit)<-[:SUPPORTER]-(p:Pairing {kind: 'COMMUNITY_VILLAGE'})-[:SUPPORTED]->(u:Unit)
       OPTIONAL MATCH (src:Source {id: p.source})
       RETURN p.id AS id, s {.id, .name, .kind, .side} AS s, u {.id, .name, .kind, .side} AS t,
         CASE WHEN src IS NULL THEN null ELSE src {.id, .title} END AS source ORDER BY id LIMIT 100`,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(res.data!.pairings.edges.map((e) => e.node)).toEqual(expected.map((r) => ({ id: r.id, supporting: r.s, supported: r.t, source: r.source })));
  });
});

describe('pairings: the units read with a page', () => {
  const schema = buildSchema(loadTypeDefs().join('\n'));
  /** A selection of `field` of type `type`: its scalar and enum fields one level down when it is an object. */
  const selectionOf = (type: GraphQLObjectType, field: string): string => {
    const named = getNamedType(type.getFields()[field].type);
    if (!isObjectType(named)) return field;
    const leaves = Object.values(named.getFields()).filter((f) => f.args.length === 0 && (isScalarType(getNamedType(f.type)) || isEnumType(getNamedType(f.type))));
    return `${field} { ${leaves.map((f) => f.name).join(' ')} }`;
  };
  const unitType = schema.getType('Unit') as GraphQLObjectType;
  // A village with a short name, a former name and a parent (拐角铺村民委员会), paired with our unit located nowhere.
  const VILLAGE = '150921212210';
  beforeAll(async () => {
    await cypher(
      t.driver,
      `MATCH (a:Unit {id: $prefix + 'a'}), (v:Region {id: $village})
       CREATE (p:Node:Pairing {id: $prefix + 'short', kind: 'ENTERPRISE_VILLAGE', sector: 'INDUSTRY', status: 'ACTIVE', provenance: 'IMPORTED', source: 'report-2023-08-22'})
       CREATE (p)-[:SUPPORTER {provenance: 'IMPORTED', source: 'report-2023-08-22'}]->(a)
       CREATE (p)-[:SUPPORTED {provenance: 'IMPORTED', source: 'report-2023-08-22'}]->(v)`,
      { prefix: PREFIX, village: VILLAGE },
    );
  });

  // The page reads only the fields its client selected (unitKeysFor); each field must still answer what the
  // whole unit answers, for every field of Unit in the schema (a new one included).
  it.each(Object.keys(unitType.getFields()))('%s of supporting and supported is what unit(id) answers', async (field) => {
    const selection = selectionOf(unitType, field);
    // Two pages: the pairings of the village above, and the first community–village pairings.
    const ends = `edges { node { supporting { id ${selection} } supported { id ${selection} } } }`;
    const page = await t.execute<Record<string, { edges: { node: { supporting: Record<string, unknown>; supported: Record<string, unknown> } }[] }>, Record<string, never>>(
      parse(`{ a: pairings(where: {supportedRegion: "${VILLAGE}"}, first: 3) { ${ends} } b: pairings(where: {kind: [COMMUNITY_VILLAGE]}, first: 6) { ${ends} } }`) as never,
      {},
    );
    expect(page.errors).toBeUndefined();
    const units = [...page.data!.a.edges, ...page.data!.b.edges].flatMap((e) => [e.node.supporting, e.node.supported]);
    expect(units.map((u) => u.id)).toContain(VILLAGE);
    expect(units.length).toBeGreaterThan(12);
    const ids = [...new Set(units.map((u) => u.id as string))];
    const one = await t.execute<Record<string, Record<string, unknown>>, Record<string, never>>(
      parse(`{ ${ids.map((id, i) => `u${i}: unit(id: ${JSON.stringify(id)}) { id ${selection} }`).join(' ')} }`) as never,
      {},
    );
    expect(one.errors).toBeUndefined();
    const byId = new Map(ids.map((id, i) => [id, one.data![`u${i}`]]));
    expect(units).toEqual(units.map((u) => byId.get(u.id as string)));
  });
});

describe('pairings: a filter that matches nothing', () => {
  it.each([
    ['a kind', '{ pairings(where: {kind: [SCHOOL_SCHOOL], provenance: [PLACEHOLDER], sector: [HEALTH]}, first: 5) { totalCount edges { node { id } } } }'],
    ['a supported region', '{ pairings(where: {supportedRegion: "659999999999"}, first: 5) { totalCount edges { node { id } } } }'],
    ['a supporting region, units asked', '{ pairings(where: {supportingRegion: "659999999998"}, first: 5) { totalCount edges { node { id supporting { id } } } } }'],
  ])('answers an empty page for %s, with totalCount 0', async (_what, query) => {
    const res = await t.execute<{ pairings: { totalCount: number; edges: unknown[] } }, Record<string, never>>(parse(query) as never);
    expect(res.errors).toBeUndefined();
    expect(res.data!.pairings).toEqual({ totalCount: 0, edges: [] });
  });
});

describe('pairings: filters', () => {
  /** Counts pairings by plain Cypher, walking PART_OF/LOCATED_IN to any depth. */
  async function cypherCount(supportingRegion: string | null, supportedRegion: string | null): Promise<number> {
    const [row] = await cypher<{ n: number }>(
      t.driver,
      `MATCH (s:Unit)<-[:SUPPORTER]-(p:Pairing)-[:SUPPORTED]->(u:Unit)
       WHERE ($a IS NULL OR EXISTS { (s)-[:PART_OF|LOCATED_IN*0..]->(:Region {id: $a}) })
         AND ($b IS NULL OR EXISTS { (u)-[:PART_OF|LOCATED_IN*0..]->(:Region {id: $b}) })
       RETURN count(DISTINCT p) AS n`,
      { a: supportingRegion, b: supportedRegion },
    );
    return row.n;
  }

  it.each([
    ['北京市 (three levels up)', '110000000000', null],
    ['朝阳区', CHAOYANG, null],
    ['将台地区 (a named street)', '110105023000', null],
    ['内蒙古自治区', null, '150000000000'],
    ['卓资县', null, ZHUOZI],
    ['复兴乡 (township and its villages)', null, '150921212000'],
    ['both sides', '110000000000', '150921212000'],
    ['a region without pairings', '110105001000', null],
    ['an unknown region', null, '999999999999'],
  ])('supportingRegion/supportedRegion: %s matches plain Cypher', async (_, supportingRegion, supportedRegion) => {
    const res = await t.execute(PairingEndsDocument, { where: { supportingRegion, supportedRegion }, first: 1 });
    expect(res.errors).toBeUndefined();
    expect(res.data?.pairings.totalCount).toBe(await cypherCount(supportingRegion, supportedRegion));
  });

  it('supportedRegion on a township includes pairings with the township itself and with its villages', async () => {
    const [row] = await cypher<{ direct: number; below: number }>(
      t.driver,
      `MATCH (t:Region {id: '150921212000'})
       RETURN COUNT { (t)<-[:SUPPORTED]-(:Pairing) } AS direct, COUNT { (t)<-[:PART_OF]-(:Unit)<-[:SUPPORTED]-(:Pairing) } AS below`,
    );
    const res = await t.execute(PairingEndsDocument, { where: { supportedRegion: '150921212000' }, first: 500 });
    const ids = res.data!.pairings.edges.map((e) => e.node.supported.id);
    expect(ids.filter((id) => id === '150921212000')).toHaveLength(row.direct);
    expect(ids.filter((id) => id !== '150921212000' && id.startsWith('150921212'))).toHaveLength(row.below);
    expect(ids).toHaveLength(row.direct + row.below);
  });

  it('activeOn keeps only the pairings running on that day', async () => {
    const count = async (on: string) => {
      const [row] = await cypher<{ n: number }>(
        t.driver,
        'MATCH (p:Pairing) WHERE (p.since IS NULL OR p.since <= date($on)) AND (p.until IS NULL OR p.until >= date($on)) RETURN count(p) AS n',
        { on },
      );
      return row.n;
    };
    const total = (await cypher<{ n: number }>(t.driver, 'MATCH (p:Pairing) RETURN count(p) AS n'))[0].n;
    for (const [on, ours] of [['2020-06-15', true], ['2020-12-31', true], ['2021-01-01', false], ['2019-12-31', false]] as const) {
      const res = await t.execute(PairingEndsDocument, { where: { activeOn: on }, first: 500 });
      expect(res.errors).toBeUndefined();
      const ids = res.data!.pairings.edges.map((e) => e.node.id);
      expect({ on, ours: ids.includes(`${PREFIX}p`) }).toEqual({ on, ours });
      expect(res.data!.pairings.totalCount).toBe(await count(on));
      expect(res.data!.pairings.totalCount).toBe(ours ? total : total - 1);
    }
  });

  it('combines activeOn with kind', async () => {
    const res = await t.execute(PairingEndsDocument, { where: { activeOn: '2020-06-15', kind: ['ENTERPRISE_VILLAGE'] }, first: 500 });
    const [row] = await cypher<{ n: number }>(t.driver, "MATCH (p:Pairing {kind: 'ENTERPRISE_VILLAGE'}) RETURN count(p) AS n");
    expect(res.data?.pairings.totalCount).toBe(row.n);
    expect(res.data?.pairings.edges.map((e) => e.node.id)).toContain(`${PREFIX}p`);
  });
});

describe('pairings: bad input', () => {
  it('refuses a cursor it did not issue with BAD_USER_INPUT', async () => {
    for (const after of ['not-a-cursor', Buffer.from('id:pairing-cz-001x').toString('base64') + '==', '']) {
      const res = await t.execute(PairingEndsDocument, { first: 5, after });
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.field).toBe('after');
    }
  });

  it.each([0, 501, -1])('refuses first: %d with BAD_USER_INPUT naming first', async (first) => {
    const res = await t.execute(PairingEndsDocument, { first });
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe('first');
    expect(res.errors?.[0]?.message).toMatch(/\bfirst\b/);
  });

  it('refuses an activeOn that is not a calendar date with BAD_USER_INPUT', async () => {
    for (const activeOn of ['2023-02-30', '2023/01/01', 'today']) {
      const res = await t.execute(PairingEndsDocument, { where: { activeOn }, first: 5 });
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('accepts first: 1 and first: 500', async () => {
    for (const first of [1, 500]) {
      const res = await t.execute(PairingEndsDocument, { first });
      expect(res.errors).toBeUndefined();
      expect(res.data?.pairings.edges.length).toBe(Math.min(first, res.data!.pairings.totalCount));
    }
  });
});
