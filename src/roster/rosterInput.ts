import path from 'node:path';
import { columnsOf, fieldOfHeader, fieldsOf, rosterKindOfHeaders, type RosterKind } from './columns';
import type { ImportLimits } from './importLimits';
import { cutText, reason, shownValue, type RosterProblem } from './problems';
import { fileSize, formatOfFile, readSheet, type Encoding, type SheetFormat, type SheetInfo, type SheetRow } from './readSheet';
import { cellText, type CellValue } from './values';

/**
 * A roster to import: a file, or records given as objects (what a GraphQL mutation sends). The importer
 * reads it twice (check, then write), so `rows` starts afresh at every call; the first non-empty row
 * is the header.
 */
export interface RosterInput {
  /** Shown in reports and stored as `importedFrom` and as the title of the import's Source: a file's base name. */
  name: string;
  /** The kind when told (a flag, a mutation); otherwise the headers tell. */
  kind?: RosterKind;
  /** The rows, header first, read afresh at each call; `onBytes` receives the bytes read, for progress. */
  rows(onBytes?: (n: number) => void): AsyncIterable<SheetRow>;
  /** Size in bytes, for progress; undefined when unknown. */
  size?: number;
  /** What reading found out (format, encoding detected, sheet), filled in as the file is read. */
  info?: SheetInfo;
}

/**
 * Returns a {@link RosterInput} reading a .csv or .xlsx file (by its extension unless `format` is given),
 * bounded by `limits` (the defaults when not given; see {@link ImportLimits}), named by the file's base name
 * unless `name` is given (an upload's own file name, kept in a temp file).
 */
export function fileInput(file: string, options: { kind?: RosterKind; encoding?: Encoding; format?: SheetFormat; limits?: ImportLimits; name?: string } = {}): RosterInput {
  const format = options.format ?? formatOfFile(file) ?? 'csv';
  const info: SheetInfo = { format };
  return {
    name: options.name ?? path.basename(file),
    kind: options.kind,
    size: fileSize(file),
    info,
    rows: (onBytes) => readSheet(file, { format, encoding: options.encoding, onBytes, info, limits: options.limits }),
  };
}

/**
 * Returns a {@link RosterInput} over records keyed by field name (`id`, `name`, `kind`, `region`, … or
 * `supporting`, `supported`, …): the way mutations use the importer. A key left out of every record is
 * a column the input does not have (its values in the database stay as they are); `null` clears.
 * Rows are numbered from 1, the first record; problems name the field as their column.
 */
export function recordsInput(kind: RosterKind, records: ReadonlyArray<Partial<Record<string, CellValue>>>, name = 'records'): RosterInput {
  const fields = fieldsOf(kind);
  const present = fields.filter((f) => records.some((r) => Object.hasOwn(r, f) && r[f] !== undefined));
  return {
    name,
    kind,
    async *rows() {
      yield { row: 0, cells: present };
      let n = 0;
      for (const r of records) {
        n += 1;
        yield { row: n, cells: present.map((f) => r[f] ?? null) };
      }
    },
  };
}

/** The header of a roster: its kind and which column holds which field. */
export interface RosterHeader {
  kind: RosterKind;
  /** The field of each column (by index), null for a column the importer does not know. */
  fieldAt: (string | null)[];
  /** The header text of each field present. */
  columnOf: Map<string, string>;
  /** Headers the importer does not know (ignored, listed in the summary). */
  unknown: string[];
}

/** Returns whether a row has no text in any cell. */
export function isBlankRow(cells: readonly CellValue[]): boolean {
  return cells.every((c) => cellText(c) === null);
}

/** Returns whether a row is a comment: its first non-empty cell starts with `#` (the templates' example line). */
export function isCommentRow(cells: readonly CellValue[]): boolean {
  for (const c of cells) {
    const t = cellText(c);
    if (t !== null) return t.startsWith('#');
  }
  return false;
}

/**
 * Reads the header row of a roster: its kind (told, or from the headers) and its columns. Returns the
 * header, or null with the problems when the roster cannot be read on (unknown kind, duplicate or
 * missing required columns).
 */
export function interpretHeader(input: RosterInput, header: SheetRow): { header: RosterHeader | null; problems: RosterProblem[] } {
  const texts = header.cells.map((c) => cellText(c) ?? '');
  const problems: RosterProblem[] = [];
  const at = (field: string | null, column: string | null, code: RosterProblem['code'], why: RosterProblem['reason'], value = ''): RosterProblem => ({
    file: input.name,
    row: header.row,
    field,
    column: column === null ? null : cutText(column),
    value: shownValue(value),
    code,
    reason: why,
  });
  const kind = input.kind ?? rosterKindOfHeaders(texts);
  if (!kind) {
    problems.push(
      at(null, null, 'UNKNOWN_ROSTER', reason(
        '无法从表头判断是单位名册、结对名册、协作名册还是活动名册；请检查第一行表头，或用 --what units|pairings|cooperations|activities 指明',
        'the headers say neither a units, a pairings, a cooperations nor an activities roster; check the first row, or say which with --what units|pairings|cooperations|activities',
      ), texts.filter(Boolean).join(', ')),
    );
    return { header: null, problems };
  }
  const fieldAt: (string | null)[] = [];
  const columnOf = new Map<string, string>();
  const unknown: string[] = [];
  texts.forEach((text, i) => {
    const field = fieldOfHeader(kind, text);
    fieldAt.push(field);
    if (!field) {
      if (text) unknown.push(text);
      return;
    }
    if (columnOf.has(field)) {
      fieldAt[i] = null;
      problems.push(
        at(field, text, 'DUPLICATE_COLUMN', reason(`与「${columnOf.get(field)}」是同一列（${field}），只能出现一次`, `the same column as "${columnOf.get(field)}" (${field}); it may appear once`), text),
      );
      return;
    }
    columnOf.set(field, text);
  });
  for (const c of columnsOf(kind)) {
    if (c.required && !columnOf.has(c.field)) {
      problems.push(
        at(c.field, c.zh, 'MISSING_COLUMN', reason(`缺少必填列「${c.zh}」（${c.en}）`, `missing required column "${c.en}" (${c.zh})`)),
      );
    }
  }
  return { header: problems.length ? null : { kind, fieldAt, columnOf, unknown }, problems };
}
