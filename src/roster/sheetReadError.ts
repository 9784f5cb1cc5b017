import type { ProblemCode, Reason } from './problems';

/**
 * An error that makes the rest of a file unreadable: a CSV syntax error, a broken xlsx, a UTF-16 file,
 * a workbook over a limit. `row` is the spreadsheet's row (0: the file as a whole); `code`, when set,
 * is the problem code the importer reports (else UNREADABLE for row 0, CSV_SYNTAX for a row).
 */
export class SheetReadError extends Error {
  constructor(
    readonly row: number,
    readonly reason: Reason,
    readonly code?: ProblemCode,
  ) {
    super(reason.en);
    this.name = 'SheetReadError';
  }
}
