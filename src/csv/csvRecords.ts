import { stringify, type Options } from 'csv-stringify/sync';
import { quoteGuardedLookalike } from './formulaGuard';

/** The byte order mark that tells Excel a CSV file is UTF-8 (without it, 汉字 come out garbled). */
export const BOM = '\uFEFF';

/**
 * The one set of options every CSV the project writes uses: RFC 4180 quoting (a field holding `"`, `,`,
 * CR or LF is quoted, inner quotes doubled), CRLF after every record, and formula cells guarded with a
 * leading `'` (csv-stringify's `escape_formulas`; see `formulaGuard.ts`).
 */
const OPTIONS: Options = {
  record_delimiter: '\r\n',
  // With an explicit record delimiter csv-stringify would leave a lone LF or CR unquoted.
  quote_record_delimiter: true,
  escape_formulas: true,
  eof: true,
  cast: { string: quoteGuardedLookalike },
};

/**
 * Returns the records as CSV text (each ended by CRLF; no BOM), every cell written as text. Throws only
 * when a cell is not a string (a bug of the caller).
 */
export function csvRecords(rows: ReadonlyArray<readonly string[]>): string {
  if (!rows.length) return '';
  return stringify(rows as string[][], OPTIONS);
}
