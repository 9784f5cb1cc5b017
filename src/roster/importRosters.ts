import { loadCooperationIndex } from '../cooperation/CooperationIndex';
import type { Database } from '../db/Database';
import { todayInChina } from '../graphql/DateScalar';
import type { RosterKind } from './columns';
import type { ImportOptions, ImportResult, Prepared, RosterSummary } from './ImportOptions';
import { ImportState } from './ImportState';
import { loadAgreements } from './lookup';
import { batchesOf, planBatch, readHeader, readProblem } from './planBatch';
import type { RosterProblem } from './problems';
import { SheetReadError } from './readSheet';
import type { RosterInput } from './rosterInput';
import type { RowPlan } from './RowPlan';
import { strip, tally, writeRosters } from './writeRosters';

export { ImportConflict, ImportInterrupted, type UncertainPart, type WrittenPart } from './importErrors';
export type { ImportOptions, ImportProgress, ImportResult, RosterSummary } from './ImportOptions';

const DEFAULT_BATCH = 2000;
const DEFAULT_MAX_PROBLEMS = 100_000;

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

  const { wroteAny, single } = await writeRosters(db, prepared, toWrite, refs, options, { now, batchSize, txOptions });
  return result(wroteAny, wroteAny ? (single ? 'single' : 'batched') : 'none');
}

/** Cooperations rosters first (pairings lie in them), then units, then pairings, then activities (of those pairings); unknown last. */
function rank(p: Prepared): number {
  const kind = p.header?.kind ?? p.input.kind;
  return kind === 'cooperations' ? 0 : kind === 'units' ? 1 : kind === 'pairings' ? 2 : kind === 'activities' ? 3 : 4;
}
