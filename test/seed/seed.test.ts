import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { loadSeed } from '../../src/seed/loadSeed';
import { readPackageDivisions, withinCounties } from '../support/packageDivisions';
import { cypher, testDatabase, testDriver } from '../support/testDatabase';

const SEED = path.join(__dirname, '..', '..', 'seed');
const PROVENANCES = ['REPORTED', 'PLACEHOLDER', 'IMPORTED'];
const PLACEHOLDER_NAME = /^(朝阳区|卓资县)结对.+ \d+$|^卓资县易地搬迁小区 \d+$/;
/** The shape that only placeholders may have: a name ending in a space and a number. */
const NUMBERED_NAME = /\s\d+$/;

/** Parses 卓资县's 2021 list here, independently of the loader. */
function readZhuozi2021(): { code: string; name: string; parent: string }[] {
  const lines = readFileSync(path.join(SEED, 'divisions', 'zhuozi-divisions-2021.csv'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim());
  expect(lines[0]).toBe('code,name,parent_code');
  return lines.slice(1).map((line) => {
    const [code, name, parent] = line.split(',');
    return { code, name, parent };
  });
}

/** Returns a canonical text for a value read from Neo4j (nested Integers, dates and lists included). */
function canonical(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (neo4j.isInt(v)) return `int:${v.toString()}`;
  if (neo4j.isDate(v) || neo4j.isDateTime(v) || neo4j.isLocalDateTime(v)) return `${v.constructor.name}:${v.toString()}`;
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return `${typeof v}:${JSON.stringify(v)}`;
}

interface Snapshot {
  nodes: number;
  relationships: number;
  fingerprint: string;
}

/** Counts and fingerprints the whole graph with plain Cypher. */
async function snapshot(driver: Driver): Promise<Snapshot> {
  const [{ nodes }] = await cypher<{ nodes: number }>(driver, 'MATCH (n) RETURN count(n) AS nodes');
  const [{ relationships }] = await cypher<{ relationships: number }>(driver, 'MATCH ()-[r]->() RETURN count(r) AS relationships');
  const db = process.env.NEO4J_DATABASE ?? 'neo4j';
  const n = await driver.executeQuery('MATCH (n) RETURN labels(n) AS labels, properties(n) AS props', {}, { database: db });
  const r = await driver.executeQuery(
    'MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(a) AS a, properties(b) AS b, properties(r) AS props',
    {},
    { database: db },
  );
  const lines = [
    ...n.records.map((x) => `N ${[...(x.get('labels') as string[])].sort().join(':')} ${canonical(x.get('props'))}`),
    // Ends by id when they have one, else by all their properties.
    ...r.records.map((x) => {
      const end = (p: Record<string, unknown>) => (p.id !== undefined ? canonical(p.id) : canonical(p));
      return `R ${x.get('type') as string} ${end(x.get('a'))} ${end(x.get('b'))} ${canonical(x.get('props'))}`;
    }),
  ].sort();
  expect(lines).toHaveLength(nodes + relationships);
  return { nodes, relationships, fingerprint: createHash('sha256').update(lines.join('\n')).digest('hex') };
}

let driver: Driver;
beforeAll(() => {
  driver = testDriver();
});
afterAll(() => driver.close());

describe('the seed in the real Neo4j', () => {
  it('(a) leaves the same graph when loaded again', async () => {
    const before = await snapshot(driver);
    expect(before.nodes).toBeGreaterThan(300);
    expect(before.relationships).toBeGreaterThan(300);
    await loadSeed(testDatabase(driver));
    const after = await snapshot(driver);
    expect(after).toEqual(before);
  });

  it('(b) gives every node and relationship a provenance and a source that is a :Source node', async () => {
    const [nodes] = await cypher<{ bad: number; ids: string[] }>(
      driver,
      `MATCH (n) WHERE NOT n:Change // audit records (who changed what) are not facts of the graph
       AND (NOT coalesce(n.provenance, '') IN $provenances
          OR n.source IS NULL
          OR NOT EXISTS { MATCH (s:Source) WHERE s.id = n.source })
       RETURN count(n) AS bad, collect(n.id)[0..10] AS ids`,
      { provenances: PROVENANCES },
    );
    expect(nodes).toEqual({ bad: 0, ids: [] });
    const [rels] = await cypher<{ bad: number; examples: string[] }>(
      driver,
      `MATCH (a)-[r]->(b)
       WHERE NOT coalesce(r.provenance, '') IN $provenances
          OR r.source IS NULL
          OR NOT EXISTS { MATCH (s:Source) WHERE s.id = r.source }
       RETURN count(r) AS bad, collect(a.id + '-' + type(r) + '->' + b.id)[0..10] AS examples`,
      { provenances: PROVENANCES },
    );
    expect(rels).toEqual({ bad: 0, examples: [] });
    // The check above is not vacuous: all three places facts come from are present.
    const kinds = await cypher<{ p: string }>(driver, 'MATCH (n:Unit) RETURN DISTINCT n.provenance AS p');
    expect(kinds.map((k) => k.p)).toEqual(expect.arrayContaining(['REPORTED', 'PLACEHOLDER']));
  });

  it('(c) names every placeholder unit so that it cannot pass for a real one, and no reported unit like that', async () => {
    const units = await cypher<{ id: string; name: string; provenance: string }>(
      driver,
      'MATCH (u:Unit) WHERE u.provenance IN [\'PLACEHOLDER\', \'REPORTED\'] RETURN u.id AS id, u.name AS name, u.provenance AS provenance',
    );
    const placeholders = units.filter((u) => u.provenance === 'PLACEHOLDER');
    const reported = units.filter((u) => u.provenance === 'REPORTED');
    // As many placeholders as seed/pairings.json asks for, each named by the pattern.
    const cfg = JSON.parse(readFileSync(path.join(SEED, 'pairings.json'), 'utf8'));
    const expected =
      2 * cfg.schools + 2 * cfg.hospitals + cfg.streets.placeholders + cfg.communities + cfg.enterprises + cfg.socialOrganizations + cfg.relocationEstates;
    expect(placeholders).toHaveLength(expected);
    expect(placeholders.filter((u) => !PLACEHOLDER_NAME.test(u.name))).toEqual([]);
    expect(placeholders.filter((u) => !NUMBERED_NAME.test(u.name))).toEqual([]);
    expect(reported.length).toBeGreaterThan(170);
    expect(reported.filter((u) => NUMBERED_NAME.test(u.name) || PLACEHOLDER_NAME.test(u.name))).toEqual([]);
  });

  describe('(d) regions', () => {
    const counties = JSON.parse(readFileSync(path.join(SEED, 'divisions.json'), 'utf8')).villagesOf as string[];
    const expected = withinCounties(readPackageDivisions().rows, counties).sort((x, y) => (x.code < y.code ? -1 : 1));
    const provinces = expected.filter((r) => r.parent === null).map((r) => r.code);

    it("holds exactly the national list's divisions of the seed's counties, with their names and parents", async () => {
      expect(expected.filter((r) => r.code === '110105000000').map((r) => r.name)).toEqual(['朝阳区']);
      expect(expected.filter((r) => r.parent === '110105000000')).toHaveLength(43);
      expect(expected.filter((r) => r.parent === '150921000000')).toHaveLength(8);
      const db = await cypher<{ code: string; name: string; parents: string[] }>(
        driver,
        'MATCH (r:Region) RETURN r.id AS code, r.name AS name, [(r)-[:PART_OF]->(p:Region) | p.id] AS parents ORDER BY code',
      );
      expect(db).toEqual(expected.map((r) => ({ code: r.code, name: r.name, parents: r.parent ? [r.parent] : [] })));
    });

    it("keeps 卓资县's 2021 names as former names of the same 119 village codes, with the year", async () => {
      const list = readZhuozi2021();
      const villages = list.filter((r) => !r.code.endsWith('000'));
      expect(villages).toHaveLength(119);
      const rows = await cypher<{ code: string; name: string; shortName: string | null; formerNames: string[] | null; years: number[] | null }>(
        driver,
        `UNWIND $codes AS code MATCH (r:Region {id: code})
         RETURN r.id AS code, r.name AS name, r.shortName AS shortName, r.formerNames AS formerNames, r.formerNameYears AS years`,
        { codes: list.map((r) => r.code) },
      );
      expect(rows).toHaveLength(list.length);
      for (const r of rows) {
        const old = list.find((x) => x.code === r.code)!.name;
        if (old === r.name || old === r.shortName) expect([r.code, r.formerNames]).toEqual([r.code, null]);
        else expect([r.code, r.formerNames, r.years]).toEqual([r.code, [old], [2021]]);
      }
      expect(rows.find((r) => r.code === '150921210215')).toMatchObject({ name: '马莲坝村民委员会', shortName: '马莲坝村', formerNames: ['马连坝村委会'] });
    });

    it('counts 43 street-level units under 朝阳区, 8 townships and 119 village-level units under 卓资县 in the DB', async () => {
      const [row] = await cypher<{ streets: number; townships: number; villages: number }>(
        driver,
        `RETURN COUNT { (:Region)-[:PART_OF]->(:Region {id: '110105000000'}) } AS streets,
                COUNT { (:Region)-[:PART_OF]->(:Region {id: '150921000000'}) } AS townships,
                COUNT { (:Region)-[:PART_OF]->(:Region)-[:PART_OF]->(:Region {id: '150921000000'}) } AS villages`,
      );
      expect(row).toEqual({ streets: 43, townships: 8, villages: 119 });
    });

    it('gives every region but the provinces exactly one PART_OF parent, and the provinces none', async () => {
      const bad = await cypher<{ code: string; parents: number }>(
        driver,
        `MATCH (r:Region)
         WITH r, COUNT { (r)-[:PART_OF]->() } AS parents
         WHERE (r.id IN $provinces AND parents <> 0) OR (NOT r.id IN $provinces AND parents <> 1)
         RETURN r.id AS code, parents`,
        { provinces },
      );
      expect(bad).toEqual([]);
      const roots = await cypher<{ code: string }>(driver, 'MATCH (r:Region) WHERE NOT (r)-[:PART_OF]->() RETURN r.id AS code ORDER BY code');
      expect(roots.map((r) => r.code)).toEqual(provinces);
    });
  });

  it('(e) leaves some demonstration villages unpaired and pairs others', async () => {
    const [row] = await cypher<{ paired: number; unpaired: number }>(
      driver,
      `MATCH (v:Region) WHERE v.demonstration = true
       RETURN count(CASE WHEN EXISTS { (v)<-[:SUPPORTED]-(:Pairing) } THEN 1 END) AS paired,
              count(CASE WHEN NOT EXISTS { (v)<-[:SUPPORTED]-(:Pairing) } THEN 1 END) AS unpaired`,
    );
    expect(row.paired).toBeGreaterThan(0);
    expect(row.unpaired).toBeGreaterThan(0);
    const demo = JSON.parse(readFileSync(path.join(SEED, 'pairings.json'), 'utf8')).demonstration;
    expect(row).toEqual({ paired: demo.pairedByCommunities + demo.pairedByEnterprises, unpaired: demo.unpaired });
  });
});
