import type { Driver } from 'neo4j-driver';
import { regionChain } from '../../src/cooperation/CooperationIndex';
import type { Database } from '../../src/db/Database';
import { PairUnitsDocument } from '../../src/generated/operations';
import { importRosters, recordsInput, type ImportResult } from '../../src/roster';
import { fingerprint } from '../security/fingerprint';
import { cypher, testDatabase } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { bearer, testAuth, tokenFor } from '../support/tokens';

/**
 * The rule of issue 13 against the seed's cooperations in the shared test database: a pairing is accepted
 * when its supporter lies in the supporting region of one cooperation and its supported unit in that same
 * cooperation's supported region, at any depth, and it goes into the narrowest such cooperation.
 */

const P = `rule${process.pid}`;
const CHAOYANG_STREET = '110105004000';
const SHIDU = '110111111000';
const FANGSHAN = '110111000000';

let server: TestServer;
let driver: Driver;
let db: Database;
let planner: Record<string, string>;
let tangVillage: string;
let shiduVillage: string;
let fangshanVillage: string;

/** Returns the first village (村, not 社区; by code) under `region`, read by plain Cypher. */
async function villageUnder(region: string, where = ''): Promise<string> {
  const [row] = await cypher<{ id: string }>(
    driver,
    `MATCH (:Region {id: $region})<-[:PART_OF*1..3]-(v:Region {level: 'VILLAGE', kind: 'VILLAGE'}) ${where} RETURN v.id AS id ORDER BY id LIMIT 1`,
    { region },
  );
  if (!row) throw new Error(`no village under ${region} in the test database`);
  return row.id;
}

const importPairings = (rows: Record<string, string>[], name: string): Promise<ImportResult> =>
  importRosters(db, [recordsInput('pairings', rows, `${P}-${name}`)], { importedBy: 'tester' });

const cooperationsOf = async (pairing: string) =>
  (await cypher<{ id: string }>(driver, 'MATCH (:Pairing {id: $id})-[:IN_COOPERATION]->(c:Cooperation) RETURN c.id AS id ORDER BY id', { id: pairing })).map((r) => r.id);

beforeAll(async () => {
  server = await startTestServer({ auth: testAuth() });
  driver = server.driver;
  db = testDatabase(driver);
  planner = bearer(await tokenFor('planner', `${P}-planner`));
  tangVillage = await villageUnder('130627000000');
  shiduVillage = await villageUnder(SHIDU);
  // A village of 房山区 outside 十渡镇 and 张坊镇: no cooperation of the seed holds it.
  fangshanVillage = await villageUnder(FANGSHAN, "WHERE NOT v.id STARTS WITH '110111111' AND NOT v.id STARTS WITH '110111110'");
  // An enterprise of 朝阳区 of this file's own, through the units roster.
  const units = await importRosters(db, [recordsInput('units', [{ id: `${P}-ent`, name: '北京市朝阳区规则测试有限公司', kind: 'ENTERPRISE', region: CHAOYANG_STREET }], `${P}-units`)], { importedBy: 'tester' });
  expect(units.problems).toEqual([]);
}, 120_000);

afterAll(async () => {
  await cypher(driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $p DETACH DELETE n', { p: P });
  await cypher(driver, "MATCH (s:Source {kind: 'IMPORT'}) WHERE s.title STARTS WITH $p OPTIONAL MATCH (c:Change {source: s.id}) DETACH DELETE c, s", { p: P });
  await server?.close();
});

/**
 * Runs `work` while a wider cooperation of this file's own, 朝阳区 → all of 房山区, exists (十渡镇's is narrower),
 * then removes it. Sides are not refreshed (nothing else changes), and the rule does not read sides.
 */
async function withWideCooperation(work: () => Promise<void>): Promise<void> {
  await cypher(
    driver,
    `MATCH (a:Region {id: '110105000000'}), (b:Region {id: $fangshan})
     CREATE (c:Node:Entity:Cooperation {id: $id, name: '规则测试：朝阳区与房山区', provenance: 'IMPORTED', source: $id})
     CREATE (c)-[:SUPPORTING_SIDE {provenance: 'IMPORTED'}]->(a), (c)-[:SUPPORTED_SIDE {provenance: 'IMPORTED'}]->(b)`,
    { id: `${P}-wide`, fangshan: FANGSHAN },
  );
  try {
    await work();
  } finally {
    await cypher(driver, 'MATCH (c:Cooperation {id: $id}) DETACH DELETE c', { id: `${P}-wide` });
  }
}

describe('division codes nest by prefix', () => {
  it('a village lies in its township, county, prefecture and province', () => {
    expect(regionChain('150921212210')).toEqual(['150000000000', '150900000000', '150921000000', '150921212000', '150921212210']);
    expect(regionChain('110105000000')).toEqual(['110000000000', '110100000000', '110105000000']);
    expect(regionChain('not-a-code')).toEqual([]);
  });
});

describe('a pairing needs one cooperation holding both ends', () => {
  it('accepts a 朝阳区 unit with a 唐县 village (the REPORTED cooperation) and links it to that cooperation only', async () => {
    const result = await importPairings([{ id: `${P}-tang`, supporting: `${P}-ent`, supported: tangVillage }], 'tang');
    expect(result.problems).toEqual([]);
    expect(result.written).toBe(true);
    expect(await cooperationsOf(`${P}-tang`)).toEqual(['cooperation-chaoyang-tangxian']);
  });

  it('puts a pairing into 十渡镇 into the 十渡镇 cooperation, the narrowest, although both ends are in Beijing and a wider one holds them too', async () => {
    await withWideCooperation(async () => {
      const result = await importPairings([{ id: `${P}-shidu`, supporting: `${P}-ent`, supported: shiduVillage }], 'shidu');
      expect(result.problems).toEqual([]);
      expect(await cooperationsOf(`${P}-shidu`)).toEqual(['cooperation-chaoyang-shidu']);
      // Another 房山区 village lies only in the wide one.
      const other = await importPairings([{ id: `${P}-fangshan`, supporting: `${P}-ent`, supported: fangshanVillage }], 'fangshan');
      expect(other.problems).toEqual([]);
      expect(await cooperationsOf(`${P}-fangshan`)).toEqual([`${P}-wide`]);
    });
  });

  it('refuses a 卓资县 unit supporting a 朝阳区 unit as WRONG_SIDE on both ends (swapped), and writes nothing', async () => {
    const before = await fingerprint(driver);
    const result = await importPairings([{ id: `${P}-swapped`, supporting: 'ZZ-SCHOOL-01', supported: 'CY-SCHOOL-01', kind: 'SCHOOL_SCHOOL' }], 'swapped');
    expect(result.problems.map((p) => `${p.field} ${p.code}`)).toEqual(['supporting WRONG_SIDE', 'supported WRONG_SIDE']);
    expect(result.problems[0].reason.en).toContain('cooperation-chaoyang-zhuozi');
    expect(result.written).toBe(false);
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('refuses a pairing into a region no cooperation holds as NO_COOPERATION, naming both counties with codes and names', async () => {
    const [{ name: tangName }] = await cypher<{ name: string }>(driver, "MATCH (r:Region {id: '130627000000'}) RETURN r.name AS name");
    const before = await fingerprint(driver);
    const result = await importPairings([{ id: `${P}-none`, supporting: `${P}-ent`, supported: fangshanVillage }], 'none');
    expect(result.written).toBe(false);
    expect(result.problems.map((p) => `${p.row} ${p.field} ${p.code}`)).toEqual(['1 supported NO_COOPERATION']);
    const none = result.problems[0];
    expect(none.value).toBe(fangshanVillage);
    expect(none.reason.en).toContain('no cooperation has 朝阳区 (110105000000) supporting 房山区 (110111000000)');
    expect(none.reason.zh).toContain('没有「朝阳区（110105000000）」支援「房山区（110111000000）」的协作关系');
    expect(none.reason.en).toContain('createCooperation');
    expect(none.reason.zh).toContain('协作名册');
    // A 唐县 village supporting a 卓资县 village: the supporter lies in no cooperation's supporting region (唐县 is
    // only supported), the other end in a supported region; the problem is the supporter's, the missing cooperation 唐县 → 卓资县.
    const village = await importPairings([{ id: `${P}-tv`, supporting: tangVillage, supported: '150921212210', kind: 'COMMUNITY_VILLAGE' }], 'tv');
    const tv = village.problems.find((p) => p.code === 'NO_COOPERATION');
    expect(tv?.field).toBe('supporting');
    expect(tv?.reason.en).toContain(`${tangName} (130627000000) supporting 卓资县 (150921000000)`);
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('pairUnits follows the same rule: NO_COOPERATION names input.supported and both regions, WRONG_SIDE the swapped ends', async () => {
    const before = await fingerprint(driver);
    const res = await server.execute(PairUnitsDocument, { input: { id: `${P}-mut`, supporting: `${P}-ent`, supported: fangshanVillage } }, planner);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.supported' });
    const problems = res.errors![0].extensions!.problems as { field: string; code: string; message: string }[];
    expect(problems.map((p) => `${p.field} ${p.code}`)).toEqual(['input.supported NO_COOPERATION']);
    expect(problems[0].message).toContain('朝阳区 (110105000000) supporting 房山区 (110111000000)');
    const swapped = await server.execute(PairUnitsDocument, { input: { id: `${P}-mut2`, supporting: 'ZZ-SCHOOL-03', supported: 'CY-SCHOOL-03' } }, planner);
    expect((swapped.errors![0].extensions!.problems as { field: string; code: string }[]).map((p) => `${p.field} ${p.code}`)).toEqual(['input.supporting WRONG_SIDE', 'input.supported WRONG_SIDE']);
    expect(await fingerprint(driver)).toEqual(before);
    const ok = await server.execute(PairUnitsDocument, { input: { id: `${P}-mut3`, supporting: `${P}-ent`, supported: tangVillage } }, planner);
    expect(ok.errors).toBeUndefined();
    expect(await cooperationsOf(`${P}-mut3`)).toEqual(['cooperation-chaoyang-tangxian']);
  });
});
