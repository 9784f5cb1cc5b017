import type { Driver } from 'neo4j-driver';
import {
  ChangesDocument,
  CreateUnitDocument,
  DeletePairingDocument,
  DeleteUnitDocument,
  EndPairingDocument,
  PairUnitsDocument,
  PersonContactDocument,
  ReplacePlaceholderDocument,
  SetContactDocument,
  UpdateUnitDocument,
} from '../../src/generated/operations';
import { testDatabase } from '../support/testDatabase';
import { cypher } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { bearer, testAuth, tokenFor } from '../support/tokens';
import { writeGraph } from '../../src/seed/writeGraph';
import { fingerprint } from '../security/fingerprint';

/**
 * Edits through GraphQL against the real database: each mutation writes what it says, checks its input as
 * an import checks a row (errors name the argument), writes nothing on an error, and leaves an audit entry
 * with who, when and the values before and after.
 */

const P = `mut${process.pid}`;
const CHAOYANG = '110105000000';
const ZHUOZI = '150921000000';
const PERSON = 'person-hu-yongqing';

let server: TestServer;
let driver: Driver;
let planner: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ auth: testAuth() });
  driver = server.driver;
  planner = bearer(await tokenFor('planner', `${P}-planner`));
  admin = bearer(await tokenFor('admin', `${P}-admin`));
  // A placeholder pair of schools of this file's own, so that replacing one leaves the seed as it was.
  await testDatabase(driver).write((tx) => writeGraph(tx, {
    nodes: [
      { labels: ['Node', 'Unit', 'Organization'], id: `${P}-ph`, props: { id: `${P}-ph`, name: '朝阳区结对学校 98', kind: 'SCHOOL', side: 'SUPPORTING', provenance: 'PLACEHOLDER', source: 'report-2023-08-22' } },
      { labels: ['Node', 'Unit', 'Organization'], id: `${P}-phz`, props: { id: `${P}-phz`, name: '卓资县结对学校 98', kind: 'SCHOOL', side: 'SUPPORTED', provenance: 'PLACEHOLDER', source: 'report-2023-08-22' } },
      { labels: ['Node', 'Unit', 'Organization'], id: `${P}-ph2`, props: { id: `${P}-ph2`, name: '朝阳区结对学校 96', kind: 'SCHOOL', side: 'SUPPORTING', provenance: 'PLACEHOLDER', source: 'report-2023-08-22' } },
      { labels: ['Node', 'Pairing'], id: `${P}-php`, props: { id: `${P}-php`, kind: 'SCHOOL_SCHOOL', sector: 'EDUCATION', status: 'ACTIVE', provenance: 'PLACEHOLDER', source: 'report-2023-08-22' } },
    ],
    relationships: [
      { type: 'LOCATED_IN', from: `${P}-ph`, to: CHAOYANG, props: { provenance: 'PLACEHOLDER', source: 'seed-placeholder' } },
      { type: 'LOCATED_IN', from: `${P}-ph2`, to: CHAOYANG, props: { provenance: 'PLACEHOLDER', source: 'seed-placeholder' } },
      { type: 'LOCATED_IN', from: `${P}-phz`, to: ZHUOZI, props: { provenance: 'PLACEHOLDER', source: 'seed-placeholder' } },
      { type: 'SUPPORTER', from: `${P}-php`, to: `${P}-ph`, props: { provenance: 'PLACEHOLDER', source: 'seed-placeholder' } },
      { type: 'SUPPORTED', from: `${P}-php`, to: `${P}-phz`, props: { provenance: 'PLACEHOLDER', source: 'seed-placeholder' } },
    ],
  }));
}, 120_000);

afterAll(async () => {
  const sources = await cypher<{ s: string }>(driver, 'MATCH (c:Change) WHERE c.actor STARTS WITH $p AND c.source IS NOT NULL RETURN DISTINCT c.source AS s', { p: P });
  await cypher(driver, 'MATCH (s:Source) WHERE s.id IN $ids DETACH DELETE s', { ids: sources.map((r) => r.s) });
  await cypher(driver, 'MATCH (c:Change) WHERE c.actor STARTS WITH $p DELETE c', { p: P });
  await cypher(driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $p OR n.replacedPlaceholder STARTS WITH $p DETACH DELETE n', { p: P });
  await cypher(driver, 'MATCH (e:Person {id: $id}) REMOVE e.contactPhone, e.contactEmail, e.contactNote', { id: PERSON });
  await server?.close();
});

/** The audit entries of one record, oldest first. */
async function changesOf(targetId: string) {
  const res = await server.execute(ChangesDocument, { where: { targetId }, first: 50 }, admin);
  expect(res.errors).toBeUndefined();
  return res.data!.changes.edges.map((e) => e.node).reverse();
}

describe('createUnit', () => {
  it('creates an organization where it says, IMPORTED, with a Source, and records who did it', async () => {
    const res = await server.execute(CreateUnitDocument, { input: { id: `${P}-school`, name: '北京市朝阳区测试学校', kind: 'SCHOOL', region: '110105' } }, planner);
    expect(res.errors).toBeUndefined();
    expect(res.data!.createUnit).toMatchObject({
      action: 'CREATE',
      changedFields: ['name', 'kind', 'region'],
      unit: { id: `${P}-school`, name: '北京市朝阳区测试学校', kind: 'SCHOOL', side: 'SUPPORTING', provenance: 'IMPORTED', region: { code: CHAOYANG } },
    });
    expect(res.data!.createUnit.unit.source).toMatchObject({ kind: 'IMPORT', title: 'graphql createUnit' });
    const [stored] = await cypher<{ by: string; region: string }>(driver, 'MATCH (n:Unit {id: $id})-[:LOCATED_IN]->(r) RETURN n.importedBy AS by, r.id AS region', { id: `${P}-school` });
    expect(stored).toEqual({ by: `${P}-planner`, region: CHAOYANG });

    const [entry] = await changesOf(`${P}-school`);
    expect(entry).toMatchObject({ actor: `${P}-planner`, role: 'planner', operation: 'createUnit', targetType: 'Unit', action: 'CREATE' });
    expect(entry.fields).toEqual([
      { field: 'name', before: null, after: JSON.stringify('北京市朝阳区测试学校') },
      { field: 'kind', before: null, after: JSON.stringify('SCHOOL') },
      { field: 'region', before: null, after: JSON.stringify(CHAOYANG) },
    ]);
    expect(Math.abs(Date.parse(entry.at) - Date.now())).toBeLessThan(60_000);
  });

  it('refuses an id in use, an unknown region and a kind it cannot create, naming each field, and writes nothing', async () => {
    const before = await fingerprint(driver);
    const taken = await server.execute(CreateUnitDocument, { input: { id: `${P}-school`, name: '重名', kind: 'SCHOOL', region: CHAOYANG } }, planner);
    expect(taken.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.id' });

    const bad = await server.execute(CreateUnitDocument, { input: { id: `${P}-bad`, name: '错误的单位', kind: 'COUNTY', region: '999999' } }, planner);
    expect(bad.data).toBeNull();
    const ext = bad.errors![0].extensions as { code: string; field: string; problems: { field: string; code: string; value: string }[] };
    expect(ext.code).toBe('BAD_USER_INPUT');
    expect(ext.problems.map((p) => [p.field, p.code])).toEqual([
      ['input.kind', 'KIND_NOT_IMPORTABLE'],
      ['input.region', 'UNKNOWN_REGION'],
    ]);
    expect(bad.errors![0].message).toContain("input.region: no division has this code (got '999999')");
    expect(await fingerprint(driver)).toEqual(before);
  });
});

describe('updateUnit', () => {
  it('changes only the fields given, and says UNCHANGED when nothing differs', async () => {
    const res = await server.execute(UpdateUnitDocument, { id: `${P}-school`, input: { name: '北京市朝阳区测试学校（新名）' } }, planner);
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateUnit).toMatchObject({ action: 'UPDATE', changedFields: ['name'], unit: { name: '北京市朝阳区测试学校（新名）', region: { code: CHAOYANG } } });
    const again = await server.execute(UpdateUnitDocument, { id: `${P}-school`, input: { name: '北京市朝阳区测试学校（新名）' } }, planner);
    expect(again.data!.updateUnit).toMatchObject({ action: 'UNCHANGED', changedFields: [] });

    const entries = await changesOf(`${P}-school`);
    expect(entries.map((e) => e.operation)).toEqual(['createUnit', 'updateUnit']);
    expect(entries[1].fields).toEqual([{ field: 'name', before: JSON.stringify('北京市朝阳区测试学校'), after: JSON.stringify('北京市朝阳区测试学校（新名）') }]);
  });

  it('says NOT_FOUND for an unknown unit and refuses renaming a division, naming the field', async () => {
    const missing = await server.execute(UpdateUnitDocument, { id: `${P}-nothing`, input: { name: 'x' } }, planner);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    const division = await server.execute(UpdateUnitDocument, { id: ZHUOZI, input: { name: '改名县' } }, planner);
    expect(division.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    const [{ name }] = await cypher<{ name: string }>(driver, 'MATCH (r:Region {id: $id}) RETURN r.name AS name', { id: ZHUOZI });
    expect(name).toBe('卓资县');
  });
});

describe('replacePlaceholder', () => {
  it("puts the real unit in the placeholder's place: new id and name, its pairing kept, provenance IMPORTED", async () => {
    const res = await server.execute(
      ReplacePlaceholderDocument,
      { placeholder: `${P}-ph`, input: { id: `${P}-real`, name: '北京市朝阳区实验小学（测试）', kind: 'SCHOOL', region: CHAOYANG } },
      planner,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.replacePlaceholder).toMatchObject({ action: 'REPLACE', unit: { id: `${P}-real`, name: '北京市朝阳区实验小学（测试）', provenance: 'IMPORTED' } });
    expect(res.data!.replacePlaceholder.unit.counterparts).toEqual([{ unit: { id: `${P}-phz` }, pairing: { id: `${P}-php` } }]);
    expect(await cypher(driver, 'MATCH (n:Node {id: $id}) RETURN n', { id: `${P}-ph` })).toEqual([]);
    const [entry] = (await changesOf(`${P}-real`)).filter((e) => e.operation === 'replacePlaceholder');
    expect(entry.fields).toEqual(expect.arrayContaining([{ field: 'replaces', before: JSON.stringify(`${P}-ph`), after: JSON.stringify(`${P}-real`) }]));
    expect(entry.action).toBe('REPLACE');
  });

  it('lets one of several concurrent replacements of a placeholder win; the others get a clear error, not a 500', async () => {
    const tries = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        server.execute(ReplacePlaceholderDocument, { placeholder: `${P}-ph2`, input: { id: `${P}-race${i}`, name: `并发替换学校 ${i}`, kind: 'SCHOOL', region: CHAOYANG } }, planner),
      ),
    );
    const won = tries.filter((t) => t.data?.replacePlaceholder.action === 'REPLACE');
    expect(won).toHaveLength(1);
    for (const t of tries.filter((x) => !x.data)) {
      expect(t.status).toBe(200);
      expect(t.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'placeholder' });
    }
    const left = await cypher<{ id: string }>(driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $race OR n.id = $ph RETURN n.id AS id', { race: `${P}-race`, ph: `${P}-ph2` });
    expect(left).toEqual([{ id: won[0].data!.replacePlaceholder.unit.id }]);
  });

  it('refuses a unit that is not a placeholder, naming `placeholder`', async () => {
    const res = await server.execute(ReplacePlaceholderDocument, { placeholder: `${P}-real`, input: { id: `${P}-real2`, name: 'x', kind: 'SCHOOL', region: CHAOYANG } }, planner);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'placeholder' });
  });
});

describe('pairUnits and endPairing', () => {
  it('pairs two units once: the same call again changes nothing', async () => {
    const input = { supporting: `${P}-school`, supported: `${P}-phz`, since: '2025-09-01' };
    const res = await server.execute(PairUnitsDocument, { input }, planner);
    expect(res.errors).toBeUndefined();
    expect(res.data!.pairUnits).toMatchObject({
      action: 'CREATE',
      pairing: { id: `pair-${P}-school-${P}-phz-20250901`, kind: 'SCHOOL_SCHOOL', sector: 'EDUCATION', since: '2025-09-01', until: null, status: 'ACTIVE', provenance: 'IMPORTED' },
    });
    const again = await server.execute(PairUnitsDocument, { input }, planner);
    expect(again.data!.pairUnits.action).toBe('UNCHANGED');
    const [{ n }] = await cypher<{ n: number }>(driver, 'MATCH (p:Pairing)-[:SUPPORTER]->(:Unit {id: $id}) RETURN count(p) AS n', { id: `${P}-school` });
    expect(n).toBe(1);
  });

  it('refuses wrong sides and the same unit twice, naming the fields, and writes nothing', async () => {
    const before = await fingerprint(driver);
    // The same unit twice is that problem alone; swapped ends (a 卓资县 school supporting a 朝阳区 one) are WRONG_SIDE on both.
    const res = await server.execute(PairUnitsDocument, { input: { id: `${P}-wrong`, supporting: `${P}-phz`, supported: `${P}-phz` } }, planner);
    const fields = (res.errors![0].extensions!.problems as { field: string; code: string }[]).map((p) => `${p.field} ${p.code}`);
    expect(fields).toEqual(['input.supported SAME_UNIT']);
    const swapped = await server.execute(PairUnitsDocument, { input: { id: `${P}-wrong`, supporting: `${P}-phz`, supported: `${P}-school` } }, planner);
    expect((swapped.errors![0].extensions!.problems as { field: string; code: string }[]).map((p) => `${p.field} ${p.code}`)).toEqual(['input.supporting WRONG_SIDE', 'input.supported WRONG_SIDE']);
    const badDate = await server.execute(PairUnitsDocument, { input: { supporting: `${P}-school`, supported: `${P}-phz`, until: '2020-13-01' } }, planner);
    expect(badDate.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(badDate.errors?.[0].message).toContain('2020-13-01');
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('ends a pairing on a date, keeping it as history, and refuses an end before its start', async () => {
    const id = `pair-${P}-school-${P}-phz-20250901`;
    const early = await server.execute(EndPairingDocument, { id, until: '2025-01-01' }, planner);
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'until' });
    const res = await server.execute(EndPairingDocument, { id, until: '2025-12-31' }, planner);
    expect(res.errors).toBeUndefined();
    expect(res.data!.endPairing).toMatchObject({ action: 'UPDATE', changedFields: ['until'], pairing: { id, since: '2025-09-01', until: '2025-12-31', status: 'ENDED' } });
    const [entry] = (await changesOf(id)).filter((e) => e.operation === 'endPairing');
    expect(entry.fields).toEqual([{ field: 'until', before: null, after: JSON.stringify('2025-12-31') }]);
    const missing = await server.execute(EndPairingDocument, { id: `${P}-none` }, planner);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('removals (admin)', () => {
  it('refuses to remove a unit that still has pairings, then removes pairing and unit, recording the values removed', async () => {
    const id = `pair-${P}-school-${P}-phz-20250901`;
    const linked = await server.execute(DeleteUnitDocument, { id: `${P}-school` }, admin);
    expect(linked.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', pairings: 1 });

    expect((await server.execute(DeletePairingDocument, { id }, admin)).data).toEqual({ deletePairing: { id, deleted: true } });
    expect((await server.execute(DeleteUnitDocument, { id: `${P}-school` }, admin)).data).toEqual({ deleteUnit: { id: `${P}-school`, deleted: true } });
    expect(await cypher(driver, 'MATCH (n:Node) WHERE n.id IN $ids RETURN n', { ids: [id, `${P}-school`] })).toEqual([]);

    const [removed] = (await changesOf(id)).filter((e) => e.action === 'DELETE');
    expect(removed).toMatchObject({ operation: 'deletePairing', actor: `${P}-admin`, role: 'admin' });
    expect(removed.fields).toEqual(expect.arrayContaining([{ field: 'until', before: JSON.stringify('2025-12-31'), after: null }, { field: 'supporting', before: JSON.stringify(`${P}-school`), after: null }]));
    const division = await server.execute(DeleteUnitDocument, { id: ZHUOZI }, admin);
    expect(division.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect((await server.execute(DeletePairingDocument, { id }, admin)).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('contact details', () => {
  it('records a contact checked field by field, shows it to planners, and audits it', async () => {
    const bad = await server.execute(SetContactDocument, { personId: PERSON, input: { phone: 'call me', email: 'x@y.cn' } }, planner);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.phone' });
    const res = await server.execute(SetContactDocument, { personId: PERSON, input: { phone: '+86 10 6509 0000', email: 'office@example.org' } }, planner);
    expect(res.errors).toBeUndefined();
    expect(res.data!.setContact.contact).toEqual({ phone: '+86 10 6509 0000', email: 'office@example.org', note: null });
    const read = await server.execute(PersonContactDocument, { id: PERSON }, planner);
    expect(read.data!.entity!.contact).toEqual({ phone: '+86 10 6509 0000', email: 'office@example.org', note: null });
    const [entry] = await changesOf(PERSON);
    expect(entry).toMatchObject({ operation: 'setContact', targetType: 'Person', action: 'UPDATE' });
    expect(entry.fields.map((f) => f.field)).toEqual(['contact.phone', 'contact.email']);
    const unknown = await server.execute(SetContactDocument, { personId: `${P}-nobody`, input: { note: 'x' } }, planner);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the audit trail', () => {
  it('pages newest first with cursors and filters by actor and operation', async () => {
    const all = await server.execute(ChangesDocument, { where: { actor: `${P}-planner` }, first: 500 }, admin);
    const ids = all.data!.changes.edges.map((e) => e.node.id);
    expect(ids.length).toBe(all.data!.changes.totalCount);
    expect(ids.length).toBeGreaterThanOrEqual(6);
    expect([...ids].sort().reverse()).toEqual(ids);
    const first = await server.execute(ChangesDocument, { where: { actor: `${P}-planner` }, first: 2 }, admin);
    const next = await server.execute(ChangesDocument, { where: { actor: `${P}-planner` }, first: 2, after: first.data!.changes.pageInfo.endCursor }, admin);
    expect([...first.data!.changes.edges, ...next.data!.changes.edges].map((e) => e.node.id)).toEqual(ids.slice(0, 4));
    const creates = await server.execute(ChangesDocument, { where: { actor: `${P}-planner`, operation: 'createUnit' } }, admin);
    expect(creates.data!.changes.edges.map((e) => e.node.targetId)).toEqual([`${P}-school`]);
  });
});
