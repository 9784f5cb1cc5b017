import { CounterpartsDocument, CounterpartsLeanDocument, UnitCounterpartsDocument } from '../../src/generated/operations';
import { cypher } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';

const PREFIX = 'test-counterparts-';
const SRC = 'report-2023-08-22';

let t: TestServer;
let today: string;
beforeAll(async () => {
  t = await startTestServer();
  // Today in China, as Neo4j computes it (independently of the app's clock code).
  today = (await cypher<{ d: string }>(t.driver, "RETURN toString(date({timezone: 'Asia/Shanghai'})) AS d"))[0].d;
  // An ended pairing of our own: a test enterprise with a real Zhuozi village, 2021-03-01 to 2022-06-30.
  await cypher(
    t.driver,
    `MATCH (v:Region {id: '150921212210'})
     CREATE (a:Node:Unit {id: $prefix + 'enterprise', name: '测试企业', kind: 'ENTERPRISE', side: 'SUPPORTING', provenance: 'IMPORTED', source: $src})
     CREATE (p:Node:Pairing {id: $prefix + 'ended', kind: 'ENTERPRISE_VILLAGE', sector: 'INDUSTRY', since: date('2021-03-01'), until: date('2022-06-30'),
       status: 'ENDED', provenance: 'IMPORTED', source: $src})
     CREATE (p)-[:SUPPORTER {provenance: 'IMPORTED', source: $src}]->(a)
     CREATE (p)-[:SUPPORTED {provenance: 'IMPORTED', source: $src}]->(v)`,
    { prefix: PREFIX, src: SRC },
  );
});
afterAll(async () => {
  await cypher(t.driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $prefix DETACH DELETE n', { prefix: PREFIX });
  await t.close();
});

/** Counterparts of every unit with a pairing active on `on`, by plain Cypher: unit id → sorted `side unit pairing` lines. */
async function expectedCounterparts(on: string): Promise<Map<string, string[]>> {
  const rows = await cypher<{ s: string; t: string; p: string }>(
    t.driver,
    `MATCH (s:Unit)<-[:SUPPORTER]-(p:Pairing)-[:SUPPORTED]->(t:Unit)
     WHERE (p.since IS NULL OR p.since <= date($on)) AND (p.until IS NULL OR p.until >= date($on))
     RETURN s.id AS s, t.id AS t, p.id AS p`,
    { on },
  );
  const out = new Map<string, string[]>();
  const add = (unit: string, line: string) => out.set(unit, [...(out.get(unit) ?? []), line]);
  for (const r of rows) {
    add(r.s, `SUPPORTED ${r.t} ${r.p}`);
    add(r.t, `SUPPORTING ${r.s} ${r.p}`);
  }
  for (const [k, v] of out) out.set(k, v.sort());
  return out;
}

async function apiCounterparts(unitId: string, activeOn?: string): Promise<string[]> {
  const res = await t.execute(CounterpartsLeanDocument, { unitId, activeOn });
  expect(res.errors).toBeUndefined();
  return res.data!.counterparts.map((c) => `${c.side} ${c.unit.id} ${c.pairing.id}`).sort();
}

describe('counterparts', () => {
  it('goes both ways: a Zhuozi village sees its Chaoyang partner as SUPPORTING, the partner sees the village as SUPPORTED', async () => {
    const [pick] = await cypher<{ village: string; partner: string; pairing: string }>(
      t.driver,
      `MATCH (:Region {id: '150921000000'})<-[:PART_OF]-(:Region)<-[:PART_OF]-(v:Region {kind: 'VILLAGE'})<-[:SUPPORTED]-(p:Pairing)-[:SUPPORTER]->(s:Unit)
       WHERE p.until IS NULL
       RETURN v.id AS village, s.id AS partner, p.id AS pairing ORDER BY v.id LIMIT 1`,
    );
    expect(pick).toBeDefined();
    const fromVillage = await t.execute(CounterpartsDocument, { unitId: pick.village });
    expect(fromVillage.errors).toBeUndefined();
    const mine = fromVillage.data!.counterparts.find((c) => c.pairing.id === pick.pairing);
    expect(mine).toMatchObject({ side: 'SUPPORTING', unit: { id: pick.partner, side: 'SUPPORTING' } });
    expect(mine?.pairing.supporting.id).toBe(pick.partner);
    expect(mine?.pairing.supported.id).toBe(pick.village);
    expect(fromVillage.data!.counterparts.every((c) => c.side === 'SUPPORTING')).toBe(true);

    const fromPartner = await t.execute(CounterpartsDocument, { unitId: pick.partner });
    expect(fromPartner.errors).toBeUndefined();
    const theirs = fromPartner.data!.counterparts.find((c) => c.pairing.id === pick.pairing);
    expect(theirs).toMatchObject({ side: 'SUPPORTED', unit: { id: pick.village, side: 'SUPPORTED', region: { code: expect.stringMatching(/^150921/) } } });
    expect(theirs?.pairing.supporting.id).toBe(pick.partner);
    expect(theirs?.pairing.supported.id).toBe(pick.village);
  });

  it('equals plain Cypher for every unit that has a pairing, both directions', async () => {
    const expected = await expectedCounterparts(today);
    const ids = (await cypher<{ id: string }>(t.driver, 'MATCH (u:Unit)<-[:SUPPORTER|SUPPORTED]-(:Pairing) RETURN DISTINCT u.id AS id ORDER BY id')).map(
      (r) => r.id,
    );
    expect(ids.length).toBeGreaterThan(200);
    const actual = new Map<string, string[]>();
    for (let i = 0; i < ids.length; i += 20) {
      const batch = ids.slice(i, i + 20);
      const results = await Promise.all(batch.map((id) => apiCounterparts(id)));
      batch.forEach((id, k) => actual.set(id, results[k]));
    }
    for (const id of ids) expect({ id, lines: actual.get(id) }).toEqual({ id, lines: expected.get(id) ?? [] });
  });

  it('errors NOT_FOUND for an unknown unit', async () => {
    const res = await t.execute(CounterpartsLeanDocument, { unitId: 'no-such-unit' });
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('returns an empty list for a known unit without pairings', async () => {
    const [row] = await cypher<{ id: string }>(
      t.driver,
      "MATCH (u:Region {kind: 'VILLAGE'}) WHERE NOT (u)<-[:SUPPORTED|SUPPORTER]-(:Pairing) RETURN u.id AS id ORDER BY id LIMIT 1",
    );
    expect(await apiCounterparts(row.id)).toEqual([]);
  });

  it('leaves out an ended pairing today but shows it on a day before its end', async () => {
    const ended = `${PREFIX}ended`;
    const enterprise = `${PREFIX}enterprise`;
    expect(today > '2022-06-30').toBe(true);
    expect(await apiCounterparts('150921212210')).not.toContain(`SUPPORTING ${enterprise} ${ended}`);
    expect(await apiCounterparts(enterprise)).toEqual([]);
    for (const on of ['2021-03-01', '2022-01-15', '2022-06-30']) {
      expect(await apiCounterparts('150921212210', on)).toContain(`SUPPORTING ${enterprise} ${ended}`);
      expect(await apiCounterparts(enterprise, on)).toEqual([`SUPPORTED 150921212210 ${ended}`]);
    }
    for (const on of ['2021-02-28', '2022-07-01']) expect(await apiCounterparts(enterprise, on)).toEqual([]);
    // The other counterparts of the village are the seed's, unchanged by the date (they have no dates).
    const seedLines = (await expectedCounterparts(today)).get('150921212210') ?? [];
    expect((await apiCounterparts('150921212210', '2022-01-15')).filter((l) => !l.includes(PREFIX))).toEqual(seedLines);
  });

  it('reaches the same answer through Unit.counterparts', async () => {
    const enterprise = `${PREFIX}enterprise`;
    for (const [id, on] of [['150921212210', '2022-01-15'], ['150921212210', undefined], [enterprise, '2022-01-15'], [enterprise, undefined]] as const) {
      const res = await t.execute(UnitCounterpartsDocument, { id, activeOn: on });
      expect(res.errors).toBeUndefined();
      const lines = res.data!.unit!.counterparts.map((c) => `${c.side} ${c.unit.id} ${c.pairing.id}`).sort();
      expect(lines).toEqual(await apiCounterparts(id, on));
    }
  });

  it('costs one round trip for the top-level field', async () => {
    const [pick] = await cypher<{ id: string; n: number }>(
      t.driver,
      'MATCH (u:Unit)<-[:SUPPORTED]-(p:Pairing) WITH u, count(p) AS n WHERE n > 1 RETURN u.id AS id, n ORDER BY n DESC, id LIMIT 1',
    );
    t.counter.count = 0;
    const res = await t.execute(CounterpartsLeanDocument, { unitId: pick.id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.counterparts.length).toBeGreaterThanOrEqual(pick.n);
    expect(t.counter.count).toBe(1);
  });
});
