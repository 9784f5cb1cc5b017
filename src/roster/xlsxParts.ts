import { GuardedXml, type XmlHandlers } from './guardedXml';
import type { ImportLimits } from './importLimits';
import { overLimit, unreadable, type XlsxZip } from './xlsxZip';

/** Characters that may pass in a small part (workbook, relationships, styles) without a tag ending. */
const SMALL_PART_PENDING = 1024 * 1024;

/** Feeds every text chunk of the zip entry `name` to a {@link GuardedXml} with `handlers`. */
export async function parsePart(zip: XlsxZip, name: string, handlers: XmlHandlers, maxPending = SMALL_PART_PENDING, tooLong?: () => Error): Promise<void> {
  const xml = new GuardedXml(name, handlers, maxPending, tooLong ?? (() => unreadable(`${name} 中有超过 ${maxPending.toLocaleString('en-US')} 个字符的元素或文本`, `${name} holds an element or text longer than ${maxPending.toLocaleString('en-US')} characters`)));
  for await (const text of zip.text(name)) xml.write(text);
  xml.end();
}

/** Returns the zip path a relationship target points at, from the folder of the part that names it. */
function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').filter(Boolean);
  for (const step of target.split('/')) {
    if (step === '..') parts.pop();
    else if (step && step !== '.') parts.push(step);
  }
  return parts.join('/');
}

/** What the workbook says: its first sheet, where its parts are, and its date system. */
export interface WorkbookParts {
  sheetName: string;
  sheetPath: string;
  sharedStringsPath?: string;
  stylesPath?: string;
  /** Dates count from 1904-01-01 (old Mac Excel) instead of 1899-12-30. */
  date1904: boolean;
}

/**
 * Returns the first sheet of the workbook (first in `xl/workbook.xml`, found through
 * `xl/_rels/workbook.xml.rels`), its shared strings and styles parts and its date system. Throws a
 * {@link SheetReadError} when the file is no workbook or has no sheet.
 */
export async function workbookParts(zip: XlsxZip): Promise<WorkbookParts> {
  const workbook = zip.find('xl/workbook.xml');
  if (!workbook) throw unreadable('不是 Excel 工作簿（缺少 xl/workbook.xml）；请另存为 .xlsx', 'not an Excel workbook (no xl/workbook.xml); save it as .xlsx');
  let first: { name: string; rid: string } | undefined;
  let date1904 = false;
  await parsePart(zip, workbook, {
    open(name, a) {
      if (name === 'sheet' && !first) first = { name: a.name ?? '', rid: a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1] ?? '' };
      if (name === 'workbookPr' && (a.date1904 === '1' || a.date1904 === 'true')) date1904 = true;
    },
    close() {},
    text() {},
  });
  if (!first) throw unreadable('工作簿中没有工作表', 'the workbook has no sheet');
  const rels = new Map<string, { target: string; type: string }>();
  const relsPath = zip.find('xl/_rels/workbook.xml.rels');
  if (relsPath) {
    await parsePart(zip, relsPath, {
      open(name, a) {
        if (name === 'Relationship' && a.Id && a.Target) rels.set(a.Id, { target: resolveTarget('xl', a.Target), type: a.Type ?? '' });
      },
      close() {},
      text() {},
    });
  }
  const ofType = (suffix: string, fallback: string) => zip.find([...rels.values()].find((r) => r.type.endsWith(suffix))?.target ?? fallback) ?? zip.find(fallback);
  const target = rels.get(first.rid)?.target;
  const sheetPath = target ? zip.find(target) : undefined;
  if (!sheetPath) throw unreadable(`找不到第一个工作表「${first.name}」的数据`, `the data of the first sheet "${first.name}" is missing`);
  return { sheetName: first.name, sheetPath, sharedStringsPath: ofType('/sharedStrings', 'xl/sharedStrings.xml'), stylesPath: ofType('/styles', 'xl/styles.xml'), date1904 };
}

/** Built-in number formats that are dates or times (ECMA-376 18.8.30, with the East Asian ones 27–36 and 50–58). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Returns whether a number format code shows a date or time (as exceljs decides: y, m, d, h, s or b outside quotes and brackets). */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '');
  return /[ymdhsb]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** Returns, per cell style index (`s` of a cell), whether it formats numbers as dates; empty without a styles part. */
export async function dateStyles(zip: XlsxZip, stylesPath: string | undefined): Promise<boolean[]> {
  if (!stylesPath) return [];
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  await parsePart(zip, stylesPath, {
    open(name, a) {
      if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfs.push(Number(a.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text() {},
  });
  return xfs.map((id) => (custom.has(id) ? isDateFormat(custom.get(id)!) : BUILTIN_DATE_FORMATS.has(id)));
}

/**
 * Returns the shared strings (`<si>`: plain or rich text runs joined, phonetic runs left out), bounded
 * while they stream: their count, their characters all together and those of each one. Throws a
 * {@link SheetReadError} (TOO_LARGE) the moment a bound is passed.
 */
export async function sharedStrings(zip: XlsxZip, path: string | undefined, limits: ImportLimits): Promise<string[]> {
  if (!path) return [];
  const strings: string[] = [];
  let chars = 0;
  let current: string[] | null = null;
  let length = 0;
  let inPhonetic = 0;
  let inText = false;
  const tooLong = () => overLimit(limits, 'maxCellChars', 0, `共享字符串第 ${strings.length + 1} 项超过 ${limits.maxCellChars.toLocaleString('en-US')} 个字符`, `shared string ${strings.length + 1} is longer than ${limits.maxCellChars.toLocaleString('en-US')} characters`);
  await parsePart(
    zip,
    path,
    {
      open(name, a) {
        if (name === 'sst') {
          const declared = Number(a.uniqueCount ?? a.count ?? 0);
          if (declared > limits.maxSharedStrings) throw overLimit(limits, 'maxSharedStrings', 0, `共享字符串表声明有 ${declared.toLocaleString('en-US')} 项`, `the shared strings table declares ${declared.toLocaleString('en-US')} entries`);
        } else if (name === 'si') {
          if (strings.length >= limits.maxSharedStrings) throw overLimit(limits, 'maxSharedStrings', 0, '共享字符串表的项数过多', 'the shared strings table has too many entries');
          current = [];
          length = 0;
        } else if (name === 'rPh') inPhonetic += 1;
        else if (name === 't') inText = true;
      },
      close(name) {
        if (name === 'si' && current) {
          strings.push(current.length === 1 ? current[0] : current.join(''));
          current = null;
        } else if (name === 'rPh') inPhonetic -= 1;
        else if (name === 't') inText = false;
      },
      text(text) {
        if (!current || !inText || inPhonetic) return;
        length += text.length;
        chars += text.length;
        if (length > limits.maxCellChars) throw tooLong();
        if (chars > limits.maxSharedChars) throw overLimit(limits, 'maxSharedChars', 0, `共享字符串合计超过 ${chars.toLocaleString('en-US')} 个字符`, `the shared strings hold more than ${chars.toLocaleString('en-US')} characters`);
        current.push(text);
      },
    },
    pendingFor(limits),
    tooLong,
  );
  return strings;
}

/** Characters that may pass without a tag ending in a sheet or shared strings: a cell at the limit, every character an entity such as `&#x4E2D;`. */
export function pendingFor(limits: ImportLimits): number {
  return limits.maxCellChars * 10 + 4096;
}
