import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type * as ExcelJSModule from 'exceljs';
import { BOM, csvRecords } from '../csv/csvRecords';

/**
 * Returns exceljs, loaded when the first workbook is written rather than when this module is: every command of
 * the command line imports the rosters, and exceljs alone takes about a second to load. Throws what require throws.
 */
function excelJs(): typeof ExcelJSModule {
  return require('exceljs') as typeof ExcelJSModule;
}

/** Where roster rows go: a CSV stream or an .xlsx workbook, written as they come. */
export interface SheetWriter {
  /** Writes one row (the header first). */
  row(cells: readonly string[]): Promise<void>;
  /** Finishes the file; returns the bytes written when known. */
  end(): Promise<void>;
}

/** Rows gathered before they are turned into CSV text and written (one csv-stringify call per batch). */
const BATCH_ROWS = 500;

/**
 * Returns a writer of CSV to `out` by the project's one CSV writer ({@link csvRecords}: RFC 4180, CRLF,
 * formula cells guarded with `'`), UTF-8 with a BOM so that Excel shows Chinese, respecting
 * back-pressure; `end` ends `out` unless `keepOpen` (standard output). Fails when `out` fails.
 */
export function csvWriter(out: Writable, options: { keepOpen?: boolean } = {}): SheetWriter {
  let started = false;
  let rows: string[][] = [];
  const flush = async () => {
    const chunk = (started ? '' : BOM) + csvRecords(rows);
    started = true;
    rows = [];
    if (chunk && !out.write(chunk)) await once(out, 'drain');
  };
  return {
    async row(cells) {
      rows.push([...cells]);
      if (rows.length >= BATCH_ROWS || !started) await flush();
    },
    async end() {
      await flush();
      if (!options.keepOpen) {
        out.end();
        await once(out, 'finish');
      }
    },
  };
}

/** Returns a CSV writer to a new file. */
export function csvFileWriter(file: string): SheetWriter {
  const out = createWriteStream(file);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const w = csvWriter(out);
  return {
    row: (cells) => Promise.race([w.row(cells), failed]),
    end: () => Promise.race([w.end(), failed]),
  };
}

/**
 * Returns a writer of an .xlsx workbook streamed to `file` (exceljs WorkbookWriter, inline strings, so
 * memory stays flat): one sheet named `sheet` whose first row is the header, bold and frozen; the
 * columns in `textColumns` (0-based) are formatted as Text so that Excel keeps codes such as
 * 150921212210 as typed. `extraSheets` are written after it (a help sheet).
 */
export function xlsxFileWriter(
  file: string,
  sheet: string,
  options: { textColumns?: readonly number[]; widths?: readonly number[]; extraSheets?: { name: string; rows: string[][] }[] } = {},
): SheetWriter {
  const workbook = new (excelJs().stream.xlsx.WorkbookWriter)({ filename: file, useSharedStrings: false, useStyles: true });
  workbook.creator = 'pairing-graph';
  const ws = workbook.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  let header = true;
  return {
    async row(cells) {
      if (header) {
        ws.columns = cells.map((_, i) => ({
          width: options.widths?.[i] ?? 16,
          style: options.textColumns?.includes(i) ? { numFmt: '@' } : {},
        }));
      }
      const row = ws.addRow([...cells]);
      if (header) row.font = { bold: true };
      header = false;
      row.commit();
    },
    async end() {
      ws.commit();
      for (const extra of options.extraSheets ?? []) {
        const s = workbook.addWorksheet(extra.name);
        s.columns = extra.rows[0].map((_, i) => ({ width: i === extra.rows[0].length - 1 ? 80 : 18 }));
        extra.rows.forEach((r, i) => {
          const row = s.addRow(r);
          if (i === 0) row.font = { bold: true };
          row.commit();
        });
        s.commit();
      }
      await workbook.commit();
    },
  };
}
