import { randomBytes } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { changeIdPrefix } from '../audit/writeChanges';
import type { Database } from '../db/Database';
import { todayInChina } from '../graphql/DateScalar';
import type { RosterKind } from './columns';
import { loadAgreements, lockIds, lookupIds, type Agreements, type Lookup } from './lookup';
import {
  ImportState,
  parsePairingRow,
  parseUnitRow,
  planPairing,
  planUnit,
  rowProblems,
  type PairingWrite,
  type RawRow,
  type RowPlan,
  type UnitWrite,
} from './plan';
import { reason, type RosterProblem } from './problems';
import { SheetReadError, type SheetInfo } from './readSheet';
import { interpretHeader, isBlankRow, isCommentRow, type RosterHeader, type RosterInput } from './rosterInput';
import type { CellValue } from './values';
import { createImportSource, writePairings, writeUnits, type WriteMeta } from './write';

/** How an import runs. */
export interface ImportOptions {
  /** Check and plan only: nothing is written. */
  dryRun?: boolean;
  /** Who imports (a user name), stored as `importedBy` and as the actor of the audit trail. */
  importedBy: string;
  /** The role of who imports (a token's), recorded in the audit trail; null from the command line. */
  role?: string | null;
  /** The operation the audit trail records: `import` by default, a mutation's name for edits through GraphQL. */
  operation?: string;
  /** The import's time (now by default). */
  now?: Date;
  /**
   * Rows (all rosters together) up to which the write is one transaction; beyond, one transaction per
   * batch. By default what the database's transaction memory allows (about 8 KB a row, half of
   * `dbms.memory.transaction.total.max`), at most 200,000. Should the one transaction still run out of
   * memory, the import is written again in batches.
   */
  singleTransactionRows?: number;
  /** Rows per lookup and per write statement. 2,000 by default. */
  batchSize?: number;
  /** Most problems kept in the result (the rest are counted). 100,000 by default. */
  maxProblems?: number;
  /** Called as rows are read: the phase, the roster, bytes read so far and its size, rows so far. */
  onProgress?: (progress: ImportProgress) => void;
  /** Called with the plan of every valid row during the check (what a dry run reports). */
  onRow?: (plan: RowPlan) => void;
}

/** Where an import is. */
export interface ImportProgress {
  phase: 'check' | 'write';
  file: string;
  bytes: number;
  totalBytes: number | undefined;
  rows: number;
}

/** What an import did, or would do, with one roster. */
export interface RosterSummary {
  name: string;
  kind: RosterKind | null;
  rows: number;
  created: number;
  updated: number;
  /** Of the updated rows, those that replaced a placeholder. */
  replaced: number;
  unchanged: number;
  problems: number;
  /** Id of the :Source node the import created for it (null when nothing was written). */
  sourceId: string | null;
  /** Headers the importer does not know (ignored). */
  unknownColumns: string[];
  info?: SheetInfo;
}

/** The result of {@link importRosters}. */
export interface ImportResult {
  /** True when no roster has a problem. */
  ok: boolean;
  /** True when something was written. */
  written: boolean;
  dryRun: boolean;
  rosters: RosterSummary[];
  /** The problems, in file and row order (at most `maxProblems`). */
  problems: RosterProblem[];
  /** All problems, kept or not. */
  problemCount: number;
  /** How the write went: one transaction, or one per batch. */
  transactions: 'none' | 'single' | 'batched';
  seconds: number;
}

const DEFAULT_BATCH = 2000;
const MAX_SINGLE_TX_ROWS = 200_000;
/** Rows in one transaction when the database's memory limit cannot be read. */
const FALLBACK_SINGLE_TX_ROWS = 20_000;
/** What one imported row costs in transaction memory (node or relationship, properties and index updates), measured on Neo4j 5.26. */
const TX_BYTES_PER_ROW = 8 * 1024;
const DEFAULT_MAX_PROBLEMS = 100_000;

/** One roster with its header read. */
interface Prepared {
  input: RosterInput;
  header: RosterHeader | null;
  summary: RosterSummary;
}

/** Collects problems up to a cap. */
class ProblemList {
  readonly list: RosterProblem[] = [];
  count = 0;
  constructor(private readonly max: number) {}
  add(problems: readonly RosterProblem[]): void {
    for (const p of problems) {
      this.count += 1;
      if (this.list.length < this.max) this.list.push(p);
    }
  }
}

function readProblem(input: RosterInput, err: SheetReadError): RosterProblem {
  return { file: input.name, row: err.row, field: null, column: null, value: '', code: err.code ?? (err.row === 0 ? 'UNREADABLE' : 'CSV_SYNTAX'), reason: err.reason };
}

/** Reads the header row of a roster (its first non-blank row). */
async function readHeader(input: RosterInput): Promise<{ header: RosterHeader | null; problems: RosterProblem[] }> {
  try {
    for await (const row of input.rows()) {
      if (isBlankRow(row.cells)) continue;
      return interpretHeader(input, row);
    }
  } catch (err) {
    if (err instanceof SheetReadError) return { header: null, problems: [readProblem(input, err)] };
    throw err;
  }
  return {
    header: null,
    problems: [{ file: input.name, row: 0, field: null, column: null, value: '', code: 'EMPTY_FILE', reason: reason('文件是空的：没有表头行', 'the file is empty: no header row') }],
  };
}

/** Yields the data rows of a roster in batches: blank rows and comment rows (`#…`) skipped, cells keyed by field. */
async function* batchesOf(input: RosterInput, header: RosterHeader, size: number, onBytes?: (n: number) => void): AsyncGenerator<RawRow[]> {
  let headerSeen = false;
  let batch: RawRow[] = [];
  for await (const row of input.rows(onBytes)) {
    if (isBlankRow(row.cells)) continue;
    if (!headerSeen) {
      headerSeen = true;
      continue;
    }
    if (isCommentRow(row.cells)) continue;
    const values = new Map<string, CellValue>();
    header.fieldAt.forEach((field, i) => {
      if (field) values.set(field, row.cells[i] ?? null);
    });
    batch.push({ row: row.row, values });
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Returns the ids of the records a batch changes or relies on: the rows' ids and placeholders, or pairings' units. */
function idsToLock(kind: RosterKind, rows: readonly RawRow[]): string[] {
  const fields = kind === 'units' ? ['id', 'replaces'] : ['id', 'supporting', 'supported'];
  const ids: string[] = [];
  for (const r of rows) {
    for (const f of fields) {
      const v = r.values.get(f);
      if (v !== null && v !== undefined) ids.push(String(v).trim());
    }
  }
  return ids;
}

/** Returns the ids a batch must look up: the rows' ids, regions and placeholders, or pairings' units. */
function idsToLook(kind: RosterKind, rows: readonly RawRow[]): string[] {
  const ids: string[] = [];
  const fields = kind === 'units' ? ['id', 'replaces'] : ['id', 'supporting', 'supported'];
  for (const r of rows) {
    for (const f of fields) {
      const v = r.values.get(f);
      if (v !== null && v !== undefined) ids.push(String(v).trim());
    }
    if (kind === 'units') {
      const region = r.values.get('region');
      if (region !== null && region !== undefined) {
        const t = String(region).replace(/\s+/g, '');
        ids.push(/^(\d{6}|\d{9})$/.test(t) ? t.padEnd(12, '0') : t);
      }
    }
  }
  return ids;
}

/** Plans a batch of rows against the database as `tx` sees it; returns the plans of valid rows and the problems. */
async function planBatch(
  tx: ManagedTransaction,
  prepared: Prepared,
  rows: readonly RawRow[],
  state: ImportState,
  agreements: Agreements,
): Promise<{ plans: (UnitWrite | PairingWrite)[]; problems: RosterProblem[] }> {
  const header = prepared.header!;
  const kind = header.kind;
  const found = await lookupIds(tx, idsToLook(kind, rows));
  const look = (id: string): Lookup => found.get(id) ?? { node: null, replacedBy: null };
  const plans: (UnitWrite | PairingWrite)[] = [];
  const problems: RosterProblem[] = [];
  const file = prepared.input.name;
  for (const raw of rows) {
    const rp = rowProblems(file, raw, header.columnOf);
    if (kind === 'units') {
      const parsed = parseUnitRow(raw, file, rp, state);
      const plan = parsed.values ? planUnit(parsed.values, file, raw, rp, look, state) : null;
      if (plan && !parsed.bad) plans.push(plan);
    } else {
      const parsed = parsePairingRow(raw, file, rp, state);
      const plan = parsed.values ? planPairing(parsed.values, file, raw, rp, look, state, agreements) : null;
      if (plan && !parsed.bad) plans.push(plan);
    }
    // A row's problems in the order of its columns.
    const at = (field: string | null) => (field === null ? -1 : header.fieldAt.indexOf(field));
    problems.push(...[...rp.list].sort((a, b) => at(a.field) - at(b.field)));
  }
  return { plans, problems };
}

function count(summary: RosterSummary, plans: readonly RowPlan[]): void {
  for (const p of plans) {
    if (p.action === 'create') summary.created += 1;
    else if (p.action === 'update') {
      summary.updated += 1;
      if (p.replaces) summary.replaced += 1;
    } else summary.unchanged += 1;
  }
}

function newSummary(input: RosterInput, kind: RosterKind | null, unknownColumns: string[]): RosterSummary {
  return { name: input.name, kind, rows: 0, created: 0, updated: 0, replaced: 0, unchanged: 0, problems: 0, sourceId: null, unknownColumns, info: input.info };
}

/** Returns a Source id for an import: `import-` and the time, the roster's position and a random suffix. */
function sourceIdOf(now: Date, index: number): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `import-${t}-${index + 1}-${randomBytes(3).toString('hex')}`;
}

/**
 * Imports rosters of units and pairings, all or nothing:
 * 1. reads every roster's header (units rosters go first, so that pairings may name the units they add);
 * 2. checks every row of every roster, streamed in batches, against the database (one lookup per batch)
 *    and against the rows before it, collecting every problem with its file, row, column, value and reason;
 * 3. when there is no problem and this is not a dry run, reads the rosters again and writes the rows that
 *    create or change something: in one transaction up to `singleTransactionRows` rows, else one per batch.
 * Rows are merged on their ids; a row equal to what the database holds is not written, so importing the
 * same roster twice changes nothing the second time. Throws only on database errors.
 */
export async function importRosters(db: Database, inputs: readonly RosterInput[], options: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const problems = new ProblemList(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);

  const fileIndex = (name: string) => inputs.findIndex((i) => i.name === name);

  // 1. Headers.
  const prepared: Prepared[] = [];
  for (const input of inputs) {
    const { header, problems: headerProblems } = await readHeader(input);
    problems.add(headerProblems);
    const summary = newSummary(input, header?.kind ?? input.kind ?? null, header?.unknown ?? []);
    summary.problems = headerProblems.length;
    prepared.push({ input, header, summary });
  }
  const order = [...prepared].sort((a, b) => rank(a) - rank(b));

  // 2. Check.
  const agreements = await db.read((tx) => loadAgreements(tx));
  const state = new ImportState({ track: true, pendingUnits: prepared.some((p) => p.header?.kind === 'pairings') });
  for (const p of order) {
    if (!p.header) continue;
    let bytes = 0;
    const onBytes = (n: number) => {
      bytes += n;
    };
    try {
      for await (const rows of batchesOf(p.input, p.header, batchSize, onBytes)) {
        const planned = await db.read((tx) => planBatch(tx, p, rows, state, agreements));
        p.summary.rows += rows.length;
        p.summary.problems += planned.problems.length;
        problems.add(planned.problems);
        count(p.summary, planned.plans);
        if (options.onRow) for (const plan of planned.plans) options.onRow(strip(plan));
        options.onProgress?.({ phase: 'check', file: p.input.name, bytes, totalBytes: p.input.size, rows: p.summary.rows });
      }
    } catch (err) {
      if (!(err instanceof SheetReadError)) throw err;
      problems.add([readProblem(p.input, err)]);
      p.summary.problems += 1;
    }
  }

  const result = (written: boolean, transactions: ImportResult['transactions']): ImportResult => ({
    ok: problems.count === 0,
    written,
    dryRun: Boolean(options.dryRun),
    rosters: prepared.map((p) => p.summary),
    problems: [...problems.list].sort((a, b) => fileIndex(a.file) - fileIndex(b.file) || a.row - b.row),
    problemCount: problems.count,
    transactions,
    seconds: (Date.now() - started) / 1000,
  });
  const toWrite = order.filter((p) => p.summary.created + p.summary.updated > 0);
  if (problems.count > 0 || options.dryRun || toWrite.length === 0) return result(false, 'none');

  // 3. Write.
  const totalRows = order.reduce((n, p) => n + p.summary.rows, 0);
  let single = totalRows <= (options.singleTransactionRows ?? (await singleTransactionRows(db)));
  const metas = new Map<Prepared, WriteMeta>();
  for (const p of toWrite) {
    metas.set(p, {
      sourceId: sourceIdOf(now, prepared.indexOf(p)),
      file: p.input.name,
      importedAt: now,
      importedBy: options.importedBy,
      today: todayInChina(now),
      operation: options.operation ?? 'import',
      role: options.role ?? null,
      changes: { prefix: changeIdPrefix(now), count: 0 },
    });
  }
  const writeRoster = async (p: Prepared, runBatch: (work: (tx: ManagedTransaction) => Promise<void>) => Promise<void>, writeState: ImportState) => {
    const meta = metas.get(p)!;
    const info = p.input.info;
    await runBatch((tx) =>
      createImportSource(tx, meta, { kind: p.header!.kind, rows: p.summary.rows, created: p.summary.created, updated: p.summary.updated, unchanged: p.summary.unchanged }, {
        format: info?.format,
        encoding: info?.encoding,
      }),
    );
    let bytes = 0;
    let rowsDone = 0;
    for await (const rows of batchesOf(p.input, p.header!, batchSize, (n) => (bytes += n))) {
      await runBatch(async (tx) => {
        // Lock the rows' records first, so that a concurrent edit of the same record waits and the check below sees it.
        await lockIds(tx, idsToLock(p.header!.kind, rows));
        const planned = await planBatch(tx, p, rows, writeState, agreements);
        if (planned.problems.length) throw new ImportConflict(planned.problems);
        if (p.header!.kind === 'units') await writeUnits(tx, planned.plans as UnitWrite[], meta);
        else await writePairings(tx, planned.plans as PairingWrite[], meta);
      });
      rowsDone += rows.length;
      options.onProgress?.({ phase: 'write', file: p.input.name, bytes, totalBytes: p.input.size, rows: rowsDone });
    }
    p.summary.sourceId = meta.sourceId;
  };
  if (single) {
    try {
      await inOneTransaction(db, async (tx) => {
        const writeState = new ImportState({ track: false, pendingUnits: false });
        for (const p of toWrite) await writeRoster(p, (work) => work(tx), writeState);
      });
    } catch (err) {
      // Too big for the database's transaction memory after all: nothing was written; write in batches.
      if ((err as { code?: string }).code !== 'Neo.TransientError.General.MemoryPoolOutOfMemoryError') throw err;
      single = false;
      for (const meta of metas.values()) meta.changes.count = 0;
    }
  }
  if (!single) {
    const writeState = new ImportState({ track: false, pendingUnits: false });
    for (const p of toWrite) await writeRoster(p, (work) => db.write(work), writeState);
  }
  return result(true, single ? 'single' : 'batched');
}

/**
 * Thrown when rows that passed the check fail it again while being written: someone changed the database
 * in between (two edits of the same placeholder at once, say). Nothing of the transaction is written;
 * `problems` are the rows' problems against the database as it is now.
 */
export class ImportConflict extends Error {
  constructor(readonly problems: RosterProblem[]) {
    const first = problems[0];
    super(`import: the database changed during the import: ${first.file} row ${first.row}: ${first.reason.en}`);
    this.name = 'ImportConflict';
  }
}

/** Units rosters first, then pairings; unknown last. */
function rank(p: Prepared): number {
  const kind = p.header?.kind ?? p.input.kind;
  return kind === 'units' ? 0 : kind === 'pairings' ? 1 : 2;
}

/** Returns the plain plan of a row, without what writing needs. */
function strip(plan: UnitWrite | PairingWrite): RowPlan {
  const { roster, file, row, id, action, changes, replaces } = plan;
  return replaces ? { roster, file, row, id, action, changes, replaces } : { roster, file, row, id, action, changes };
}

/** Returns how many rows one write transaction may hold: half the database's transaction memory at about 8 KB a row, at most 200,000. */
async function singleTransactionRows(db: Database): Promise<number> {
  try {
    const result = await db.read((tx) =>
      tx.run("SHOW SETTINGS YIELD name, value WHERE name IN ['dbms.memory.transaction.total.max', 'db.memory.transaction.max'] RETURN name, value"),
    );
    const limits = result.records.map((r) => bytesOf(String(r.get('value')))).filter((b) => b > 0);
    if (!limits.length) return MAX_SINGLE_TX_ROWS;
    return Math.max(1000, Math.min(MAX_SINGLE_TX_ROWS, Math.floor(Math.min(...limits) / 2 / TX_BYTES_PER_ROW)));
  } catch {
    return FALLBACK_SINGLE_TX_ROWS;
  }
}

/** Returns the bytes of a Neo4j size such as `1.40GiB`, `512MiB` or `0B` (0: no limit). */
function bytesOf(size: string): number {
  const m = /^([\d.]+)\s*([KMGT]?)i?B?$/i.exec(size.trim());
  if (!m) return 0;
  const factor = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[m[2].toUpperCase() as '' | 'K' | 'M' | 'G' | 'T'];
  return Number(m[1]) * factor;
}

/**
 * Runs `work` in one explicit write transaction, committed at the end and rolled back on any error,
 * without the driver's retries (a transaction too big for memory is not retried whole: the caller
 * writes in batches instead).
 */
async function inOneTransaction(db: Database, work: (tx: ManagedTransaction) => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await onceInOneTransaction(db, work);
      return;
    } catch (err) {
      // A deadlock with a concurrent write (or another transient failure) is tried again whole, as executeWrite would; memory is not.
      const code = (err as { code?: string }).code ?? '';
      if (attempt >= 5 || !code.startsWith('Neo.TransientError.') || code === 'Neo.TransientError.General.MemoryPoolOutOfMemoryError') throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt + Math.random() * 100));
    }
  }
}

/** One attempt of {@link inOneTransaction}. */
async function onceInOneTransaction(db: Database, work: (tx: ManagedTransaction) => Promise<void>): Promise<void> {
  const session = db.driver.session({ database: db.name, defaultAccessMode: 'WRITE', bookmarkManager: db.driver.executeQueryBookmarkManager });
  try {
    const tx = session.beginTransaction();
    try {
      await work(tx as unknown as ManagedTransaction);
      await tx.commit();
    } catch (err) {
      if (tx.isOpen()) await tx.rollback().catch(() => undefined);
      throw err;
    }
  } finally {
    await session.close();
  }
}
