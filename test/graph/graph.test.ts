import { GraphSelectionDocument, type GraphSelectionQueryVariables } from '../../src/generated/operations';
import { todayInChina } from '../../src/graphql/DateScalar';
import { cypher } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { GraphOracle, type OracleSelection } from './graphOracle';

const VILLAGE = '150921212210'; // 拐角铺村委会
const COUNTY = '150921000000'; // 卓资县

let t: TestServer;
let oracle: GraphOracle;
const today = todayInChina();

/** A village linked to its township by a PLACEHOLDER link although both are REPORTED. */
const FIXTURE = `graphtest${process.pid}`;
const F_VILLAGE = `${FIXTURE}-v`;
const F_TOWNSHIP = `${FIXTURE}-t`;

beforeAll(async () => {
  t = await startTestServer();
  await cypher(
    t.driver,
    `CREATE (:Node:Unit:Region {id: $v, name: '测试村', kind: 'VILLAGE', level: 'VILLAGE', side: 'SUPPORTED', demonstration: false, provenance: 'REPORTED', synth: $p})
            -[:PART_OF {provenance: 'PLACEHOLDER'}]->
            (:Node:Unit:Region {id: $t, name: '测试乡', kind: 'TOWNSHIP', level: 'TOWNSHIP', side: 'SUPPORTED', provenance: 'REPORTED', synth: $p})`,
    { v: F_VILLAGE, t: F_TOWNSHIP, p: FIXTURE },
  );
  oracle = await GraphOracle.load(t.driver);
});
afterAll(async () => {
  await cypher(t.driver, 'MATCH (n:Node {synth: $p}) DETACH DELETE n', { p: FIXTURE });
  await t.close();
});

async function graph(variables: GraphSelectionQueryVariables) {
  const res = await t.execute(GraphSelectionDocument, variables);
  expect(res.errors).toBeUndefined();
  return res.data!.graph;
}

/** The oracle's answer for the same variables, with the API's defaults. */
function expected(v: GraphSelectionQueryVariables) {
  const sel: OracleSelection = {
    centerId: v.centerId == null ? null : String(v.centerId),
    depth: v.depth ?? 1,
    region: v.region == null ? null : String(v.region),
    kinds: (v.kinds as string[] | null | undefined) ?? null,
    provenance: (v.provenance as string[] | null | undefined) ?? null,
    activeOn: v.activeOn ?? today,
    limit: v.limit ?? 2000,
  };
  return oracle.graph(sel);
}

describe('graph: the selection equals an independent computation', () => {
  const cases: [string, GraphSelectionQueryVariables][] = [
    ['around 拐角铺村委会, depth 1', { centerId: VILLAGE, depth: 1 }],
    ['around 拐角铺村委会, depth 2', { centerId: VILLAGE, depth: 2 }],
    ['around 拐角铺村委会, depth 3', { centerId: VILLAGE, depth: 3 }],
    ['around 拐角铺村委会, default depth', { centerId: VILLAGE }],
    // The whole graph (the seed's six counties) is larger than the default limit of 2,000: ask for the most, 5,000.
    ['the whole graph', { limit: 5000 }],
    ['the region 150921000000', { region: COUNTY }],
    ['the region 150921212000 (a township)', { region: '150921212000' }],
    ['the region of one village', { region: VILLAGE }],
    ['around 拐角铺村委会, depth 2, ENTERPRISE_VILLAGE and COMMUNITY_VILLAGE only', { centerId: VILLAGE, depth: 2, kinds: ['ENTERPRISE_VILLAGE', 'COMMUNITY_VILLAGE'] }],
    ['the region 150921000000, ENTERPRISE_VILLAGE only', { region: COUNTY, kinds: ['ENTERPRISE_VILLAGE'] }],
    ['the whole graph, REPORTED only', { provenance: ['REPORTED'], limit: 5000 }],
    ['the whole graph, PLACEHOLDER only', { provenance: ['PLACEHOLDER'], limit: 5000 }],
    ['around 拐角铺村委会, depth 3, REPORTED only', { centerId: VILLAGE, depth: 3, provenance: ['REPORTED'] }],
    ['around 拐角铺村委会, depth 2, PLACEHOLDER only', { centerId: VILLAGE, depth: 2, provenance: ['PLACEHOLDER'] }],
    ['the whole graph on 2000-01-01', { activeOn: '2000-01-01', limit: 5000 }],
    ['around a village whose link to its township is PLACEHOLDER, REPORTED only', { centerId: F_VILLAGE, depth: 2, provenance: ['REPORTED'] }],
    ['around a village whose link to its township is PLACEHOLDER, any provenance', { centerId: F_VILLAGE, depth: 2 }],
  ];

  it.each(cases)('%s', async (_name, variables) => {
    const got = await graph(variables);
    const want = expected(variables);
    expect(got.nodes.map((n) => n.id)).toEqual(want.nodes.map((n) => n.id));
    expect(got.edges.map((e) => e.id)).toEqual(want.edges.map((e) => e.id));
    expect(got.nodes).toEqual(want.nodes);
    expect(got.edges).toEqual(want.edges);
    expect(got.truncated).toBe(false);
    // Every edge joins two returned nodes.
    const ids = new Set(got.nodes.map((n) => n.id));
    for (const e of got.edges) expect([ids.has(e.source), ids.has(e.target)]).toEqual([true, true]);
  });

  it('selects something in each shape, with pairings and location links, and the center first', async () => {
    const d1 = await graph({ centerId: VILLAGE, depth: 1 });
    const d2 = await graph({ centerId: VILLAGE, depth: 2 });
    expect(d1.nodes[0]).toMatchObject({ id: VILLAGE, label: '拐角铺村', kind: 'VILLAGE', region: '150921212000', paired: true });
    expect(d2.nodes.length).toBeGreaterThan(d1.nodes.length);
    expect(d1.edges.some((e) => e.type === 'PAIRING' && e.target === VILLAGE)).toBe(true);
    expect(d1.edges.some((e) => e.id === `${VILLAGE}|PART_OF|150921212000`)).toBe(true);
    // Depth 2 extends depth 1: the first nodes are the same.
    expect(d2.nodes.slice(0, d1.nodes.length).map((n) => n.id)).toEqual(d1.nodes.map((n) => n.id));
    const whole = await graph({ limit: 5000 });
    const region = await graph({ region: COUNTY });
    expect(region.nodes.length).toBeGreaterThan(d2.nodes.length);
    expect(whole.nodes.length).toBeGreaterThan(region.nodes.length);
    expect(new Set(whole.edges.map((e) => e.type))).toEqual(new Set(['PAIRING', 'PART_OF', 'LOCATED_IN']));
    // Filters really filter.
    const kinds = await graph({ centerId: VILLAGE, depth: 2, kinds: ['ENTERPRISE_VILLAGE'] });
    expect(kinds.edges.filter((e) => e.type === 'PAIRING').every((e) => e.kind === 'ENTERPRISE_VILLAGE')).toBe(true);
    expect(kinds.nodes.length).toBeLessThan(d2.nodes.length);
    const reported = await graph({ provenance: ['REPORTED'] });
    expect(reported.nodes.length).toBeGreaterThan(0);
    expect(reported.nodes.length).toBeLessThan(whole.nodes.length);
    expect([...reported.nodes, ...reported.edges].every((x) => x.provenance === 'REPORTED')).toBe(true);
  });

  it('steps only along links of the chosen provenances: no node without the edge that reached it', async () => {
    const reported = await graph({ centerId: F_VILLAGE, depth: 2, provenance: ['REPORTED'] });
    expect(reported.nodes.map((n) => n.id)).toEqual([F_VILLAGE]);
    expect(reported.edges).toEqual([]);
    const any = await graph({ centerId: F_VILLAGE, depth: 2 });
    expect(any.nodes.map((n) => n.id)).toEqual([F_VILLAGE, F_TOWNSHIP]);
    expect(any.edges.map((e) => [e.id, e.provenance])).toEqual([[`${F_VILLAGE}|PART_OF|${F_TOWNSHIP}`, 'PLACEHOLDER']]);
  });

  it('gives the same ids in the same order on every call', async () => {
    for (const v of [{ centerId: VILLAGE, depth: 2 }, {}, { region: COUNTY }] as GraphSelectionQueryVariables[]) {
      const a = await graph(v);
      const b = await graph(v);
      expect(b.nodes.map((n) => n.id)).toEqual(a.nodes.map((n) => n.id));
      expect(b.edges.map((e) => e.id)).toEqual(a.edges.map((e) => e.id));
      expect(new Set(a.nodes.map((n) => n.id)).size).toBe(a.nodes.length);
      expect(new Set(a.edges.map((e) => e.id)).size).toBe(a.edges.length);
    }
  });
});

describe('graph: limit', () => {
  it.each([
    ['around a center', { centerId: VILLAGE, depth: 2 }],
    // The whole graph (the seed's six counties) is larger than the default limit of 2,000: ask for the most, 5,000.
    ['the whole graph', { limit: 5000 }],
    ['a region', { region: COUNTY }],
  ] as [string, GraphSelectionQueryVariables][])('%s: truncated with a small limit, the first nodes kept', async (_name, v) => {
    const full = expected(v);
    const limit = 5;
    expect(full.nodes.length).toBeGreaterThan(limit);
    const cut = await graph({ ...v, limit });
    expect(cut.truncated).toBe(true);
    expect(cut.nodes.map((n) => n.id)).toEqual(full.nodes.slice(0, limit).map((n) => n.id));
    expect(cut.edges.map((e) => e.id)).toEqual(expected({ ...v, limit }).edges.map((e) => e.id));
    const exact = await graph({ ...v, limit: full.nodes.length });
    expect(exact.truncated).toBe(false);
    expect(exact.nodes).toHaveLength(full.nodes.length);
    const under = await graph({ ...v, limit: full.nodes.length - 1 });
    expect(under.truncated).toBe(true);
  });

  it('the whole graph is cut at the default limit of 2,000 nodes, one county fits it', async () => {
    const all = expected({ limit: 5000 });
    expect(all.nodes.length).toBeLessThan(5000);
    expect(all.nodes.length).toBeGreaterThan(2000);
    const whole = await graph({});
    expect(whole.truncated).toBe(true);
    expect(whole.nodes.map((n) => n.id)).toEqual(all.nodes.slice(0, 2000).map((n) => n.id));
    const county = await graph({ region: '150921000000' });
    expect(county.truncated).toBe(false);
    expect(county.nodes).toHaveLength(expected({ region: '150921000000' }).nodes.length);
  });
});

describe('graph: bad input', () => {
  it.each([
    [{ centerId: VILLAGE, depth: 0 }, 'depth'],
    [{ centerId: VILLAGE, depth: 5 }, 'depth'],
    [{ limit: 0 }, 'limit'],
    [{ limit: 5001 }, 'limit'],
  ] as [GraphSelectionQueryVariables, string][])('%j is BAD_USER_INPUT naming %s', async (variables, field) => {
    const res = await t.execute(GraphSelectionDocument, variables);
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('an unknown pairing kind or provenance is rejected naming the argument', async () => {
    const kinds = await t.execute(GraphSelectionDocument, { kinds: ['FACTORY_VILLAGE'] as never });
    expect(kinds.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(kinds.errors?.[0].message).toMatch(/kinds/);
    const provenance = await t.execute(GraphSelectionDocument, { provenance: ['RUMOUR'] as never });
    expect(provenance.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(provenance.errors?.[0].message).toMatch(/provenance/);
  });

  it('an unknown center or region is NOT_FOUND', async () => {
    for (const v of [{ centerId: 'NO-SUCH-UNIT' }, { centerId: 'NO-SUCH-UNIT', depth: 3 }, { region: '150999000000' }]) {
      const res = await t.execute(GraphSelectionDocument, v);
      expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(res.errors?.[0].message).toContain(v.centerId ?? v.region!);
    }
  });
});
