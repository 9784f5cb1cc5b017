import type { Caller } from '../auth/Caller';
import type { ImportResult, RosterProblem, RosterSummary, RowPlan } from '../roster';
import { columnLetter, type CapturedInput } from './headerCapture';

/** Most problems listed in an answer (`problemCount` counts all). */
export const ANSWER_MAX_PROBLEMS = 10_000;
/** Most changed rows listed in an answer (`changeCount` counts all). */
export const ANSWER_MAX_CHANGES = 1_000;

/** A problem as the upload endpoint answers it: the importer's, with Excel's column letter and cell name when the column exists in the file. */
export interface AnsweredProblem extends RosterProblem {
  columnLetter: string | null;
  cell: string | null;
}

/** A row that creates or updates something, as answered (`replaces` always present). */
export type AnsweredChange = Omit<RowPlan, 'replaces'> & { replaces: string | null };

/** Collects the rows that create or update something, as the importer plans them (the first {@link ANSWER_MAX_CHANGES}). */
export class ChangeList {
  readonly list: AnsweredChange[] = [];
  count = 0;
  /** Records one row's plan (unchanged rows are not listed). */
  add(plan: RowPlan): void {
    if (plan.action === 'unchanged') return;
    this.count += 1;
    if (this.list.length < ANSWER_MAX_CHANGES) this.list.push({ ...plan, replaces: plan.replaces ?? null });
  }
}

/** One roster of an answer: the importer's summary, named by `file`, with what reading found out (format, encoding, sheet) flattened. */
export type AnsweredRoster = Omit<RosterSummary, 'name' | 'info'> & {
  file: string;
  format: string | null;
  encoding: string | null;
  encodingDetected: boolean | null;
  sheet: string | null;
};

/** The JSON answer of `POST /rosters/import` (see the README's contract). */
export interface ImportAnswer {
  ok: boolean;
  dryRun: boolean;
  written: boolean;
  transactions: ImportResult['transactions'];
  seconds: number;
  actor: { sub: string | null; role: string | null };
  rosters: AnsweredRoster[];
  totals: { rows: number; created: number; updated: number; replaced: number; unchanged: number };
  problems: AnsweredProblem[];
  problemCount: number;
  problemsTruncated: boolean;
  changes: ChangeList['list'];
  changeCount: number;
  changesTruncated: boolean;
}

/** Returns the problems with the column letter and cell of each, found in the header of its file (null when the column is not in the file). */
export function locateProblems(problems: readonly RosterProblem[], inputs: readonly CapturedInput[]): AnsweredProblem[] {
  const headers = new Map(inputs.map((c) => [c.input.name, c.header()]));
  return problems.map((p) => {
    const index = p.column === null ? -1 : (headers.get(p.file)?.indexOf(p.column) ?? -1);
    const letter = index >= 0 ? columnLetter(index) : null;
    return { ...p, columnLetter: letter, cell: letter && p.row > 0 ? `${letter}${p.row}` : null };
  });
}

/** Returns the JSON answer of an import: its summary per roster and in total, the problems located, the changed rows and who acted. */
export function importAnswer(result: ImportResult, inputs: readonly CapturedInput[], changes: ChangeList, caller: Caller): ImportAnswer {
  const sum = (k: 'rows' | 'created' | 'updated' | 'replaced' | 'unchanged') => result.rosters.reduce((n, r) => n + r[k], 0);
  return {
    ok: result.ok,
    dryRun: result.dryRun,
    written: result.written,
    transactions: result.transactions,
    seconds: result.seconds,
    actor: { sub: caller.subject, role: caller.role },
    rosters: result.rosters.map(({ name, info, ...r }) => ({
      file: name,
      ...r,
      format: info?.format ?? null,
      encoding: info?.encoding ?? null,
      encodingDetected: info?.encodingDetected ?? null,
      sheet: info?.sheet ?? null,
    })),
    totals: { rows: sum('rows'), created: sum('created'), updated: sum('updated'), replaced: sum('replaced'), unchanged: sum('unchanged') },
    problems: locateProblems(result.problems, inputs),
    problemCount: result.problemCount,
    problemsTruncated: result.problemCount > result.problems.length,
    // The valid rows' plans, also when other rows have problems (as the counts per roster).
    changes: changes.list,
    changeCount: changes.count,
    changesTruncated: changes.count > changes.list.length,
  };
}
