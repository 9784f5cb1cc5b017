import type { Driver } from 'neo4j-driver';
import { generateGraphAll, type SynthOptions } from '../../src/synth/generateGraph';
import { deleteSynth, digestSynth, findExistingSynth, loadSynth } from '../../src/synth/loadSynth';
import { writeBatch } from '../../src/synth/writeBatch';
import { cypher, testDatabase, testDriver } from '../support/testDatabase';

const P = `ls${process.pid}`;
const OPTIONS: SynthOptions = { seed: 11, idPrefix: P, supportingProvinces: 1, supportedProvinces: 1, districtsPerProvince: 2, countiesPerProvince: 3, cooperations: true, yearlyRecords: true, activities: true };

let driver: Driver;
beforeAll(() => {
  driver = testDriver();
});
afterAll(async () => {
  await cypher(driver, 'MATCH (n:Node) WHERE n.synth STARTS WITH $p DETACH DELETE n', { p: P });
  await driver.close();
});

describe('generateGraph with cooperations and yearly records', () => {
  const graph = generateGraphAll(OPTIONS);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const pairings = graph.nodes.filter((n) => n.labels.includes('Pairing'));
  const out = (type: string) => new Map(graph.relationships.filter((r) => r.type === type).map((r) => [r.from, r.to]));

  it('records a pairing as consecutive yearly agreements, all ENDED but the last unless the pairing ended', () => {
    const supporter = out('SUPPORTER');
    const supported = out('SUPPORTED');
    const chains = new Map<string, typeof pairings>();
    for (const p of pairings) {
      const key = `${supporter.get(p.id)}>${supported.get(p.id)}|${p.props.kind}`;
      chains.set(key, [...(chains.get(key) ?? []), p]);
    }
    expect(chains.size).toBeLessThan(pairings.length);
    const problems: string[] = [];
    for (const [key, chain] of chains) {
      chain.sort((a, b) => String(a.props.since).localeCompare(String(b.props.since)));
      chain.forEach((p, i) => {
        const last = i === chain.length - 1;
        if (!last && (p.props.status !== 'ENDED' || !p.props.until)) problems.push(`${key}: record ${i} not ended`);
        if (!last) {
          const next = new Date(`${String(p.props.until)}T00:00:00Z`).getTime() + 86400000;
          if (new Date(`${String(chain[i + 1].props.since)}T00:00:00Z`).getTime() !== next) problems.push(`${key}: gap after record ${i}`);
        }
        if (last && p.props.status === 'ACTIVE' && p.props.until !== null) problems.push(`${key}: active record with until`);
      });
    }
    expect(problems).toEqual([]);
  });

  it("links every pairing to the cooperation of its supporter's district with its county", () => {
    const coop = out('IN_COOPERATION');
    const supportingSide = out('SUPPORTING_SIDE');
    const supportedSide = out('SUPPORTED_SIDE');
    const supporter = out('SUPPORTER');
    const supported = out('SUPPORTED');
    const located = out('LOCATED_IN');
    const partOf = out('PART_OF');
    const countyOf = (id: string): string => {
      const n = byId.get(id)!;
      if (n.props.level === 'COUNTY') return id;
      return countyOf(n.labels.includes('Region') ? partOf.get(id)! : located.get(id)!);
    };
    expect(coop.size).toBe(pairings.length);
    for (const p of pairings) {
      const c = coop.get(p.id)!;
      expect(byId.get(c)?.labels).toEqual(['Node', 'Entity', 'Cooperation']);
      expect(supportingSide.get(c)).toBe(countyOf(supporter.get(p.id)!));
      expect(supportedSide.get(c)).toBe(countyOf(supported.get(p.id)!));
    }
  });

  it('leaves the default graph as it was (no cooperations, one record per pairing)', () => {
    const plain = generateGraphAll({ seed: 11, idPrefix: P });
    expect(plain.nodes.some((n) => n.labels.includes('Cooperation'))).toBe(false);
    expect(plain.relationships.some((r) => r.type === 'IN_COOPERATION')).toBe(false);
  });
});

describe('loadSynth', () => {
  it('creates exactly the generated graph, in batches, and refuses to load it again', async () => {
    const db = testDatabase(driver);
    const digest = digestSynth(OPTIONS);
    expect(await findExistingSynth(db, OPTIONS)).toBeNull();
    const progress: number[] = [];
    const load = await loadSynth(db, OPTIONS, { perTransaction: 1000, onProgress: (n) => progress.push(n) });
    expect(load).toMatchObject({ nodes: digest.nodes, relationships: digest.relationships });
    expect(load.transactions).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const labels = await cypher<{ label: string; n: number }>(driver, 'MATCH (n:Node {synth: $p}) UNWIND labels(n) AS label RETURN label, count(*) AS n', { p: P });
    const byLabel = Object.fromEntries(labels.map((r) => [r.label, r.n]));
    expect(byLabel).toMatchObject({ Node: digest.nodes, Pairing: digest.labels.Pairing, Cooperation: digest.labels['Entity:Cooperation'], Region: digest.labels['Unit:Region'] });
    const types = await cypher<{ type: string; n: number }>(driver, 'MATCH (a:Node {synth: $p})-[r]->(b) WHERE b.synth = $p RETURN type(r) AS type, count(*) AS n', { p: P });
    expect(Object.fromEntries(types.map((r) => [r.type, r.n]))).toEqual(digest.types);
    // Dates are dates, as the model stores them.
    const [dates] = await cypher<{ bad: number }>(driver, 'MATCH (p:Pairing {synth: $p}) WHERE NOT (p.since IS :: DATE AND p.asOf IS :: DATE) RETURN count(p) AS bad', { p: P });
    expect(dates.bad).toBe(0);
    // The ledger: every activity a date, as recordActivity stores it, of one pairing or cooperation of this graph.
    expect(digest.labels.Activity).toBeGreaterThan(100);
    const [acts] = await cypher<{ n: number; bad: number }>(
      driver,
      `MATCH (a:Activity {synth: $p}) RETURN count(a) AS n,
         count(CASE WHEN NOT (a.date IS :: DATE) OR COUNT { (a)-[:ACTIVITY_OF]->(o) WHERE o.synth = $p AND (o:Pairing OR o:Cooperation) } <> 1 THEN 1 END) AS bad`,
      { p: P },
    );
    expect(acts).toEqual({ n: digest.labels.Activity, bad: 0 });
    expect(await findExistingSynth(db, OPTIONS)).not.toBeNull();
    await expect(loadSynth(db, OPTIONS)).rejects.toThrow(/already exists/);
    expect(await deleteSynth(db, P)).toBe(digest.nodes);
    expect((await cypher<{ n: number }>(driver, 'MATCH (a:Activity {synth: $p}) RETURN count(a) AS n', { p: P }))[0].n).toBe(0);
  }, 120_000);

  it('rolls a batch back when an end is missing, naming it, and refuses labels outside the model', async () => {
    const db = testDatabase(driver);
    const id = `${P}-x-1`;
    const graph = {
      nodes: [{ labels: ['Node', 'Unit', 'Organization'], id, props: { id, name: 'x', synth: `${P}-x` } }],
      relationships: [{ type: 'LOCATED_IN', from: id, to: `${P}-nowhere`, props: {} }],
    };
    await expect(db.write((tx) => writeBatch(tx, graph))).rejects.toThrow(`no node with id '${P}-nowhere'`);
    const [{ n }] = await cypher<{ n: number }>(driver, 'MATCH (x:Node {id: $id}) RETURN count(x) AS n', { id });
    expect(n).toBe(0);
    await expect(db.write((tx) => writeBatch(tx, { nodes: [{ labels: ['Node', 'Admin'], id, props: { id } }], relationships: [] }))).rejects.toThrow(/label 'Admin'/);
  });
});
