/**
 * Rosters (名册): import and export of units and pairings as spreadsheets (CSV or .xlsx), the core of
 * `pairing-graph import|template|export --format csv|xlsx`, and of mutations that add or correct one
 * unit or pairing.
 *
 * The pipeline: a {@link RosterInput} (a file, or records keyed by field) → {@link importRosters}, which
 * reads and parses every row, checks it against the database and the rows before it (every problem, with
 * file, row, column, field, value and a reason in Chinese and English), plans it (create, update or
 * unchanged), and — unless a dry run or any problem — writes the rows that change something.
 */
import type { Database } from '../db/Database';
import type { RosterKind } from './columns';
import { ImportConflict, importRosters, type ImportOptions, type ImportResult } from './importRosters';
import type { RowPlan } from './RowPlan';
import { reason, type RosterProblem } from './problems';
import { recordsInput } from './rosterInput';
import type { CellValue } from './values';

export * from './columns';
export { exportRoster, rosterFileWriter, SHEET_NAMES, TEMPLATE_EXAMPLES, TEXT_COLUMNS, writeTemplate, type RosterLang } from './exportRoster';
export { ImportConflict, ImportInterrupted, importRosters, type ImportOptions, type ImportProgress, type ImportResult, type RosterSummary, type WrittenPart } from './importRosters';
export type { RowAction, RowPlan } from './RowPlan';
export type { ProblemCode, Reason, RosterProblem } from './problems';
export { encodingOf } from './encodingOf';
export { ACTION_LABEL, fieldLabel, planReportHeaders, planReportRow, problemReport, writeReport, type RosterReport } from './rosterReport';
export { notASpreadsheet, readHead, SNIFF_HEAD_BYTES } from './sniffContent';
export { ENCODINGS, formatOfFile, type Encoding, type SheetFormat, type SheetInfo } from './readSheet';
export { fileInput, recordsInput, type RosterInput } from './rosterInput';
export { DEFAULT_IMPORT_LIMITS, IMPORT_LIMIT_VARS, importLimitsOf, type ImportLimits } from './importLimits';
export { csvFileWriter, csvWriter, xlsxFileWriter, type SheetWriter } from './sheetWriters';
export type { CellValue } from './values';

/** The outcome of {@link importRecord}. */
export interface RecordResult {
  /** True when the record has no problem. */
  ok: boolean;
  /** What the record does (or would do, on a dry run); null when it has problems. */
  plan: RowPlan | null;
  /** Problems; `field` names the input field (`region`, `supporting`, …), `column` too. */
  problems: RosterProblem[];
  /** Id of the :Source of this write, null when nothing was written. */
  sourceId: string | null;
}

/**
 * Checks one unit or pairing given as fields (`{ id, name, kind, region, replaces?, demonstration? }` or
 * `{ id, supporting, supported, kind?, sector?, since?, until?, agreement?, note? }`) and, unless
 * `dryRun`, writes it with provenance IMPORTED and a Source titled `sourceTitle`. A field left out keeps
 * its stored value; `null` clears it. For GraphQL mutations: map `problems` to BAD_USER_INPUT errors
 * with `extensions.field`.
 */
export async function importRecord(
  db: Database,
  kind: RosterKind,
  record: Partial<Record<string, CellValue>>,
  options: Pick<ImportOptions, 'dryRun' | 'importedBy' | 'now' | 'role' | 'operation' | 'requireCreate' | 'afterWrite'> & { sourceTitle?: string },
): Promise<RecordResult> {
  let checked: RowPlan | null = null;
  let written: RowPlan | null = null;
  let result: ImportResult;
  try {
    result = await importRosters(db, [recordsInput(kind, [record], options.sourceTitle ?? `graphql-${kind}`)], {
      ...options,
      // One record: one transaction, without asking the database for its memory limit.
      singleTransactionRows: 1,
      onRow: (p) => {
        checked = p;
      },
      // The answer is the plan as written under lock (what the audit trail records), not the check's.
      onWritten: (p) => {
        written = p;
      },
    });
  } catch (err) {
    // A concurrent change made the record invalid between its check and its write: nothing was written.
    if (err instanceof ImportConflict) return { ok: false, plan: null, problems: err.problems, sourceId: null };
    // Still taken after the write's retries (a burst of concurrent creations of the id).
    if ((err as { code?: string }).code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      const id = String(record.id ?? '');
      const why = reason('另一个同时进行的修改刚刚使用了这个编码', 'another change took this id at the same moment');
      return { ok: false, plan: null, problems: [{ file: options.sourceTitle ?? kind, row: 1, field: 'id', column: 'id', value: id, code: 'ID_IN_USE', reason: why }], sourceId: null };
    }
    throw err;
  }
  const plan: RowPlan | null = written ?? checked;
  return { ok: result.ok, plan: result.ok ? plan : null, problems: result.problems, sourceId: result.rosters[0]?.sourceId ?? null };
}
