/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): Excel, LibreOffice and Numbers evaluate a CSV
 * cell that starts with `=`, `+`, `-`, `@`, a TAB or a CR (and Numbers the fullwidth ＝ ＋ － ＠) as a
 * formula. The project's CSV writer puts a single quote `'` before such a cell (csv-stringify's
 * `escape_formulas`), and the CSV reader takes it away again, so that a round trip keeps the text.
 */

/** The first characters that make a spreadsheet read a cell as a formula, as csv-stringify's `escape_formulas` lists them. */
export const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'] as const;

/** One or more `'` and then a formula start: a cell the writer guarded (or text that would look guarded). */
const GUARDED = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Returns `value` with one more `'` in front when it already starts with quotes followed by a formula
 * start (`'=x`), so that reading it back, which removes one quote, gives `'=x` again. Values that start
 * with the formula character itself are left to csv-stringify's `escape_formulas`. Never fails.
 */
export function quoteGuardedLookalike(value: string): string {
  return GUARDED.test(value) ? `'${value}` : value;
}

/**
 * Returns a CSV cell as it was before the writer guarded it: a leading `'` followed by (more quotes and)
 * one of {@link FORMULA_STARTS} is removed (`'=1+1` → `=1+1`, `''=1` → `'=1`); any other `'` is kept
 * (`'abc`, `'123` stay as they are). Never fails.
 */
export function unguardCell(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}
