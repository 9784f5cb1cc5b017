import { createHash } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { PAIRING_KINDS, REGION_LEVELS } from '../../src/domain/vocabulary';
import { levelOfCode } from '../../src/region/divisionKind';
import { searchFieldsOf } from '../../src/search/pinyinOf';
import type { SeedGraph, SeedNode } from '../../src/seed/SeedGraph';
import { writeGraph } from '../../src/seed/writeGraph';
import { generateGraph, generateGraphAll, SYNTH_SECTORS, type SynthOptions } from '../../src/synth/generateGraph';
import { cypher, testDatabase, testDriver } from '../support/testDatabase';

const OPTIONS: SynthOptions = { seed: 42, idPrefix: 'synth-unit' };

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const count = <T>(list: T[], f: (x: T) => boolean) => list.reduce((n, x) => n + (f(x) ? 1 : 0), 0);

/** The end kinds each pairing kind allows: [supporter kinds, supported kinds]. */
const END_KINDS: Record<string, [string[], string[]]> = {
  SCHOOL_SCHOOL: [['SCHOOL'], ['SCHOOL']],
  HOSPITAL_HOSPITAL: [['HOSPITAL'], ['HOSPITAL']],
  STREET_TOWNSHIP: [['STREET', 'AREA'], ['TOWN', 'TOWNSHIP']],
  COMMUNITY_VILLAGE: [['COMMUNITY', 'VILLAGE'], ['VILLAGE']],
  ENTERPRISE_VILLAGE: [['ENTERPRISE'], ['VILLAGE']],
  SOCIAL_ORGANIZATION_VILLAGE: [['SOCIAL_ORGANIZATION'], ['VILLAGE']],
};
/** Significant digits of a code at each level. */
const SIGNIFICANT = { PROVINCE: 2, CITY: 4, COUNTY: 6, TOWNSHIP: 9, VILLAGE: 12 } as const;

describe('generateGraph (pure)', () => {
  const chunks = [...generateGraph(OPTIONS)];
  const graph = generateGraphAll(OPTIONS);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const has = (n: SeedNode, label: string) => n.labels.includes(label);
  const units = graph.nodes.filter((n) => has(n, 'Unit'));
  const regions = graph.nodes.filter((n) => has(n, 'Region'));
  const pairings = graph.nodes.filter((n) => has(n, 'Pairing'));
  const ends = (type: string) => new Map(graph.relationships.filter((r) => r.type === type).map((r) => [r.from, r.to]));

  it('is deterministic: the same seed and options give byte-identical chunks; another seed gives another graph', () => {
    const a = hashOf([...generateGraph(OPTIONS)]);
    expect(hashOf(chunks)).toBe(a);
    expect(hashOf([...generateGraph({ ...OPTIONS })])).toBe(a);
    expect(hashOf([...generateGraph({ ...OPTIONS, seed: 43 })])).not.toBe(a);
    expect(hashOf(generateGraphAll(OPTIONS))).toBe(hashOf(graph));
  });

  it('concatenates the chunks into generateGraphAll', () => {
    expect(graph.nodes.length).toBe(chunks.reduce((s, c) => s + c.nodes.length, 0));
    expect(graph.relationships.length).toBe(chunks.reduce((s, c) => s + c.relationships.length, 0));
    expect(chunks.length).toBeGreaterThan(10);
  });

  it('has unique ids and puts every relationship end in the same or an earlier chunk', () => {
    expect(byId.size).toBe(graph.nodes.length);
    const seen = new Set<string>();
    chunks.forEach((chunk, i) => {
      for (const n of chunk.nodes) seen.add(n.id);
      for (const r of chunk.relationships) {
        if (!seen.has(r.from) || !seen.has(r.to)) throw new Error(`chunk ${i}: ${r.from}-${r.type}->${r.to} has an end not yet written`);
      }
    });
  });

  it('marks every node with synth and the synthetic source, and every relationship with provenance and source', () => {
    const source = `${OPTIONS.idPrefix}-source`;
    expect(byId.get(source)).toMatchObject({ labels: ['Node', 'Source'], props: { title: 'Synthetic graph', kind: 'SYNTHETIC', provenance: 'REPORTED', source } });
    const idPattern = new RegExp(`^${OPTIONS.idPrefix}-[op]-\\d+$`);
    const bad = graph.nodes.filter(
      (n) =>
        n.labels[0] !== 'Node' ||
        n.props.id !== n.id ||
        n.props.synth !== OPTIONS.idPrefix ||
        n.props.source !== source ||
        (n.id !== source && n.props.provenance !== 'IMPORTED') ||
        ((has(n, 'Organization') || has(n, 'Pairing')) && !idPattern.test(n.id)),
    );
    expect(bad).toEqual([]);
    expect(graph.relationships.filter((r) => Object.keys(r.props).length !== 2 || r.props.provenance !== 'IMPORTED' || r.props.source !== source)).toEqual([]);
  });

  it('has a default size of a few thousand units', () => {
    expect(units.length).toBeGreaterThanOrEqual(2000);
    expect(units.length).toBeLessThanOrEqual(10000);
    expect(pairings.length).toBeGreaterThan(500);
  });

  it('gives regions 12-digit codes starting with 9 that match their level, each PART_OF its parent', () => {
    const partOf = ends('PART_OF');
    const provinceSide = new Map<string, unknown>();
    const problems: string[] = [];
    for (const r of regions) {
      const code = r.id;
      const level = r.props.level as keyof typeof SIGNIFICANT;
      if (!/^9\d{11}$/.test(code) || 'code' in r.props || levelOfCode(code) !== level) problems.push(`${code}: code or level`);
      if (level === 'PROVINCE') {
        if (partOf.has(code)) problems.push(`${code}: a province is PART_OF something`);
        provinceSide.set(code.slice(0, 2), r.props.side);
        continue;
      }
      const parent = byId.get(partOf.get(code) ?? '');
      if (!parent) {
        problems.push(`${code}: no parent`);
        continue;
      }
      const parentLevel = parent.props.level as keyof typeof SIGNIFICANT;
      if (REGION_LEVELS.indexOf(parentLevel) !== REGION_LEVELS.indexOf(level) - 1) problems.push(`${code}: parent ${parent.id} is not one level up`);
      if (code.slice(0, SIGNIFICANT[parentLevel]) !== parent.id.slice(0, SIGNIFICANT[parentLevel])) problems.push(`${code}: code outside parent ${parent.id}`);
      if (r.props.side !== parent.props.side) problems.push(`${code}: side differs from parent`);
    }
    expect(problems).toEqual([]);
    expect(count(regions, (r) => r.props.level === 'PROVINCE')).toBe(4);
    // Supporting provinces take the lower codes.
    const provinces = [...provinceSide.entries()].sort();
    expect(provinces.map(([, side]) => side)).toEqual(['SUPPORTING', 'SUPPORTING', 'SUPPORTED', 'SUPPORTED']);
  });

  it('uses the kinds of each side and level', () => {
    const kinds = (side: string, level: string) => new Set(regions.filter((r) => r.props.side === side && r.props.level === level).map((r) => r.props.kind));
    expect(kinds('SUPPORTING', 'COUNTY')).toEqual(new Set(['DISTRICT']));
    expect(kinds('SUPPORTED', 'COUNTY')).toEqual(new Set(['COUNTY']));
    expect(kinds('SUPPORTING', 'TOWNSHIP')).toEqual(new Set(['STREET', 'AREA']));
    expect(kinds('SUPPORTED', 'TOWNSHIP')).toEqual(new Set(['TOWN', 'TOWNSHIP']));
    expect(kinds('SUPPORTED', 'VILLAGE')).toEqual(new Set(['VILLAGE', 'COMMUNITY']));
    const orgKinds = (side: string) => new Set(units.filter((u) => has(u, 'Organization') && u.props.side === side).map((u) => u.props.kind));
    expect(orgKinds('SUPPORTING')).toEqual(new Set(['SCHOOL', 'HOSPITAL', 'ENTERPRISE', 'SOCIAL_ORGANIZATION']));
    expect(orgKinds('SUPPORTED')).toEqual(new Set(['SCHOOL', 'HOSPITAL']));
    const locatedIn = ends('LOCATED_IN');
    for (const u of units.filter((x) => has(x, 'Organization'))) {
      const at = byId.get(locatedIn.get(u.id) ?? '');
      expect(at?.props.side).toBe(u.props.side);
      expect(u.props.side === 'SUPPORTING' ? ['DISTRICT', 'STREET', 'AREA'] : ['COUNTY']).toContain(at?.props.kind);
    }
  });

  it('names units with numbered synthetic names and gives them the search fields that searchFieldsOf gives', () => {
    for (const u of units) {
      expect(u.props.name).toMatch(/^合成\p{Script=Han}+ \d+(-\d+)*$/u);
      expect({ pinyin: u.props.pinyin, initials: u.props.initials, names: u.props.names }).toEqual(searchFieldsOf(String(u.props.name)));
    }
    expect(new Set(units.map((u) => u.props.name)).size).toBe(units.length);
    const bare = generateGraphAll({ ...OPTIONS, pinyin: false });
    expect(bare.nodes.length).toBe(graph.nodes.length);
    expect(bare.nodes.some((n) => 'pinyin' in n.props || 'initials' in n.props || 'names' in n.props)).toBe(false);
  });

  it('pairs a SUPPORTING supporter with a SUPPORTED unit of the kinds its pairing kind allows', () => {
    const supporter = ends('SUPPORTER');
    const supported = ends('SUPPORTED');
    expect(supporter.size).toBe(pairings.length);
    expect(supported.size).toBe(pairings.length);
    const last = `${2024}-12-31`;
    const problems: string[] = [];
    for (const p of pairings) {
      const kind = String(p.props.kind) as keyof typeof SYNTH_SECTORS;
      const a = byId.get(supporter.get(p.id)!)!;
      const b = byId.get(supported.get(p.id)!)!;
      if (a.props.side !== 'SUPPORTING' || b.props.side !== 'SUPPORTED') problems.push(`${p.id}: sides ${a.props.side} → ${b.props.side}`);
      if (!END_KINDS[kind][0].includes(String(a.props.kind)) || !END_KINDS[kind][1].includes(String(b.props.kind))) {
        problems.push(`${p.id}: ${kind} between ${a.props.kind} and ${b.props.kind}`);
      }
      if (p.props.sector !== SYNTH_SECTORS[kind]) problems.push(`${p.id}: sector ${p.props.sector}`);
      const since = String(p.props.since);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(since) || since < '2017-01-01' || since > last || p.props.asOf !== last) problems.push(`${p.id}: dates ${since}/${p.props.asOf}`);
      const until = p.props.until;
      const ok = p.props.status === 'ENDED' ? typeof until === 'string' && until > since && until <= last : p.props.status === 'ACTIVE' && until === null;
      if (!ok) problems.push(`${p.id}: ${p.props.status} until ${until}`);
    }
    expect(problems).toEqual([]);
    expect(new Set(pairings.map((p) => p.props.kind))).toEqual(new Set(PAIRING_KINDS));
    const ended = count(pairings, (p) => p.props.status === 'ENDED') / pairings.length;
    expect(ended).toBeGreaterThan(0.08);
    expect(ended).toBeLessThan(0.25);
    // No two pairings join the same two units.
    expect(new Set(pairings.map((p) => `${supporter.get(p.id)}>${supported.get(p.id)}`)).size).toBe(pairings.length);
  });

  it('leaves a share of villages unpaired, gives some several partners, and marks demonstration villages', () => {
    const partners = new Map<string, number>();
    for (const r of graph.relationships) if (r.type === 'SUPPORTED') partners.set(r.to, (partners.get(r.to) ?? 0) + 1);
    const villages = regions.filter((r) => r.props.side === 'SUPPORTED' && r.props.kind === 'VILLAGE');
    const paired = count(villages, (v) => partners.has(v.id)) / villages.length;
    expect(paired).toBeGreaterThan(0.5);
    expect(paired).toBeLessThan(0.7);
    expect(count(villages, (v) => (partners.get(v.id) ?? 0) >= 2)).toBeGreaterThan(10);
    const demonstration = villages.filter((v) => v.props.demonstration === true);
    expect(demonstration.length).toBeGreaterThan(0);
    for (const v of demonstration) expect(v.props.demonstrationProvenance).toBe('IMPORTED');
    expect(count(demonstration, (v) => !partners.has(v.id))).toBeGreaterThan(0);
    expect(count(demonstration, (v) => partners.has(v.id))).toBeGreaterThan(0);
    // Only supported villages are demonstration villages; the supporting side's are never.
    expect(count(regions, (r) => r.props.demonstration === true && (r.props.side !== 'SUPPORTED' || r.props.kind !== 'VILLAGE'))).toBe(0);
  });

  it('serves each supported county by one or two supporting districts', () => {
    const locatedIn = ends('LOCATED_IN');
    /** The county-level code (6 digits) of a region, or of the region an organization is located in. */
    const countyOf = (id: string) => (byId.get(id)!.labels.includes('Region') ? id : locatedIn.get(id)!).slice(0, 6);
    const supporter = ends('SUPPORTER');
    const served = new Map<string, Set<string>>();
    for (const r of graph.relationships.filter((x) => x.type === 'SUPPORTED')) {
      const county = countyOf(r.to);
      served.set(county, (served.get(county) ?? new Set()).add(countyOf(supporter.get(r.from)!)));
    }
    const counties = regions.filter((r) => r.props.kind === 'COUNTY');
    expect(served.size).toBe(counties.length);
    for (const districts of served.values()) expect([1, 2]).toContain(districts.size);
    expect([...served.values()].some((d) => d.size === 2)).toBe(true);
  });

  it('streams a larger graph chunk by chunk and rejects impossible options', () => {
    let nodes = 0;
    let chunkCount = 0;
    for (const chunk of generateGraph({ seed: 1, idPrefix: 'synth-big', supportedProvinces: 3, countiesPerProvince: 25, pinyin: false })) {
      nodes += chunk.nodes.length;
      chunkCount += 1;
    }
    expect(chunkCount).toBe(1 + 2 * 4 + 3 * 25);
    expect(nodes).toBeGreaterThan(graph.nodes.length * 2);
    expect(() => generateGraphAll({ seed: 1, idPrefix: 'x', supportingProvinces: 5, supportedProvinces: 6 })).toThrow(RangeError);
    expect(() => generateGraphAll({ seed: 1, idPrefix: 'x', pairingShare: 1.5 })).toThrow(/pairingShare/);
    expect(() => generateGraphAll({ seed: 1, idPrefix: 'bad prefix' })).toThrow(/idPrefix/);
  });

  it('takes its region codes from the prefix, not the seed', () => {
    const codes = (g: SeedGraph) => g.nodes.filter((n) => n.labels.includes('Region')).map((n) => n.id);
    const otherSeed = generateGraphAll({ ...OPTIONS, seed: 7 });
    expect(codes(otherSeed).slice(0, 10)).toEqual(codes(graph).slice(0, 10));
    const otherPrefix = generateGraphAll({ ...OPTIONS, idPrefix: 'synth-other' });
    const mine = new Set(codes(graph).filter((c) => levelOfCode(c) !== 'PROVINCE'));
    expect(codes(otherPrefix).filter((c) => mine.has(c))).toEqual([]);
    // The same seed under another prefix gives the same graph under other ids: compare it by names.
    const byNames = (g: SeedGraph) => {
      const name = new Map(g.nodes.map((n) => [n.id, String(n.props.name ?? n.props.kind)]));
      const pairingProps = (n: SeedNode) => [n.props.kind, n.props.since, n.props.until, n.props.status];
      return hashOf([
        g.nodes.map((n) => [n.labels, name.get(n.id), n.props.kind, n.props.side, n.props.demonstration, n.labels.includes('Pairing') ? pairingProps(n) : null]),
        g.relationships.map((r) => [r.type, name.get(r.from), name.get(r.to)]),
      ]);
    };
    expect(byNames(otherPrefix)).toBe(byNames(graph));
  });
});

describe('generateGraph written to Neo4j', () => {
  const prefix = `synth-it-${process.pid}-${Date.now().toString(36)}`;
  let driver: Driver;
  beforeAll(() => {
    driver = testDriver();
  });
  afterAll(async () => {
    for (const p of [prefix, `${prefix}-warm`]) await cypher(driver, 'MATCH (n:Node {synth: $p}) DETACH DELETE n', { p });
    await driver.close();
  });

  it('writes the default graph in one transaction, with the generated counts', async () => {
    // Warm the JVM and the plan cache with a small graph first (deleted again: it may share province codes).
    const db = testDatabase(driver);
    const small = { seed: 5, idPrefix: `${prefix}-warm`, supportingProvinces: 1, supportedProvinces: 1, districtsPerProvince: 1, countiesPerProvince: 1 };
    await db.write((tx) => writeGraph(tx, generateGraphAll(small)));
    await cypher(driver, 'MATCH (n:Node {synth: $p}) DETACH DELETE n', { p: small.idPrefix });

    const graph = generateGraphAll({ seed: 5, idPrefix: prefix });
    const started = Date.now();
    const written = await db.write((tx) => writeGraph(tx, graph));
    const ms = Date.now() - started;
    process.stdout.write(`synth: wrote ${graph.nodes.length} nodes and ${graph.relationships.length} relationships in ${ms} ms\n`);
    expect(written).toEqual({ nodes: graph.nodes.length, relationships: graph.relationships.length });

    const [{ nodes }] = await cypher<{ nodes: number }>(driver, 'MATCH (n:Node {synth: $p}) RETURN count(n) AS nodes', { p: prefix });
    expect(nodes).toBe(graph.nodes.length);
    for (const label of ['Unit', 'Region', 'Organization', 'Pairing', 'Source']) {
      const [{ n }] = await cypher<{ n: number }>(driver, `MATCH (x:Node:${label} {synth: $p}) RETURN count(x) AS n`, { p: prefix });
      expect([label, n]).toEqual([label, count(graph.nodes, (x) => x.labels.includes(label))]);
    }
    // Every generated relationship leaves a synthetic node; none may touch a node of another graph.
    const rows = await cypher<{ type: string; n: number; foreign: number }>(
      driver,
      `MATCH (a:Node {synth: $p})-[r]->(b)
       RETURN type(r) AS type, count(r) AS n, count(CASE WHEN coalesce(b.synth, '') <> $p THEN 1 END) AS foreign`,
      { p: prefix },
    );
    const expected: Record<string, number> = {};
    for (const r of graph.relationships) expected[r.type] = (expected[r.type] ?? 0) + 1;
    expect(Object.fromEntries(rows.map((r) => [r.type, r.n]))).toEqual(expected);
    expect(rows.reduce((s, r) => s + r.foreign, 0)).toBe(0);
    const [{ incoming }] = await cypher<{ incoming: number }>(
      driver,
      "MATCH (a)-[r]->(b:Node {synth: $p}) WHERE coalesce(a.synth, '') <> $p RETURN count(r) AS incoming",
      { p: prefix },
    );
    expect(incoming).toBe(0);

    const [dates] = await cypher<{ dates: number; ended: number }>(
      driver,
      `MATCH (p:Pairing {synth: $p})
       RETURN count(CASE WHEN p.since IS :: DATE AND p.asOf IS :: DATE THEN 1 END) AS dates, count(p.until) AS ended`,
      { p: prefix },
    );
    expect(dates).toEqual({
      dates: count(graph.nodes, (x) => x.labels.includes('Pairing')),
      ended: count(graph.nodes, (x) => x.labels.includes('Pairing') && x.props.until !== null),
    });
  });
});
