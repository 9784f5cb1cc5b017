import { createRepositories } from '../../src/context/Repositories';
import { writeGraph } from '../../src/seed/writeGraph';
import { generateGraphAll } from '../../src/synth/generateGraph';
import { todayInChina } from '../../src/graphql/DateScalar';
import { cypher, testDatabase } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { consume, readCyjs, readD3, readGexf, readGraphml, type Attrs, type ConsumedGraph } from './consumers';
import { GraphOracle, type OracleEdge, type OracleNode, type OracleSelection } from './graphOracle';
import { cleanUp } from '../activity/activityFixtures';

const VILLAGE = '150921212210'; // 拐角铺村委会
const COUNTY = '150921000000'; // 卓资县
const today = todayInChina();

type FormatName = 'graphml' | 'gexf' | 'cyjs' | 'd3';
const FORMATS: { name: FormatName; extension: string; contentType: string }[] = [
  { name: 'graphml', extension: 'graphml', contentType: 'application/graphml+xml; charset=utf-8' },
  { name: 'gexf', extension: 'gexf', contentType: 'application/gexf+xml; charset=utf-8' },
  { name: 'cyjs', extension: 'cyjs', contentType: 'application/json; charset=utf-8' },
  { name: 'd3', extension: 'json', contentType: 'application/json; charset=utf-8' },
];

let t: TestServer;
let oracle: GraphOracle;

/** The ledger of one seed pairing of 拐角铺村委会, recorded by this suite (and removed after it). */
const ACTOR = `gexpl${process.pid}`;
const LEDGER = [
  { date: '2024-03-02', form: 'TRAINING', measures: [{ value: 2, unit: 'SESSIONS' }, { value: 60, unit: 'PERSON_TIMES' }] },
  { date: '2024-03-02', form: 'DONATION_MONEY', measures: [{ value: 5, unit: 'WAN_YUAN' }] },
  { date: '2023-05-10', form: 'FIELD_VISIT', measures: [] },
];
let ledgerPairing: string;

beforeAll(async () => {
  t = await startTestServer();
  [{ id: ledgerPairing }] = await cypher<{ id: string }>(
    t.driver,
    `MATCH (:Unit {id: $v})<-[:SUPPORTED]-(p:Pairing) WHERE (p.since IS NULL OR p.since <= date('2023-05-10')) AND (p.until IS NULL OR p.until >= date($today))
     RETURN p.id AS id ORDER BY id LIMIT 1`,
    { v: VILLAGE, today },
  );
  const result = await createRepositories(testDatabase(t.driver)).activities.recordActivities(
    LEDGER.map((a) => ({ ...a, pairingId: ledgerPairing })),
    { caller: { subject: ACTOR, role: 'planner' }, operation: 'import', today },
  );
  expect(result.ok).toBe(true);
  oracle = await GraphOracle.load(t.driver);
});
afterAll(async () => {
  await cleanUp(t.driver, [], [ACTOR]);
  const [{ n }] = await cypher<{ n: number }>(t.driver, 'MATCH (:Pairing {id: $id})<-[:ACTIVITY_OF]-(a:Activity) RETURN count(a) AS n', { id: ledgerPairing });
  expect(n).toBe(0);
  await t.close();
});

/** GETs an export and returns its status, headers and body, decoded as strict UTF-8. */
async function get(pathAndQuery: string): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${t.url}${pathAndQuery}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
}

function query(sel: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(sel)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const compact = (o: Attrs) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

/** The attributes a consumer of `format` should see on a node. */
function nodeAttrs(format: FormatName, n: OracleNode): Attrs {
  if (format === 'graphml' || format === 'gexf') {
    const { id: _id, ...rest } = n;
    return compact(rest);
  }
  return { ...n };
}

/** The attributes a consumer of `format` should see on an edge (source and target are checked apart). */
function edgeAttrs(format: FormatName, e: OracleEdge): Attrs {
  const { id, source, target, ...rest } = e;
  if (format === 'graphml') return compact(rest);
  if (format === 'gexf') return compact({ ...rest, ...(e.kind ? { label: e.kind } : {}) });
  if (format === 'cyjs') return { id, source, target, ...rest };
  return { id, ...rest };
}

/** Checks that `got` holds exactly the expected nodes and edges, with their attributes. */
function expectSameGraph(format: FormatName, got: ConsumedGraph, want: { nodes: OracleNode[]; edges: OracleEdge[] }): void {
  expect(got.nodes.size).toBe(want.nodes.length);
  expect(got.edges.size).toBe(want.edges.length);
  expect([...got.nodes.keys()].sort()).toEqual(want.nodes.map((n) => n.id).sort());
  expect([...got.edges.keys()].sort()).toEqual(want.edges.map((e) => e.id).sort());
  for (const n of want.nodes) expect([n.id, got.nodes.get(n.id)]).toEqual([n.id, nodeAttrs(format, n)]);
  for (const e of want.edges) {
    const g = got.edges.get(e.id)!;
    expect([e.id, g.source, g.target]).toEqual([e.id, e.source, e.target]);
    const attrs = format === 'd3' ? (({ source: _s, target: _t, ...rest }) => rest)(g.attrs) : g.attrs;
    expect([e.id, attrs]).toEqual([e.id, edgeAttrs(format, e)]);
  }
}

describe('every export, read by a real consumer, holds the selection the database holds', () => {
  const selections: [string, Record<string, string | number | undefined>, OracleSelection][] = [
    ['around 拐角铺村委会, depth 2', { centerId: VILLAGE, depth: 2 }, { centerId: VILLAGE, depth: 2, activeOn: today }],
    ['the whole graph', {}, { activeOn: today }],
    ['the region 150921000000', { region: COUNTY }, { region: COUNTY, activeOn: today }],
    ['the region of one village', { region: VILLAGE }, { region: VILLAGE, activeOn: today }],
    ['the region 150921000000, ENTERPRISE_VILLAGE and COMMUNITY_VILLAGE', { region: COUNTY, kinds: 'ENTERPRISE_VILLAGE,COMMUNITY_VILLAGE' }, { region: COUNTY, kinds: ['ENTERPRISE_VILLAGE', 'COMMUNITY_VILLAGE'], activeOn: today }],
    ['the whole graph, REPORTED only', { provenance: 'REPORTED' }, { provenance: ['REPORTED'], activeOn: today }],
    ['the whole graph, limit 40', { limit: 40 }, { limit: 40, activeOn: today }],
  ];

  describe.each(FORMATS)('$name', ({ name, extension, contentType }) => {
    it.each(selections)('%s', async (_label, params, sel) => {
      const res = await get(`/export/graph.${extension}${query(params)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(contentType);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="pairing-graph-${today.replace(/-/g, '')}.${extension}"`);
      const want = oracle.graph(sel);
      expect(want.nodes.length).toBeGreaterThan(0);
      const got = await consume(name, res.text);
      expectSameGraph(name, got, want);
      if (name === 'cyjs' || name === 'd3') expect((JSON.parse(res.text) as { truncated: boolean }).truncated).toBe(want.truncated);
      else expect(res.text.includes('<!-- truncated')).toBe(want.truncated);
    });
  });

  it('a pairing edge carries its activity count and last activity date in every format, as Gephi reads them', async () => {
    const lastDate = LEDGER.map((a) => a.date).sort().at(-1);
    const edge = oracle.graph({ centerId: VILLAGE, activeOn: today }).edges.find((e) => e.id === ledgerPairing)!;
    expect([edge.activityCount, edge.lastActivity]).toEqual([LEDGER.length, lastDate]);
    for (const { name, extension } of FORMATS) {
      const got = await consume(name, (await get(`/export/graph.${extension}?centerId=${VILLAGE}&depth=2`)).text);
      const attrs = got.edges.get(ledgerPairing)!.attrs;
      // graphology casts GraphML's int and GEXF's integer attributes: Gephi can size edges by a number.
      expect([name, attrs.activityCount, attrs.lastActivity]).toEqual([name, LEDGER.length, lastDate]);
      const quiet = [...got.edges.values()].filter((e) => e.attrs.type === 'PAIRING' && e.attrs.activityCount === 0);
      expect([name, quiet.length > 0, quiet.every((e) => e.attrs.lastActivity === undefined || e.attrs.lastActivity === null)]).toEqual([name, true, true]);
    }
  });

  it('keeps Chinese labels intact in every format', async () => {
    for (const { name, extension } of FORMATS) {
      const res = await get(`/export/graph.${extension}?centerId=${VILLAGE}`);
      const got = await consume(name, res.text);
      expect([name, got.nodes.get(VILLAGE)?.label]).toEqual([name, '拐角铺村']);
      expect([name, got.nodes.get('150921212000')?.label]).toEqual([name, '复兴乡']);
      expect(res.text).toContain('拐角铺村');
    }
  });

  it('an export equals the graph query for the same parameters', async () => {
    const res = await get(`/export/graph.json?centerId=${VILLAGE}&depth=2&activeOn=2024-06-30`);
    const d3 = await readD3(res.text);
    const api = oracle.graph({ centerId: VILLAGE, depth: 2, activeOn: '2024-06-30' });
    expect([...d3.nodes.keys()]).toEqual(api.nodes.map((n) => n.id));
    expect([...d3.edges.keys()]).toEqual(api.edges.map((e) => e.id));
    expect(d3.laidOut).toBe(true);
  });

  it('graphology, Cytoscape.js and d3 see the same graph: degrees and neighbours agree', async () => {
    const [gm, gx, cy] = await Promise.all(['graphml', 'gexf', 'cyjs'].map((ext) => get(`/export/graph.${ext}?region=${COUNTY}`)));
    const a = readGraphml(gm.text).graph;
    const b = readGexf(gx.text).graph;
    const c = readCyjs(cy.text).cy;
    expect(a.type).toBe('directed');
    for (const id of [VILLAGE, '150921212000']) {
      expect(b.degree(id)).toBe(a.degree(id));
      expect(c.getElementById(id).degree(false)).toBe(a.degree(id));
      expect(c.getElementById(id).neighborhood('node').map((n) => n.id()).sort()).toEqual([...a.neighbors(id)].sort());
    }
  });
});

describe('export errors', () => {
  it.each([
    ['depth=0', 'depth'],
    ['depth=5', 'depth'],
    ['depth=two', 'depth'],
    ['limit=0', 'limit'],
    ['limit=100001', 'limit'],
    ['limit=-3', 'limit'],
    ['kinds=FACTORY_VILLAGE', 'kinds'],
    ['kinds=ENTERPRISE_VILLAGE,BOGUS', 'kinds'],
    ['provenance=RUMOUR', 'provenance'],
    ['activeOn=2024-02-30', 'activeOn'],
    ['depth=1&depth=2', 'depth'],
  ])('?%s is 400 with a JSON body naming %s', async (q, field) => {
    for (const ext of ['graphml', 'json']) {
      const res = await get(`/export/graph.${ext}?centerId=${VILLAGE}&${q}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('content-disposition')).toBeNull();
      const body = JSON.parse(res.text) as { error: { code: string; field: string; message: string } };
      expect(body.error).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(body.error.message).toContain(field);
    }
  });

  it('an unknown format is 404', async () => {
    for (const ext of ['xml', 'csv', 'GRAPHML', 'd3']) {
      const res = await get(`/export/graph.${ext}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-disposition')).toBeNull();
      expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('an unknown center or region is 404 with a JSON body naming it', async () => {
    for (const [q, field] of [
      ['centerId=NO-SUCH-UNIT', 'centerId'],
      ['centerId=NO-SUCH-UNIT&limit=5', 'centerId'],
      ['region=150999000000', 'region'],
      ['region=150999000000&limit=5', 'region'],
    ]) {
      for (const ext of ['gexf', 'cyjs']) {
        const res = await get(`/export/graph.${ext}?${q}`);
        expect([q, res.status]).toEqual([q, 404]);
        expect(res.headers.get('content-disposition')).toBeNull();
        const body = JSON.parse(res.text) as { error: { code: string; field: string; message: string } };
        expect(body.error).toMatchObject({ code: 'NOT_FOUND', field });
        expect(body.error.message).toMatch(/NO-SUCH-UNIT|150999000000/);
      }
    }
  });
});

describe('a generated graph of a few thousand units', () => {
  const PREFIX = `gexp${process.pid}`;
  let big: GraphOracle;

  beforeAll(async () => {
    const graph = generateGraphAll({ seed: 20260401, idPrefix: PREFIX });
    await testDatabase(t.driver).write((tx) => writeGraph(tx, graph));
    big = await GraphOracle.load(t.driver);
  }, 120_000);
  afterAll(async () => {
    await cypher(t.driver, 'MATCH (n:Node {synth: $p}) DETACH DELETE n', { p: PREFIX });
  });

  /** The counts of the whole graph by plain Cypher: pairable units, and the edges among them. */
  async function cypherCounts(on: string): Promise<{ nodes: number; pairings: number; links: number }> {
    const pairable = (u: string) => `(${u}.level IS NULL OR ${u}.level IN ['TOWNSHIP', 'VILLAGE'])`;
    const [{ nodes }] = await cypher<{ nodes: number }>(t.driver, `MATCH (u:Unit) WHERE u.id IS NOT NULL AND ${pairable('u')} RETURN count(u) AS nodes`);
    const [{ pairings }] = await cypher<{ pairings: number }>(
      t.driver,
      `MATCH (s:Unit)<-[:SUPPORTER]-(p:Pairing)-[:SUPPORTED]->(t:Unit)
       WHERE ${pairable('s')} AND ${pairable('t')}
         AND (p.since IS NULL OR p.since <= date($on)) AND (p.until IS NULL OR p.until >= date($on))
       RETURN count(p) AS pairings`,
      { on },
    );
    const [{ links }] = await cypher<{ links: number }>(
      t.driver,
      `MATCH (c:Unit)-[:PART_OF|LOCATED_IN]->(par:Unit) WHERE ${pairable('c')} AND ${pairable('par')} RETURN count(*) AS links`,
    );
    return { nodes, pairings, links };
  }

  it.each(FORMATS)('the whole graph exports completely as $name', async ({ name, extension }) => {
    const [{ n }] = await cypher<{ n: number }>(t.driver, 'MATCH (u:Unit {synth: $p}) RETURN count(u) AS n', { p: PREFIX });
    expect(n).toBeGreaterThan(2000);
    for (const on of [today, '2020-06-30']) {
      const counts = await cypherCounts(on);
      const res = await get(`/export/graph.${extension}?activeOn=${on}`);
      expect(res.status).toBe(200);
      const got = await consume(name, res.text);
      expect(got.nodes.size).toBe(counts.nodes);
      expect(got.edges.size).toBe(counts.pairings + counts.links);
      expect([...got.edges.values()].filter((e) => (e.attrs.type ?? e.attrs.e_type) === 'PAIRING').length).toBe(counts.pairings);
      if (on === today) expect(got.nodes.size).toBeGreaterThan(2000);
    }
  });

  it('a generated region exports what the graph selection holds, counterparts included', async () => {
    const regions = await cypher<{ id: string }>(
      t.driver,
      `MATCH (r:Region {synth: $p}) WHERE r.level IN ['PROVINCE', 'COUNTY'] RETURN r.id AS id ORDER BY r.level DESC, r.id LIMIT 4`,
      { p: PREFIX },
    );
    expect(regions.length).toBeGreaterThan(1);
    for (const { id } of regions) {
      for (const on of [today, '2019-01-01']) {
        const res = await get(`/export/graph.json?region=${id}&activeOn=${on}`);
        expect(res.status).toBe(200);
        const got = await consume('d3', res.text);
        expectSameGraph('d3', got, big.graph({ region: id, activeOn: on }));
      }
    }
  });
});
