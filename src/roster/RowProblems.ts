import type { ImportState } from './ImportState';
import type { RosterKind } from './columns';
import { cutText, reason, shownValue, type ProblemCode, type Reason, type RosterProblem } from './problems';
import type { RawRow } from './RowPlan';
import { cellText, isMisdecoded, parseId, type CellValue, type Parsed } from './values';

/** Collects the problems of one row: `add` records one, `take` the failure of a parse; neither throws. */
export class RowProblems {
  readonly list: RosterProblem[] = [];
  constructor(
    private readonly file: string,
    private readonly raw: RawRow,
    private readonly columnOf: Map<string, string>,
  ) {}
  add(field: string | null, code: ProblemCode, why: Reason, value?: unknown): void {
    this.list.push({
      file: this.file,
      row: this.raw.row,
      field,
      column: field ? cutText(this.columnOf.get(field) ?? field) : null,
      value: shownValue(value !== undefined ? value : field ? this.raw.values.get(field) : ''),
      code,
      reason: why,
    });
  }
  /** Records a failed parse; returns its value or undefined. */
  take<T>(field: string, parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value;
    this.add(field, parsed.code, parsed.reason);
    return undefined;
  }
}

/** Builds the row problem collector (exported for the importer); never throws. */
export function rowProblems(file: string, raw: RawRow, columnOf: Map<string, string>): RowProblems {
  return new RowProblems(file, raw, columnOf);
}

/** The reason of an empty required cell. */
export const REQUIRED = reason('必填，不能为空', 'required: may not be empty');
const MISDECODED = reason(
  '含有无法识别的字符：文件的编码可能不对（Excel 在中文 Windows 上保存的 CSV 是 GBK，请加 --encoding gb18030）',
  'holds characters that could not be decoded: the encoding may be wrong (CSV saved by Excel on Chinese Windows is GBK: use --encoding gb18030)',
);

/**
 * Returns the text of `field` (undefined when the file has no such column, null when empty), after
 * checking it decoded cleanly; `false` (a BAD_ENCODING problem recorded) when it did not.
 */
export function textOf(raw: RawRow, field: string, problems: RowProblems): string | null | undefined | false {
  if (!raw.values.has(field)) return undefined;
  const text = cellText(raw.values.get(field) ?? null);
  if (text !== null && isMisdecoded(text)) {
    problems.add(field, 'BAD_ENCODING', MISDECODED);
    return false;
  }
  return text;
}

/** Parses a required cell; returns its value, or undefined after recording REQUIRED (empty) or the parse's problem. */
export function required<T>(raw: RawRow, field: string, problems: RowProblems, parse: (text: string, value: CellValue) => Parsed<T>): T | undefined {
  const text = textOf(raw, field, problems);
  if (text === false) return undefined;
  if (text === null || text === undefined) {
    problems.add(field, 'REQUIRED', REQUIRED);
    return undefined;
  }
  return problems.take(field, parse(text, raw.values.get(field) ?? null));
}

/** Parses an optional cell: undefined when the column is absent, null when empty; `false` after recording a problem. */
export function optional<T>(raw: RawRow, field: string, problems: RowProblems, parse: (text: string, value: CellValue) => Parsed<T>): T | null | undefined | false {
  const text = textOf(raw, field, problems);
  if (text === false) return false;
  if (text === undefined || text === null) return text;
  const v = problems.take(field, parse(text, raw.values.get(field) ?? null));
  return v === undefined ? false : v;
}

/** Returns the reason of a DUPLICATE_ID problem, naming where the id was first seen; never throws. */
export function duplicateReason(first: { file: string; row: number }, file: string): Reason {
  return first.file === file
    ? reason(`编码在本文件中重复（第 ${first.row} 行已出现）`, `duplicate id in the file (first in row ${first.row})`)
    : reason(`编码重复（已在 ${first.file} 第 ${first.row} 行出现）`, `duplicate id (first in ${first.file}, row ${first.row})`);
}

/** Parses the id of a row and reports it when it repeats an id seen before in this import; returns the id, or undefined when it is missing or malformed. */
export function parseRowId(raw: RawRow, problems: RowProblems, state: ImportState, kind: RosterKind, file: string): string | undefined {
  const id = required(raw, 'id', problems, parseId);
  if (id === undefined) return undefined;
  const dup = state.firstSeen(kind, id, file, raw.row);
  if (dup) problems.add('id', 'DUPLICATE_ID', duplicateReason(dup, file));
  return id;
}
