import { BOM, csvRecords } from '../csv/csvRecords';

export { BOM } from '../csv/csvRecords';

/**
 * Returns a CSV document written by the project's one CSV writer ({@link csvRecords}: RFC 4180, CRLF,
 * formula cells guarded with `'`): the header record, then the rows, preceded by a UTF-8 byte order mark
 * unless `bom` is false. Never fails for string cells.
 */
export function formatCsv(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, options: { bom?: boolean } = {}): string {
  return (options.bom === false ? '' : BOM) + csvRecords([headers, ...rows]);
}
