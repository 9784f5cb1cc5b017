import { randomBytes } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { changeIdPrefix } from '../audit/writeChanges';
import { loadCooperationIndex } from '../cooperation/CooperationIndex';
import { refreshSides } from '../cooperation/refreshSides';
import type { Database, TransactionOptions } from '../db/Database';
import { isWriteOutcomeUnknown } from '../db/neo4jErrors';
import { todayInChina } from '../graphql/DateScalar';
import { ImportConflict, ImportInterrupted, type UncertainPart } from './importErrors';
import type { ImportOptions, Prepared } from './ImportOptions';
import { ImportState } from './ImportState';
import { lockIds } from './lookup';
import { writeActivityRows, type ActivityWrite } from './planActivity';
import { batchesOf, idsToLock, planBatch, type ImportRefs } from './planBatch';
import type { CooperationWrite } from './planCooperation';
import type { PairingWrite, RawRow, RowPlan, UnitWrite } from './RowPlan';
import { saveImportSource, writeCooperations, writePairings, writeUnits, type WriteMeta } from './write';
import { inOneTransaction, isConstraintRace, OUT_OF_MEMORY, retryingWrite, singleTransactionRows } from './writeTransaction';

/** Returns a Source id for an import: `import-` and the time, the roster's position and a random suffix. */
function sourceIdOf(now: Date, index: number): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `import-${t}-${index + 1}-${randomBytes(3).toString('hex')}`;
}

/**
 * The write of an import (its third step): plans the rows of `toWrite` again under lock and writes those that
 * create or change something, in one transaction up to `singleTransactionRows` rows (or, should that run out
 * of memory, again in batches), else one transaction per batch; then sets each roster's summary to what was
 * committed and calls `onWritten`. Returns whether anything was written and whether in one transaction.
 * Throws {@link ImportConflict} when a row became invalid since the check (nothing of that transaction is
 * written), {@link ImportInterrupted} when a batched write failed after a batch committed, else the database's error.
 */
export async function writeRosters(
  db: Database,
  prepared: readonly Prepared[],
  toWrite: readonly Prepared[],
  refs: ImportRefs,
  options: ImportOptions,
  run: { now: Date; batchSize: number; txOptions: TransactionOptions | undefined },
): Promise<{ wroteAny: boolean; single: boolean }> {
  const { now, batchSize, txOptions } = run;
  // 3. Write. The rows are planned again under lock, in the write's own transaction; what the summary and
  // the Sources count is that plan, as committed (a concurrent import may have written a row meanwhile).
  const totalRows = prepared.reduce((n, p) => n + p.summary.rows, 0);
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
  return { wroteAny, single };
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

/** Returns the counts of `plans` by action; never throws. */
export function tally(plans: readonly RowPlan[]): Omit<WrittenCounts, 'rows'> {
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

/** Returns the plain plan of a row, without what writing needs; never throws. */
export function strip(plan: UnitWrite | PairingWrite | CooperationWrite | ActivityWrite): RowPlan {
  const { roster, file, row, id, action, changes, replaces } = plan;
  return replaces ? { roster, file, row, id, action, changes, replaces } : { roster, file, row, id, action, changes };
}
