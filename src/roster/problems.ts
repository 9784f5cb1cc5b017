/** What can be wrong with a roster, said in Chinese and English. */

/** A text in both languages. */
export interface Reason {
  zh: string;
  en: string;
}

/** The codes of problems, stable for programs (GraphQL mutations map them to `extensions`). */
export type ProblemCode =
  // the file
  | 'UNREADABLE'
  | 'TOO_LARGE'
  | 'BAD_ENCODING'
  | 'CSV_SYNTAX'
  | 'UNKNOWN_ROSTER'
  | 'MISSING_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'EMPTY_FILE'
  // any row
  | 'REQUIRED'
  | 'BAD_ID'
  | 'TOO_LONG'
  | 'DUPLICATE_ID'
  | 'ID_IN_USE'
  // units
  | 'BAD_KIND'
  | 'KIND_NOT_IMPORTABLE'
  | 'BAD_REGION'
  | 'UNKNOWN_REGION'
  | 'REGION_WITHOUT_SIDE'
  | 'DIVISION_READONLY'
  | 'KIND_CHANGE'
  | 'SIDE_CHANGE'
  | 'BAD_BOOLEAN'
  | 'NOT_A_VILLAGE'
  | 'UNKNOWN_PLACEHOLDER'
  | 'NOT_PLACEHOLDER'
  | 'PLACEHOLDER_KIND'
  | 'REPLACEMENT_EXISTS'
  | 'ALREADY_REPLACED'
  | 'REPLACE_CONFLICT'
  // pairings
  | 'UNKNOWN_UNIT'
  | 'UNIT_REPLACED'
  | 'WRONG_SIDE'
  | 'SAME_UNIT'
  | 'BAD_PAIRING_KIND'
  | 'KIND_MISMATCH'
  | 'BAD_SECTOR'
  | 'BAD_DATE'
  | 'UNTIL_BEFORE_SINCE'
  | 'UNITS_CHANGED'
  | 'UNKNOWN_AGREEMENT';

/**
 * One problem of a roster: where (file, row as the spreadsheet numbers it with the header as row 1,
 * column as headed in the file, and the field it maps to), the value found, and why it is refused.
 * A problem of the file as a whole (a missing column) has row 1 or 0 and no value.
 */
export interface RosterProblem {
  file: string;
  row: number;
  /** The canonical field (`id`, `region`, `supporting`, …), null for the file or the row as a whole. */
  field: string | null;
  /** The column's header in the file (the field name for records given as objects), null when none. */
  column: string | null;
  value: string;
  code: ProblemCode;
  reason: Reason;
}

/** Returns a reason in both languages. */
export function reason(zh: string, en: string): Reason {
  return { zh, en };
}

/** Most characters of a cell that a problem quotes; a longer value is cut there and ends with …, so that problems stay small (a 50 MB cell). */
export const MAX_SHOWN_VALUE = 200;

/** Returns a cell's value as the report shows it: at most {@link MAX_SHOWN_VALUE} characters and an ellipsis. */
export function shownValue(value: unknown): string {
  const text = fullText(value);
  return text.length > MAX_SHOWN_VALUE ? `${text.slice(0, MAX_SHOWN_VALUE)}…` : text;
}

function fullText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString().replace(/T00:00:00\.000Z$/, '');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
