import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { ChangesDocument, CreateUnitDocument } from '../../src/generated/operations';
import type { Database } from '../../src/db/Database';
import { fileInput, importRosters, type ImportResult } from '../../src/roster';
import { ImportInterrupted } from '../../src/roster/importRosters';
import { writeCsv } from '../roster/rosterFiles';
import { cypher, testDatabase } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { bearer, testAuth, tokenFor } from '../support/tokens';

/**
 * Issue 16, item 1: writers racing for the same new ids. The answer a caller gets, the import's summary and
 * its Source counts must say what was really written, and agree with the audit trail.
 */

const P = `race${process.pid}`;
const CHAOYANG = '110105000000';
const UNIT_HEADERS = ['单位编码', '单位名称', '类型', '所在地区编码'];

let server: TestServer;
let driver: Driver;
let db: Database;
let dir: string;
let planner: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ auth: testAuth() });
  driver = server.driver;
  db = testDatabase(driver);
  dir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-race-'));
  planner = bearer(await tokenFor('planner', `${P}-planner`));
  admin = bearer(await tokenFor('admin', `${P}-admin`));
}, 120_000);

afterAll(async () => {
  await cypher(driver, "MATCH (s:Source {kind: 'IMPORT'}) WHERE s.title STARTS WITH $p OR s.importedBy STARTS WITH $p OPTIONAL MATCH (c:Change {source: s.id}) DETACH DELETE c, s", { p: P });
  await cypher(driver, 'MATCH (c:Change) WHERE c.actor STARTS WITH $p OR c.targetId STARTS WITH $p DELETE c', { p: P });
  await cypher(driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $p DETACH DELETE n', { p: P });
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The audit entries of one record, oldest first. */
async function changesOf(targetId: string) {
  const res = await server.execute(ChangesDocument, { where: { targetId }, first: 500 }, admin);
  expect(res.errors).toBeUndefined();
  return res.data!.changes.edges.map((e) => e.node).reverse();
}

/** The Source nodes of this file's imports with their counts, and the audit entries recorded under each. */
async function sourcesWithAudit(title: string) {
  return cypher<{ id: string; created: number; updated: number; unchanged: number; rows: number; audited: number; creates: number; updates: number; nodes: number }>(
    driver,
    `MATCH (s:Source {kind: 'IMPORT', title: $title})
     RETURN s.id AS id, s.created AS created, s.updated AS updated, s.unchanged AS unchanged, s.rows AS rows,
       COUNT { (c:Change {source: s.id}) } AS audited,
       COUNT { (c:Change {source: s.id, action: 'CREATE'}) } AS creates,
       COUNT { (c:Change {source: s.id, action: 'UPDATE'}) } AS updates,
       COUNT { (n:Node {source: s.id}) WHERE NOT n:Source } AS nodes`,
    { title },
  );
}

describe('concurrent createUnit of one new id', () => {
  it('answers CREATE exactly once; every other caller gets BAD_USER_INPUT on id; the answer agrees with the audit', async () => {
    const id = `${P}-one`;
    const callers = 24;
    const answers = await Promise.all(
      Array.from({ length: callers }, (_, i) => server.execute(CreateUnitDocument, { input: { id, name: `并发新建学校 ${i}`, kind: 'SCHOOL', region: CHAOYANG } }, planner)),
    );
    const created = answers.filter((a) => a.data?.createUnit?.action === 'CREATE');
    const refused = answers.filter((a) => a.errors?.length);
    const codes = refused.map((a) => `${a.errors![0].extensions?.code}:${a.errors![0].extensions?.field}`);
    expect(codes.filter((c) => c !== 'BAD_USER_INPUT:input.id')).toEqual([]);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(callers - 1);
    const winner = created[0].data!.createUnit.unit.name;

    const [stored] = await cypher<{ name: string; n: number }>(driver, 'MATCH (n:Node {id: $id}) RETURN n.name AS name, count(*) AS n', { id });
    expect(stored).toEqual({ name: winner, n: 1 });
    const audit = await changesOf(id);
    expect(audit.map((c) => c.action)).toEqual(['CREATE']);
    expect(JSON.parse(audit[0].fields.find((f) => f.field === 'name')!.after!)).toBe(winner);
  }, 180_000);
});

describe('imports racing each other', () => {
  const rows = 120;
  const unitRows = (tag: string) => Array.from({ length: rows }, (_, i) => [`${P}-imp-${tag}-${i}`, `并发导入学校 ${tag} ${i}`, 'SCHOOL', '110105']);

  it('summaries and Source counts of racing imports tell what each really wrote, batch by batch and in one transaction', async () => {
    for (const single of [false, true]) {
      const tag = single ? 's' : 'b';
      const title = `${P}-race-${tag}.csv`;
      const f = path.join(dir, title);
      await writeCsv(f, [UNIT_HEADERS, ...unitRows(tag)]);
      const importers = 4;
      const results: ImportResult[] = await Promise.all(
        Array.from({ length: importers }, (_, i) =>
          importRosters(db, [fileInput(f)], { importedBy: `${P}-importer-${i}`, batchSize: 10, singleTransactionRows: single ? 100_000 : 1 }),
        ),
      );
      const created = results.reduce((n, r) => n + r.rosters[0].created, 0);
      const updated = results.reduce((n, r) => n + r.rosters[0].updated, 0);
      const unchanged = results.reduce((n, r) => n + r.rosters[0].unchanged, 0);
      // Every row was created exactly once, by one of the imports; the others found it there, the same.
      expect({ created, updated, unchanged }).toEqual({ created: rows, updated: 0, unchanged: rows * (importers - 1) });
      const [{ n }] = await cypher<{ n: number }>(driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $p RETURN count(n) AS n', { p: `${P}-imp-${tag}-` });
      expect(n).toBe(rows);

      const sources = await sourcesWithAudit(title);
      // An import that wrote nothing leaves no Source; each Source counts what its import wrote, as the audit does.
      for (const s of sources) {
        expect({ created: s.created, updated: s.updated }).toEqual({ created: s.creates, updated: s.updates });
        expect(s.nodes).toBe(s.created + s.updated);
      }
      expect(sources.reduce((t, s) => t + s.created, 0)).toBe(rows);
      const bySource = new Map(results.map((r) => [r.rosters[0].sourceId, r.rosters[0]]));
      for (const s of sources) expect(bySource.get(s.id)).toMatchObject({ created: s.created, updated: s.updated });
    }
  }, 300_000);

  it('an interrupted batched import leaves a Source whose counts are what its committed batches wrote, and says which batches those were', async () => {
    const title = `${P}-cut.csv`;
    const f = path.join(dir, title);
    await writeCsv(f, [UNIT_HEADERS, ...unitRows('cut')]);
    // After the second batch is written, another writer takes an id of the fourth batch for a pairing:
    // the fourth batch fails its check under lock, and the import stops there.
    const taken = `${P}-imp-cut-35`;
    let batches = 0;
    const failure = await importRosters(db, [fileInput(f)], {
      importedBy: `${P}-cutter`,
      batchSize: 10,
      singleTransactionRows: 1,
      onProgress: async (p) => {
        if (p.phase === 'write' && ++batches === 2) await cypher(driver, "CREATE (:Node:Pairing {id: $id, kind: 'SCHOOL_SCHOOL', provenance: 'IMPORTED', source: 'race-test'})", { id: taken });
      },
    }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(ImportInterrupted);
    const cut = failure as ImportInterrupted;
    const [source] = await sourcesWithAudit(title);
    expect(source.created).toBe(source.creates);
    expect(source.nodes).toBe(source.created);
    expect(source.rows).toBe(cut.written[0].rows);
    expect(cut.written[0]).toMatchObject({ file: title, created: source.created, sourceId: source.id });
    // Rows 2..31 of the file (three batches of ten) were written before the fourth failed; a rerun completes it.
    expect(source.created).toBe(30);
    expect(cut.message).toMatch(/rows 2–31/);
    await cypher(driver, 'MATCH (n:Node {id: $id}) DETACH DELETE n', { id: taken });
    const rerun = await importRosters(db, [fileInput(f)], { importedBy: `${P}-cutter`, batchSize: 10, singleTransactionRows: 1 });
    expect(rerun.rosters[0]).toMatchObject({ created: rows - 30, unchanged: 30 });
  }, 180_000);
});
