import { closeSync, openSync, readSync } from 'node:fs';
import { reason, type Reason } from './problems';
import type { SheetFormat } from './readSheet';

/** How many leading bytes {@link notASpreadsheet} looks at. */
export const SNIFF_HEAD_BYTES = 4096;

/** Well-known file signatures, with what to call them. */
const SIGNATURES: { bytes: number[]; zh: string; en: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], zh: 'PNG 图片', en: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], zh: 'JPEG 图片', en: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], zh: 'GIF 图片', en: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], zh: 'PDF 文档', en: 'a PDF document' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], zh: '程序文件（ELF）', en: 'a program (ELF)' },
  { bytes: [0x1f, 0x8b], zh: 'gzip 压缩文件', en: 'a gzip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], zh: 'RAR 压缩文件', en: 'a RAR archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], zh: '7z 压缩文件', en: 'a 7z archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], zh: '旧版 Excel 工作簿（.xls）', en: 'an old Excel workbook (.xls)' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], zh: 'zip 压缩文件（或 .xlsx 工作簿）', en: 'a zip archive (or an .xlsx workbook)' },
];

const startsWith = (head: Buffer, bytes: readonly number[]) => head.length >= bytes.length && bytes.every((b, i) => head[i] === b);

/** Returns what a file's first bytes say it is (for a message), or null when they say nothing known. */
function signatureOf(head: Buffer): { zh: string; en: string } | null {
  const known = SIGNATURES.find((s) => startsWith(head, s.bytes));
  if (known) return known;
  // MZ: a Windows program; only with the NUL bytes every program has, so that a CSV starting with "MZ" passes.
  if (startsWith(head, [0x4d, 0x5a]) && head.includes(0)) return { zh: 'Windows 程序（.exe）', en: 'a Windows program (.exe)' };
  return null;
}

/**
 * Returns why a file whose first bytes are `head` (up to {@link SNIFF_HEAD_BYTES}) cannot be a roster of
 * `format`, or null when it may be one: a CSV must be text (no image, program, archive or NUL byte; a
 * UTF-16 file is left to the reader, which explains it), an .xlsx must be a zip archive. An empty file
 * passes (the importer reports EMPTY_FILE).
 */
export function notASpreadsheet(head: Buffer, format: SheetFormat): Reason | null {
  if (head.length === 0) return null;
  const seen = signatureOf(head);
  if (format === 'xlsx') {
    if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return null;
    const what = seen ?? { zh: '不是 zip 压缩格式的文件', en: 'not a zip archive' };
    return reason(`不是 .xlsx 工作簿：文件内容是${what.zh}；请在 Excel 中另存为 .xlsx`, `not an .xlsx workbook: the file is ${what.en}; save it from Excel as .xlsx`);
  }
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return null;
  if (seen) {
    const hint = startsWith(head, [0x50, 0x4b, 0x03, 0x04]) ? { zh: '；若是 .xlsx 工作簿，请用 .xlsx 扩展名', en: '; if it is an .xlsx workbook, give it the .xlsx extension' } : { zh: '', en: '' };
    return reason(`不是 CSV 文本文件：文件内容是${seen.zh}${hint.zh}`, `not a CSV text file: the file is ${seen.en}${hint.en}`);
  }
  if (head.includes(0)) return reason('不是 CSV 文本文件：文件含有二进制数据（NUL 字节）', 'not a CSV text file: it holds binary data (NUL bytes)');
  return null;
}

/** Returns the first {@link SNIFF_HEAD_BYTES} bytes of `file` (fewer for a shorter file); throws when it cannot be read. */
export function readHead(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_HEAD_BYTES);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
