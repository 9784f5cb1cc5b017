import { GuardedXml } from './guardedXml';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './importLimits';
import type { SheetInfo, SheetRow } from './readSheet';
import { dateStyles, pendingFor, sharedStrings, workbookParts } from './xlsxParts';
import { SheetParser } from './xlsxSheet';
import { XlsxZip } from './xlsxZip';

/**
 * Yields the rows of the first worksheet of an .xlsx file, streamed: the zip is read in place with
 * yauzl (no temporary file), the shared strings first, then the sheet's XML inflated, decoded with a
 * streaming UTF-8 decoder (a character cut between two chunks stays whole) and parsed with saxes, a few
 * rows at a time. `onBytes` receives the compressed bytes read. Every limit of `limits` is checked while
 * the parts stream; passing one throws a {@link SheetReadError} (code TOO_LARGE, its reason naming the
 * limit, its variable and the value found) and closes the file at once; a broken workbook throws one
 * with code UNREADABLE. Stopping early (a `return` of the consumer) closes the file too.
 */
export async function* readXlsx(
  file: string,
  info: SheetInfo,
  options: { limits?: ImportLimits; onBytes?: (n: number) => void } = {},
): AsyncGenerator<SheetRow> {
  const limits = options.limits ?? DEFAULT_IMPORT_LIMITS;
  const zip = await XlsxZip.open(file, limits, options.onBytes);
  try {
    const parts = await workbookParts(zip);
    info.sheet = parts.sheetName;
    const styles = await dateStyles(zip, parts.stylesPath);
    const shared = await sharedStrings(zip, parts.sharedStringsPath, limits);
    const sheet = new SheetParser(shared, styles, parts.date1904, limits);
    const xml = new GuardedXml(parts.sheetPath, sheet, pendingFor(limits), sheet.tooLong);
    try {
      for await (const text of zip.text(parts.sheetPath)) {
        xml.write(text);
        if (sheet.rows.length) yield* sheet.rows.splice(0);
      }
      xml.end();
    } catch (err) {
      // The rows read before an error still come out, then the error.
      yield* sheet.rows.splice(0);
      throw err;
    }
    yield* sheet.rows.splice(0);
  } finally {
    zip.close();
  }
}
