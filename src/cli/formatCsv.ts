/** The byte order mark that tells Excel a CSV file is UTF-8 (without it, 汉字 come out garbled). */
export const BOM = '\uFEFF';

/** Returns one field quoted as RFC 4180 asks: in double quotes, inner quotes doubled, when it holds `"`, `,`, CR or LF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Returns a CSV document (RFC 4180): the header record, then the rows, every record ended by CRLF,
 * preceded by a UTF-8 byte order mark unless `bom` is false.
 */
export function formatCsv(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, options: { bom?: boolean } = {}): string {
  const record = (fields: readonly string[]) => fields.map(csvField).join(',') + '\r\n';
  return (options.bom === false ? '' : BOM) + record(headers) + rows.map(record).join('');
}
