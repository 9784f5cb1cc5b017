import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { unguardCell } from '../csv/formulaGuard';
import { csvDecoder, CsvDecodeError, type CsvDecoder } from './csvDecoder';
import type { ImportLimits } from './importLimits';
import { reason } from './problems';
import { readXlsx } from './readXlsx';
import { SheetReadError } from './sheetReadError';
import type { CellValue } from './values';

export { SheetReadError } from './sheetReadError';

/** Text encodings of CSV files: UTF-8 (with or without BOM) and GB18030, the superset of GBK that Excel on Chinese Windows writes. */
export const ENCODINGS = ['utf8', 'gb18030'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** File formats the importer reads. */
export type SheetFormat = 'csv' | 'xlsx';

/** One row of a sheet as the spreadsheet numbers it (the first row is 1), cells from the first column. */
export interface SheetRow {
  row: number;
  cells: CellValue[];
}

/** What reading found out about a file, filled in as it is read. */
export interface SheetInfo {
  format: SheetFormat;
  /** CSV only: the encoding used, and whether it was detected rather than given. */
  encoding?: Encoding;
  encodingDetected?: boolean;
  /** xlsx only: the name of the sheet read. */
  sheet?: string;
}

/** Returns the format of a file by its extension (.csv, .txt → csv; .xlsx, .xlsm → xlsx), or null. */
export function formatOfFile(file: string): SheetFormat | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  return null;
}

/** Returns whether `bytes` are valid UTF-8, allowing a character cut at the end. */
function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Returns the strict decoder of `encoding`, whose errors are {@link SheetReadError}s with code BAD_ENCODING at the line where the bytes break. */
function decoderFor(encoding: Encoding): CsvDecoder {
  const d = csvDecoder(encoding);
  const wrap = (decode: () => string) => {
    try {
      return decode();
    } catch (err) {
      if (err instanceof CsvDecodeError) throw new SheetReadError(err.line, err.reason, 'BAD_ENCODING');
      throw err;
    }
  };
  return { write: (b) => wrap(() => d.write(b)), end: () => wrap(() => d.end()) };
}

/** How many bytes decide the encoding of a CSV file without a BOM. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Yields the text of a CSV file decoded as it is read: a UTF-8 BOM means UTF-8 (and is dropped); else
 * `encoding` when given; else UTF-8 when the first 64 KiB are valid UTF-8, GB18030 otherwise. The whole
 * file is then held to that encoding (see `csvDecoder.ts`): bytes that break it, or a UTF-8 line in a
 * GB18030 file, throw a {@link SheetReadError} (BAD_ENCODING) naming the line.
 */
async function* decodedText(file: string, encoding: Encoding | undefined, info: SheetInfo, onBytes?: (n: number) => void): AsyncGenerator<string> {
  const choose = (bytes: Buffer): [CsvDecoder, Buffer] => {
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw utf16();
    let chosen: Encoding;
    let rest = bytes;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      chosen = 'utf8';
      rest = bytes.subarray(3);
      info.encodingDetected = encoding === undefined;
    } else if (encoding) {
      chosen = encoding;
      info.encodingDetected = false;
    } else {
      chosen = isUtf8(bytes.subarray(0, SNIFF_BYTES)) ? 'utf8' : 'gb18030';
      info.encodingDetected = true;
    }
    info.encoding = chosen;
    return [decoderFor(chosen), rest];
  };
  let decoder: CsvDecoder | undefined;
  let head: Buffer = Buffer.alloc(0);
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    onBytes?.(chunk.length);
    let bytes = chunk;
    if (!decoder) {
      head = head.length ? Buffer.concat([head, chunk]) : chunk;
      if (head.length < SNIFF_BYTES) continue;
      [decoder, bytes] = choose(head);
    }
    const text = decoder.write(bytes);
    if (text) yield text;
  }
  if (!decoder) {
    let rest: Buffer;
    [decoder, rest] = choose(head);
    const text = decoder.write(rest);
    if (text) yield text;
  }
  const tail = decoder.end();
  if (tail) yield tail;
}

function utf16(): SheetReadError {
  return new SheetReadError(
    0,
    reason(
      '文件是 UTF-16 编码（Excel 的“Unicode 文本”）；请另存为“CSV UTF-8（逗号分隔）”或 .xlsx',
      'the file is UTF-16 (Excel\'s "Unicode Text"); save it as "CSV UTF-8 (Comma delimited)" or .xlsx',
    ),
  );
}

/**
 * Yields the rows of a CSV file (RFC 4180, comma-separated) in order, each cell with the formula guard
 * of the project's CSV writer taken away (`'=1` → `=1`, see `unguardCell`); throws a {@link SheetReadError} on a syntax error. */
async function* csvRows(file: string, encoding: Encoding | undefined, info: SheetInfo, onBytes?: (n: number) => void): AsyncGenerator<SheetRow> {
  const parser = parse({ relax_column_count: true, relax_quotes: true, info: true, bom: false, skip_empty_lines: false });
  const feeding = pipeline(Readable.from(decodedText(file, encoding, info, onBytes)), parser).catch((err: unknown) => err);
  let last = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
      last = item.info.records;
      yield { row: item.info.records, cells: item.record.map((c) => (c === '' ? null : unguardCell(c))) };
    }
  } catch (err) {
    throw toReadError(err, last + 1);
  }
  const failed = await feeding;
  if (failed) throw toReadError(failed, last + 1);
}

function toReadError(err: unknown, row: number): Error {
  if (err instanceof SheetReadError) return err;
  const e = err as { code?: string; message?: string; lines?: number; records?: number };
  if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
    const line = e.lines ?? row;
    // The records read before the error; the stream may drop records read but not yet taken.
    return new SheetReadError(
      typeof e.records === 'number' ? Math.max(row, e.records + 1) : row,
      reason(
        `CSV 格式错误（文件第 ${line} 行附近）：${e.code === 'CSV_QUOTE_NOT_CLOSED' ? '引号没有闭合' : '引号使用不当'}；其后的行无法读取`,
        `CSV syntax error near line ${line} of the file: ${e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quote is not closed' : 'a quote is misplaced'}; the rows after it cannot be read`,
      ),
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Yields the rows of a roster file, streamed: CSV decoded as `encoding` says (or detected), or the first
 * worksheet of an .xlsx workbook (see {@link readXlsx}; `limits` bound it, the defaults when not given).
 * `onBytes` receives the bytes read, for a progress bar. Re-reading starts a new generator. Throws a
 * {@link SheetReadError} when the file cannot be read on.
 */
export function readSheet(
  file: string,
  options: { format?: SheetFormat; encoding?: Encoding; onBytes?: (n: number) => void; info?: SheetInfo; limits?: ImportLimits } = {},
): AsyncGenerator<SheetRow> {
  const format = options.format ?? formatOfFile(file) ?? 'csv';
  const info = options.info ?? { format };
  info.format = format;
  return format === 'xlsx' ? readXlsx(file, info, { limits: options.limits, onBytes: options.onBytes }) : csvRows(file, options.encoding, info, options.onBytes);
}

/** Returns the size of a file in bytes. */
export function fileSize(file: string): number {
  return statSync(file).size;
}
