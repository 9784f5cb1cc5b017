import { once } from 'node:events';
import { copyFileSync, createWriteStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../db/Database';
import { fileInput, importRosters } from '../roster';

/** What {@link runImportBench} measured. */
export interface ImportBenchResult {
  /** Rows imported: the units roster's rows plus the pairings roster's. */
  rows: number;
  unitRows: number;
  pairingRows: number;
  /** Seconds of `importRosters` (check pass, then write pass), and rows per second. */
  seconds: number;
  rowsPerSecond: number;
  /** Seconds of the check pass (every row read and looked up, nothing written) and of the write pass after it. */
  checkSeconds: number;
  writeSeconds: number;
  /** How the import wrote: one transaction or one per batch. */
  transactions: string;
  /** Seconds of Neo4j's own LOAD CSV of the same files into fresh labels, and rows per second; null when LOAD CSV cannot read them. */
  loadCsvSeconds: number | null;
  loadCsvRowsPerSecond: number | null;
  /**
   * Seconds of LOAD CSV of the same files into the project's own labels and indexes (:Node:Unit:Organization
   * with LOCATED_IN, :Node:Pairing with SUPPORTER and SUPPORTED, no pinyin and no checks): what the model's
   * indexes cost, apart from the importer's checks. Null when LOAD CSV cannot read the files.
   */
  loadCsvModelSeconds: number | null;
  loadCsvModelRowsPerSecond: number | null;
  /** Why LOAD CSV was not measured, when it was not. */
  loadCsvNote: string | null;
  /** Heap used by this process at the end of the import, in MB (the import streams; this stays flat). */
  heapUsedMb: number;
}

/** Supporting and supported counties of the seed: the generated units lie in them. */
const SUPPORTING_REGION = '110105000000';
const SUPPORTED_REGION = '150921000000';

/** Writes `count` lines made by `line` to `file` (CSV, English headers, UTF-8), respecting back-pressure. */
async function writeLines(file: string, header: string, count: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(file);
  let buffer = `${header}\r\n`;
  for (let i = 0; i < count; i++) {
    buffer += `${line(i)}\r\n`;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

/**
 * Returns how this Neo4j's LOAD CSV can read a file of the folder `dir`: by its absolute file URL (an
 * embedded Neo4j whose import root is not enforced), or copied into `server.directories.import` (when
 * that folder is on this machine and writable); null with the reason otherwise. Probed with a tiny file.
 */
async function loadCsvAccess(db: Database, dir: string): Promise<{ url: (file: string) => string; copyTo: string | null } | { url: null; note: string }> {
  const probe = 'probe.csv';
  writeFileSync(path.join(dir, probe), 'a\r\n1\r\n');
  const readable = async (url: string) => {
    try {
      await db.read((tx) => tx.run('LOAD CSV WITH HEADERS FROM $url AS row RETURN count(row) AS n', { url }));
      return true;
    } catch {
      return false;
    }
  };
  const absolute = (file: string) => `file://${path.resolve(dir, file).split(path.sep).map(encodeURIComponent).join('/')}`;
  if (await readable(absolute(probe))) return { url: absolute, copyTo: null };
  let note = 'LOAD CSV cannot read files of this machine';
  try {
    const result = await db.read((tx) =>
      tx.run("SHOW SETTINGS YIELD name, value WHERE name IN ['server.directories.import', 'dbms.security.allow_csv_import_from_file_urls'] RETURN name, value"),
    );
    const settings = new Map(result.records.map((r) => [r.get('name') as string, String(r.get('value'))]));
    const folder = settings.get('server.directories.import');
    if (settings.get('dbms.security.allow_csv_import_from_file_urls') === 'false') note = 'dbms.security.allow_csv_import_from_file_urls is false';
    else if (folder && existsSync(folder) && statSync(folder).isDirectory()) {
      const copy = path.join(folder, `pairing-graph-${process.pid}-${probe}`);
      copyFileSync(path.join(dir, probe), copy);
      try {
        if (await readable(`file:///${path.basename(copy)}`)) return { url: (file) => `file:///${encodeURIComponent(file)}`, copyTo: folder };
      } finally {
        rmSync(copy, { force: true });
      }
      note = `LOAD CSV cannot read files of its import folder ${folder}`;
    } else if (folder) note = `the import folder ${folder} (server.directories.import) is not on this machine`;
  } catch (err) {
    note = `LOAD CSV cannot read files of this machine (${(err as Error).message})`;
  }
  return { url: null, note };
}

/** Runs a query in an auto-commit transaction (what CALL … IN TRANSACTIONS needs). */
async function autoCommit(db: Database, cypher: string, params: Record<string, unknown> = {}): Promise<void> {
  const session = db.driver.session({ database: db.name });
  try {
    await session.run(cypher, params);
  } finally {
    await session.close();
  }
}

/**
 * Measures the roster import on generated data: a units roster of `rows` schools (half in 朝阳区 on the
 * supporting side, half in 卓资县 on the supported side) and a pairings roster pairing them one to one
 * (`rows / 2` rows), written as CSV in a temporary folder and imported with {@link importRosters}
 * (validated, then written; beyond 200,000 rows in batched transactions). Then loads the same two files
 * with Neo4j's own `LOAD CSV … CALL IN TRANSACTIONS` into fresh labels (no validation: the floor to
 * compare with), when the server can read them (its `server.directories.import` is on this machine).
 * Removes everything it created (with the audit trail's :Change records of the import) unless `keep`.
 */
export async function runImportBench(db: Database, rows: number, options: { keep?: boolean; log?: (line: string) => void } = {}): Promise<ImportBenchResult> {
  const log = options.log ?? (() => undefined);
  const half = Math.floor(rows / 2);
  const prefix = `bench-import-${process.pid}-${Date.now().toString(36)}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-import-bench-'));
  const unitsFile = path.join(dir, 'units.csv');
  const pairingsFile = path.join(dir, 'pairings.csv');
  const unitId = (i: number) => `${prefix}-u${i}`;
  const sourceIds: string[] = [];
  try {
    await writeLines(unitsFile, 'id,name,kind,region', rows, (i) => `${unitId(i)},基准测试学校 ${i},SCHOOL,${i < half ? SUPPORTING_REGION : SUPPORTED_REGION}`);
    await writeLines(pairingsFile, 'id,supporting,supported,kind,since', half, (i) => `${prefix}-p${i},${unitId(i)},${unitId(half + i)},SCHOOL_SCHOOL,2024-01-01`);
    log(`import bench: ${rows} units and ${half} pairings in ${dir}`);

    const started = process.hrtime.bigint();
    // The check pass ends with its last progress report; the write pass follows.
    let checkEnded = started;
    const result = await importRosters(db, [fileInput(unitsFile), fileInput(pairingsFile)], {
      importedBy: 'bench',
      onProgress: (p) => {
        if (p.phase === 'check') checkEnded = process.hrtime.bigint();
      },
    });
    const ended = process.hrtime.bigint();
    const seconds = Number(ended - started) / 1e9;
    const checkSeconds = Number(checkEnded - started) / 1e9;
    const heapUsedMb = process.memoryUsage().heapUsed / 1024 ** 2;
    for (const r of result.rosters) if (r.sourceId) sourceIds.push(r.sourceId);
    if (!result.ok) throw new Error(`import bench: the generated rosters have problems: ${JSON.stringify(result.problems.slice(0, 3))}`);
    const imported = rows + half;
    log(`import bench: importRosters ${imported} rows in ${seconds.toFixed(1)} s (check ${checkSeconds.toFixed(1)} s, write ${(seconds - checkSeconds).toFixed(1)} s, ${result.transactions})`);

    let loadCsvSeconds: number | null = null;
    let loadCsvNote: string | null = null;
    let loadCsvModelSeconds: number | null = null;
    const access = await loadCsvAccess(db, dir);
    if (access.url) {
      const names = { units: `${prefix}-units.csv`, pairings: `${prefix}-pairings.csv` };
      if (access.copyTo) {
        copyFileSync(unitsFile, path.join(access.copyTo, names.units));
        copyFileSync(pairingsFile, path.join(access.copyTo, names.pairings));
      }
      const urlOf = (kind: 'units' | 'pairings') => (access.copyTo ? access.url(names[kind]) : access.url(path.basename(kind === 'units' ? unitsFile : pairingsFile)));
      try {
        await autoCommit(db, 'CREATE INDEX bench_load_csv_id IF NOT EXISTS FOR (n:BenchLoadCsv) ON (n.id)');
        await autoCommit(db, 'CALL db.awaitIndexes(300)');
        const t0 = process.hrtime.bigint();
        await autoCommit(
          db,
          `LOAD CSV WITH HEADERS FROM $url AS row
           CALL (row) {
             MATCH (r:Region {id: row.region})
             CREATE (u:BenchLoadCsv {id: row.id, name: row.name, kind: row.kind})
             CREATE (u)-[:BENCH_LOCATED_IN]->(r)
           } IN TRANSACTIONS OF 10000 ROWS`,
          { url: urlOf('units') },
        );
        await autoCommit(
          db,
          `LOAD CSV WITH HEADERS FROM $url AS row
           CALL (row) {
             MATCH (a:BenchLoadCsv {id: row.supporting})
             MATCH (b:BenchLoadCsv {id: row.supported})
             CREATE (p:BenchLoadCsv {id: row.id, kind: row.kind, since: date(row.since)})
             CREATE (p)-[:BENCH_SUPPORTER]->(a)
             CREATE (p)-[:BENCH_SUPPORTED]->(b)
           } IN TRANSACTIONS OF 10000 ROWS`,
          { url: urlOf('pairings') },
        );
        loadCsvSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
        log(`import bench: LOAD CSV ${imported} rows in ${loadCsvSeconds.toFixed(1)} s`);

        // The same into the model's labels, under other ids.
        const t1 = process.hrtime.bigint();
        await autoCommit(
          db,
          `LOAD CSV WITH HEADERS FROM $url AS row
           CALL (row) {
             MATCH (r:Region {id: row.region})
             CREATE (u:Node:Unit:Organization {id: 'm-' + row.id, name: row.name, kind: row.kind, side: r.side, provenance: 'IMPORTED', source: 'bench'})
             CREATE (u)-[:LOCATED_IN {provenance: 'IMPORTED', source: 'bench'}]->(r)
           } IN TRANSACTIONS OF 10000 ROWS`,
          { url: urlOf('units') },
        );
        await autoCommit(
          db,
          `LOAD CSV WITH HEADERS FROM $url AS row
           CALL (row) {
             MATCH (a:Unit {id: 'm-' + row.supporting})
             MATCH (b:Unit {id: 'm-' + row.supported})
             CREATE (p:Node:Pairing {id: 'm-' + row.id, kind: row.kind, sector: 'EDUCATION', since: date(row.since), status: 'ACTIVE', provenance: 'IMPORTED', source: 'bench'})
             CREATE (p)-[:SUPPORTER {provenance: 'IMPORTED', source: 'bench'}]->(a)
             CREATE (p)-[:SUPPORTED {provenance: 'IMPORTED', source: 'bench'}]->(b)
           } IN TRANSACTIONS OF 10000 ROWS`,
          { url: urlOf('pairings') },
        );
        loadCsvModelSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
        log(`import bench: LOAD CSV into the model's labels ${imported} rows in ${loadCsvModelSeconds.toFixed(1)} s`);
      } finally {
        if (access.copyTo) {
          rmSync(path.join(access.copyTo, names.units), { force: true });
          rmSync(path.join(access.copyTo, names.pairings), { force: true });
        }
      }
    } else {
      loadCsvNote = access.note;
      log(`import bench: LOAD CSV not measured: ${access.note}`);
    }

    return {
      rows: imported,
      unitRows: rows,
      pairingRows: half,
      seconds,
      rowsPerSecond: imported / seconds,
      checkSeconds,
      writeSeconds: seconds - checkSeconds,
      transactions: result.transactions,
      loadCsvSeconds,
      loadCsvRowsPerSecond: loadCsvSeconds ? imported / loadCsvSeconds : null,
      loadCsvModelSeconds,
      loadCsvModelRowsPerSecond: loadCsvModelSeconds ? imported / loadCsvModelSeconds : null,
      loadCsvNote,
      heapUsedMb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (!options.keep) {
      for (const p of [prefix, `m-${prefix}`]) {
        await autoCommit(db, `MATCH (n:Node) WHERE n.id STARTS WITH $p CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`, { p });
      }
      await autoCommit(db, 'UNWIND $ids AS id MATCH (s:Source {id: id}) DETACH DELETE s', { ids: sourceIds });
      // The audit trail's record of each imported row (one :Change per changed row).
      await autoCommit(db, "MATCH (c:Change {actor: 'bench'}) WHERE c.source IN $ids CALL (c) { DELETE c } IN TRANSACTIONS OF 10000 ROWS", { ids: sourceIds });
      await autoCommit(db, `MATCH (n:BenchLoadCsv) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`);
      await autoCommit(db, 'DROP INDEX bench_load_csv_id IF EXISTS');
    }
  }
}
