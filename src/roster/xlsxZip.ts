import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import zlib from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { IMPORT_LIMIT_VARS, type ImportLimits } from './importLimits';
import { reason } from './problems';
import { SheetReadError } from './sheetReadError';

/** Most entries a workbook's zip may list (a roster workbook has about 10). */
export const MAX_ZIP_ENTRIES = 10_000;
/** Parts smaller than this are not held to the compression ratio (small XML compresses very well). */
const RATIO_FLOOR = 1024 * 1024;

const n = (x: number) => x.toLocaleString('en-US');

/** Returns a {@link SheetReadError} for a file that is not a readable .xlsx workbook. */
export function unreadable(zh: string, en: string): SheetReadError {
  return new SheetReadError(0, reason(`无法读取 .xlsx 文件：${zh}`, `cannot read the .xlsx file: ${en}`), 'UNREADABLE');
}

/** Returns a {@link SheetReadError} (code TOO_LARGE) for a file over `limit`, naming its variable, its value and what was found. */
export function overLimit(limits: ImportLimits, limit: keyof ImportLimits, row: number, zh: string, en: string): SheetReadError {
  const v = IMPORT_LIMIT_VARS[limit];
  return new SheetReadError(row, reason(`${zh}（上限 ${n(limits[limit])}，见 ${v}）`, `${en} (the limit is ${n(limits[limit])}, set by ${v})`), 'TOO_LARGE');
}

/** Returns a text decoder for an XML part: UTF-16 when it starts with a UTF-16 byte order mark, else UTF-8; both fatal on bad bytes. */
function decoderFor(first: Buffer): TextDecoder {
  if (first[0] === 0xff && first[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true });
  if (first[0] === 0xfe && first[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true });
  return new TextDecoder('utf-8', { fatal: true });
}

/**
 * An .xlsx file opened with yauzl: random access from the file itself (no temporary file is ever
 * written), its entries listed from the central directory. Every part read counts its inflated bytes
 * against `limits.maxInflatedBytes` (all parts together) as they come, and is refused before inflating
 * when its declared size or ratio is over the limits.
 */
export class XlsxZip {
  /** Inflated bytes read so far, all parts together. */
  private inflated = 0;

  private constructor(
    private readonly zip: ZipFile,
    private readonly entries: Map<string, Entry>,
    private readonly limits: ImportLimits,
    private readonly onBytes?: (n: number) => void,
  ) {}

  /** Returns the opened zip; throws a {@link SheetReadError} when the file is not a zip or lists too many entries. */
  static async open(file: string, limits: ImportLimits, onBytes?: (n: number) => void): Promise<XlsxZip> {
    let zip: ZipFile;
    try {
      zip = await new Promise<ZipFile>((resolve, reject) =>
        yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false, decodeStrings: true }, (err, z) =>
          err ? reject(err) : resolve(z),
        ),
      );
    } catch (err) {
      throw unreadable(`不是有效的 zip 文件（${(err as Error).message}）`, `not a valid zip file (${(err as Error).message})`);
    }
    const entries = new Map<string, Entry>();
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: Entry) => {
          if (entries.size >= MAX_ZIP_ENTRIES) {
            reject(unreadable(`zip 中的条目超过 ${n(MAX_ZIP_ENTRIES)} 个`, `the zip lists more than ${n(MAX_ZIP_ENTRIES)} entries`));
            return;
          }
          entries.set(entry.fileName.replace(/^\/+/, ''), entry);
          zip.readEntry();
        });
        zip.once('end', resolve);
        zip.once('error', (err: Error) => reject(err instanceof SheetReadError ? err : unreadable(`zip 目录损坏（${err.message}）`, `the zip directory is broken (${err.message})`)));
        zip.readEntry();
      });
    } catch (err) {
      zip.close();
      throw err;
    }
    return new XlsxZip(zip, entries, limits, onBytes);
  }

  /** Returns the name of the entry called `name` (exactly, else ignoring case), or undefined. */
  find(name: string): string | undefined {
    const wanted = name.replace(/^\/+/, '');
    if (this.entries.has(wanted)) return wanted;
    const lower = wanted.toLowerCase();
    for (const key of this.entries.keys()) if (key.toLowerCase() === lower) return key;
    return undefined;
  }

  /**
   * Yields the text of the entry `name`, decoded as it inflates (a character cut between two chunks is
   * kept whole). Throws a {@link SheetReadError}: TOO_LARGE the moment the inflated bytes pass a limit
   * (the streams are destroyed at once), UNREADABLE for a broken, encrypted or mis-encoded part.
   */
  async *text(name: string): AsyncGenerator<string> {
    const entry = this.entries.get(name);
    if (!entry) throw unreadable(`缺少 ${name}`, `${name} is missing`);
    if (entry.isEncrypted()) throw unreadable(`${name} 已加密；请去掉工作簿的密码后再导入`, `${name} is encrypted; remove the workbook's password first`);
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw unreadable(`${name} 使用了不支持的压缩方式 ${entry.compressionMethod}`, `${name} uses the unsupported compression method ${entry.compressionMethod}`);
    }
    const { limits } = this;
    const declared = entry.uncompressedSize;
    if (this.inflated + declared > limits.maxInflatedBytes) {
      throw overLimit(limits, 'maxInflatedBytes', 0, `${name} 声明解压后有 ${n(declared)} 字节`, `${name} declares ${n(declared)} bytes inflated`);
    }
    const ratio = (inflated: number, compressed: number) => inflated > RATIO_FLOOR && entry.compressionMethod === 8 && inflated / Math.max(1, compressed) > limits.maxRatio;
    if (ratio(declared, entry.compressedSize)) {
      const r = Math.round(declared / Math.max(1, entry.compressedSize));
      throw overLimit(limits, 'maxRatio', 0, `${name} 声明的压缩比为 ${n(r)} 倍，像是“压缩炸弹”`, `${name} declares a compression ratio of ${n(r)}, like a zip bomb`);
    }
    let raw: Readable;
    try {
      raw = await this.zip.openReadStreamPromise(entry, { decodeFileData: false });
    } catch (err) {
      throw unreadable(`${name} 无法打开（${(err as Error).message}）`, `${name} cannot be opened (${(err as Error).message})`);
    }
    let compressed = 0;
    raw.on('data', (chunk: Buffer) => {
      compressed += chunk.length;
      this.onBytes?.(chunk.length);
    });
    const inflater = entry.compressionMethod === 8 ? zlib.createInflateRaw() : null;
    const source: Readable = inflater ? pipeline(raw, inflater, () => undefined) : raw;
    let decoder: TextDecoder | undefined;
    let bytes = 0;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        this.inflated += chunk.length;
        if (this.inflated > limits.maxInflatedBytes) {
          throw overLimit(limits, 'maxInflatedBytes', 0, `解压后超过 ${n(this.inflated)} 字节（在 ${name} 中）`, `it inflates to more than ${n(this.inflated)} bytes (in ${name})`);
        }
        if (bytes > declared) throw unreadable(`${name} 解压后比它声明的 ${n(declared)} 字节更大（文件被篡改？）`, `${name} inflates to more than the ${n(declared)} bytes it declares (a forged file?)`);
        if (ratio(bytes, compressed)) {
          throw overLimit(limits, 'maxRatio', 0, `${name} 的压缩比超过 ${n(Math.round(bytes / compressed))} 倍，像是“压缩炸弹”`, `${name} inflates more than ${n(Math.round(bytes / compressed))} times, like a zip bomb`);
        }
        decoder ??= decoderFor(chunk);
        const text = decoder.decode(chunk, { stream: true });
        if (text) yield text;
      }
      const tail = decoder?.decode() ?? '';
      if (tail) yield tail;
    } catch (err) {
      if (err instanceof SheetReadError) throw err;
      if (err instanceof TypeError && /decode|encoded/i.test(err.message)) {
        throw unreadable(`${name} 不是有效的 UTF-8 文本`, `${name} is not valid UTF-8 text`);
      }
      throw unreadable(`${name} 已损坏（${(err as Error).message}）`, `${name} is broken (${(err as Error).message})`);
    } finally {
      raw.destroy();
      inflater?.destroy();
    }
  }

  /** Closes the file (idempotent). */
  close(): void {
    if (this.zip.isOpen) this.zip.close();
  }
}
