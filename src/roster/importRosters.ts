import { randomBytes } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { changeIdPrefix } from '../audit/writeChanges';
import { loadCooperationIndex } from '../cooperation/CooperationIndex';
import type { Database } from '../db/Database';
import { isWriteOutcomeUnknown } from '../db/neo4jErrors';
import { todayInChina } from '../graphql/DateScalar';
import type { RosterKind } from './columns';
import { ImportConflict, ImportInterrupted, type UncertainPart } from './importErrors';
import { loadAgreements, lockIds } from './lookup';
import { ImportState } from './ImportState';
import type { PairingWrite, RawRow, RowPlan, UnitWrite } from './RowPlan';
import { batchesOf, idsToLock, planBatch, readHeader, readProblem } from './planBatch';
import type { RosterProblem } from './problems';
import { SheetReadError, type SheetInfo } from './readSheet';
import type { RosterHeader, RosterInput } from './rosterInput';
import { saveImportSource, writeCooperations, writePairings, writeUnits, type WriteMeta } from './write';
import type { CooperationWrite } from './planCooperation';
import { writeActivityRows, type ActivityWrite } from './planActivity';
import { refreshSides } from '../cooperation/refreshSides';
import { inOneTransaction, isConstraintRace, OUT_OF_MEMORY, retryingWrite, singleTransactionRows } from './writeTransaction';

export { ImportConflict, ImportInterrupted, type UncertainPart, type WrittenPart } from './importErrors';

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
  /** Timeout of each of the import's transactions (the database's own by default): bulk work wants more than an API query. */
  txTimeoutMs?: number;
  /** Rows per lookup and per write statement. 2,000 by default. */
  batchSize?: number;
  /** Most problems kept in the result (the rest are counted). 100,000 by default. */
  maxProblems?: number;
  /**
   * Called as rows are read: the phase, the roster, bytes read so far and its size, rows so far. In the
   * write phase it is called after each committed transaction, and a promise it returns is awaited.
   */
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** Called with the plan of every valid row during the check (what a dry run reports). */
  onRow?: (plan: RowPlan) => void;
  /** Called, once the write committed, with the plan of every row as it was written (what the summary counts). */
  onWritten?: (plan: RowPlan) => void;
  /**
   * Rows must create new records (a mutation that creates): a row whose id is in use, when checked or
   * when written, is a problem ID_IN_USE of field `id`, and nothing is written.
   */
  requireCreate?: boolean;
  /**
   * Runs inside the write transaction after the rows are written, with their plans (single-transaction
   * imports only): reads what the caller answers with, so that an answer never fails after the commit.
   */
  afterWrite?: (tx: ManagedTransaction, plans: readonly RowPlan[]) => Promise<void>;
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

function count(summary: RosterSummary, plans: readonly RowPlan[]): void {
  const t = tally(plans);
  summary.created += t.created;
  summary.updated += t.updated;
  summary.replaced += t.replaced;
  summary.unchanged += t.unchanged;
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
  const txOptions = options.txTimeoutMs ? { timeoutMs: options.txTimeoutMs } : undefined;
  // Read once: agreements and cooperations are few; the pairings check decides every row's cooperation from them.
  const refs = await db.read(async (t) => ({ agreements: await loadAgreements(t), cooperations: await loadCooperationIndex(t) }), txOptions);
  const state = new ImportState({ track: true, pendingUnits: prepared.some((p) => p.header?.kind === 'pairings') });
  for (const p of order) {
    if (!p.header) continue;
    let bytes = 0;
    const onBytes = (n: number) => {
      bytes += n;
    };
    try {
      for await (const rows of batchesOf(p.input, p.header, batchSize, onBytes)) {
        const planned = await db.read((t) => planBatch(t, p.input, p.header!, rows, state, refs, options.requireCreate, todayInChina(now)), txOptions);
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

  // 3. Write. The rows are planned again under lock, in the write's own transaction; what the summary and
  // the Sources count is that plan, as committed (a concurrent import may have written a row meanwhile).
  const totalRows = order.reduce((n, p) => n + p.summary.rows, 0);
  let single = totalRows <= (options.singleTransactionRows ?? (await singleTransactionRows(db)));
  const written = new Map<Prepared, WrittenRoster>();
  const startWrite = () => {
    written.clear();
    for (const p of toWrite) {
      written.set(p, {
        meta: {
          sourceId: sourceIdOf(now, prepared.indexOf(p)),
          file: p.input.name,
          importedAt: now,
          importedBy: options.importedBy,
          today: todayInChina(now),
          operation: options.operation ?? 'import',
          role: options.role ?? null,
          changes: { prefix: changeIdPrefix(now), count: 0 },
        },
        counts: { rows: 0, created: 0, updated: 0, replaced: 0, unchanged: 0 },
        firstRow: null,
        lastRow: null,
        batches: 0,
        sourceSaved: false,
        plans: [],
      });
    }
  };
  /** Plans and writes one batch in `tx`; returns the counts it adds, applied by the caller once committed. */
  let writeRefs = refs;
  const writeBatch = async (tx: ManagedTransaction, p: Prepared, rows: readonly RawRow[], w: WrittenRoster, writeState: ImportState): Promise<BatchOutcome> => {
    // Lock the rows' records first, so that a concurrent edit of the same record waits and the check below sees it.
    await lockIds(tx, idsToLock(p.header!.kind, rows));
    const planned = await planBatch(tx, p.input, p.header!, rows, writeState, writeRefs, options.requireCreate, w.meta.today);
    if (planned.problems.length) throw new ImportConflict(planned.problems);
    const add = tally(planned.plans);
    const counts = sum(w.counts, add, rows.length);
    if (counts.created + counts.updated > 0) {
      if (p.header!.kind === 'units') await writeUnits(tx, planned.plans as UnitWrite[], w.meta);
      else if (p.header!.kind === 'pairings') await writePairings(tx, planned.plans as PairingWrite[], w.meta);
      else if (p.header!.kind === 'activities') await writeActivityRows(tx, planned.plans as ActivityWrite[], w.meta);
      else {
        await writeCooperations(tx, planned.plans as CooperationWrite[], w.meta);
        // Sides follow the cooperations at once, in the same transaction.
        await refreshSides(tx);
      }
      const info = p.input.info;
      await saveImportSource(tx, w.meta, { kind: p.header!.kind, ...counts }, { format: info?.format, encoding: info?.encoding });
    }
    return { counts, plans: planned.plans, firstRow: rows[0].row, lastRow: rows[rows.length - 1].row };
  };
  const committed = (w: WrittenRoster, outcome: BatchOutcome) => {
    w.counts = outcome.counts;
    w.batches += 1;
    w.firstRow ??= outcome.firstRow;
    w.lastRow = outcome.lastRow;
    if (outcome.counts.created + outcome.counts.updated > 0) w.sourceSaved = true;
    if (options.onWritten || options.afterWrite) w.plans.push(...outcome.plans.map(strip));
  };
  const progress = async (p: Prepared, w: WrittenRoster, bytes: number) =>
    options.onProgress?.({ phase: 'write', file: p.input.name, bytes, totalBytes: p.input.size, rows: w.counts.rows });

  if (single) {
    try {
      await inOneTransaction(db, txOptions, async (tx) => {
        startWrite();
        // The write plans again from the database as this transaction sees it (the check's index holds the new cooperations already).
        writeRefs = { agreements: refs.agreements, cooperations: await loadCooperationIndex(tx) };
        const writeState = new ImportState({ track: false, pendingUnits: false });
        for (const p of toWrite) {
          const w = written.get(p)!;
          // One transaction: each batch counts as committed with it (a failed attempt starts again from startWrite).
          for await (const rows of batchesOf(p.input, p.header!, batchSize)) committed(w, await writeBatch(tx, p, rows, w, writeState));
        }
        if (options.afterWrite) await options.afterWrite(tx, [...written.values()].flatMap((w) => w.plans));
      });
    } catch (err) {
      // Too big for the database's transaction memory after all: nothing was written; write in batches.
      if ((err as { code?: string }).code !== OUT_OF_MEMORY) throw err;
      single = false;
    }
    if (single) for (const p of toWrite) await progress(p, written.get(p)!, p.input.size ?? 0);
  }
  if (!single) {
    startWrite();
    writeRefs = { agreements: refs.agreements, cooperations: await db.read((t) => loadCooperationIndex(t), txOptions) };
    const writeState = new ImportState({ track: false, pendingUnits: false });
    for (const p of toWrite) {
      const w = written.get(p)!;
      let bytes = 0;
      for await (const rows of batchesOf(p.input, p.header!, batchSize, (n) => (bytes += n))) {
        let outcome: BatchOutcome;
        try {
          // A concurrent writer that created one of the rows' new ids first breaks the id's uniqueness: try
          // again, and the batch is planned against that record (an update, unchanged, or refused).
          outcome = await retryingWrite(() => db.write((t) => writeBatch(t, p, rows, w, writeState), txOptions), isConstraintRace);
        } catch (err) {
          const uncertain = isWriteOutcomeUnknown(err) ? { file: p.input.name, firstRow: rows[0].row, lastRow: rows[rows.length - 1].row } : null;
          throw interrupted(err, toWrite.map((q) => [q, written.get(q)!] as const), uncertain);
        }
        committed(w, outcome);
        await progress(p, w, bytes);
      }
    }
  }
  for (const [p, w] of written) {
    Object.assign(p.summary, { created: w.counts.created, updated: w.counts.updated, replaced: w.counts.replaced, unchanged: w.counts.unchanged });
    p.summary.sourceId = w.sourceSaved ? w.meta.sourceId : null;
    if (options.onWritten) for (const plan of w.plans) options.onWritten(plan);
  }
  const wroteAny = [...written.values()].some((w) => w.sourceSaved);
  return result(wroteAny, wroteAny ? (single ? 'single' : 'batched') : 'none');
}

/** What the write of one roster has committed so far. */
interface WrittenRoster {
  meta: WriteMeta;
  counts: WrittenCounts;
  /** The file's row numbers of the first and last row of the committed batches. */
  firstRow: number | null;
  lastRow: number | null;
  batches: number;
  /** True once a committed transaction wrote its Source (something was created or changed). */
  sourceSaved: boolean;
  /** The written rows' plans, kept only for `onWritten`. */
  plans: RowPlan[];
}

/** Rows read and what they did. */
interface WrittenCounts {
  rows: number;
  created: number;
  updated: number;
  replaced: number;
  unchanged: number;
}

/** What one batch's transaction wrote, to be counted once it committed. */
interface BatchOutcome {
  counts: WrittenCounts;
  plans: readonly (UnitWrite | PairingWrite | CooperationWrite | ActivityWrite)[];
  firstRow: number;
  lastRow: number;
}

/** Returns the counts of `plans` by action. */
function tally(plans: readonly RowPlan[]): Omit<WrittenCounts, 'rows'> {
  const t = { created: 0, updated: 0, replaced: 0, unchanged: 0 };
  for (const p of plans) {
    if (p.action === 'create') t.created += 1;
    else if (p.action === 'update') {
      t.updated += 1;
      if (p.replaces) t.replaced += 1;
    } else t.unchanged += 1;
  }
  return t;
}

function sum(a: WrittenCounts, b: Omit<WrittenCounts, 'rows'>, rows: number): WrittenCounts {
  return { rows: a.rows + rows, created: a.created + b.created, updated: a.updated + b.updated, replaced: a.replaced + b.replaced, unchanged: a.unchanged + b.unchanged };
}

/** Returns the error an import's batched write ends with: {@link ImportInterrupted} when some batch committed, else `err` itself. */
function interrupted(err: unknown, rosters: readonly (readonly [Prepared, WrittenRoster])[], uncertain: UncertainPart | null): unknown {
  if (!uncertain && !rosters.some(([, w]) => w.batches > 0)) return err;
  return new ImportInterrupted(
    rosters.map(([p, w]) => ({
      file: p.input.name,
      sourceId: w.sourceSaved ? w.meta.sourceId : null,
      batches: w.batches,
      firstRow: w.firstRow,
      lastRow: w.lastRow,
      rows: w.counts.rows,
      created: w.counts.created,
      updated: w.counts.updated,
      unchanged: w.counts.unchanged,
    })),
    err,
    uncertain,
  );
}

/** Cooperations rosters first (pairings lie in them), then units, then pairings, then activities (of those pairings); unknown last. */
function rank(p: Prepared): number {
  const kind = p.header?.kind ?? p.input.kind;
  return kind === 'cooperations' ? 0 : kind === 'units' ? 1 : kind === 'pairings' ? 2 : kind === 'activities' ? 3 : 4;
}

/** Returns the plain plan of a row, without what writing needs. */
function strip(plan: UnitWrite | PairingWrite | CooperationWrite | ActivityWrite): RowPlan {
  const { roster, file, row, id, action, changes, replaces } = plan;
  return replaces ? { roster, file, row, id, action, changes, replaces } : { roster, file, row, id, action, changes };
}
