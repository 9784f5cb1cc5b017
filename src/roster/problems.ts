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
  | 'BAD_TEXT'
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
  | 'NO_COOPERATION'
  | 'SAME_UNIT'
  | 'BAD_PAIRING_KIND'
  | 'KIND_MISMATCH'
  | 'BAD_SECTOR'
  | 'BAD_DATE'
  | 'UNTIL_BEFORE_SINCE'
  | 'UNTIL_BEFORE_ACTIVITY'
  | 'UNITS_CHANGED'
  | 'UNKNOWN_AGREEMENT'
  // cooperations
  | 'SAME_REGION'
  | 'NESTED_REGIONS'
  | 'BAD_YEAR'
  | 'BAD_COOPERATION_KIND'
  | 'REGIONS_CHANGED'
  | 'COOPERATION_EXISTS'
  // activities
  | 'UNKNOWN_PAIRING'
  | 'BAD_FORM'
  | 'BAD_AMOUNT'
  | 'MISSING_MEASURE'
  | 'UNIT_NOT_FOR_FORM';

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

/** Most characters of a value a problem quotes; a longer value is cut and its length said (`…(52,428,800 characters)`). */
export const MAX_SHOWN_VALUE = 200;

/**
 * Returns a value as a problem quotes it (CLI table, `--report` CSV, GraphQL `extensions`): text as it is,
 * a date as `YYYY-MM-DD`, an object as JSON; cut to {@link MAX_SHOWN_VALUE} characters (never inside a
 * surrogate pair) with `…(N characters)` after it when longer. Never fails.
 */
export function shownValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (value instanceof Date) text = Number.isNaN(value.getTime()) ? String(value) : value.toISOString().replace(/T00:00:00\.000Z$/, '');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return cutText(text);
}

/** Returns `text` cut to {@link MAX_SHOWN_VALUE} characters with its length said after `…`, or as it is when short enough. */
export function cutText(text: string): string {
  if (text.length <= MAX_SHOWN_VALUE) return text;
  let end = MAX_SHOWN_VALUE;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…(${text.length.toLocaleString('en-US')} characters)`;
}
