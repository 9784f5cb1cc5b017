import { PAIRING_KIND_LABELS, SECTOR_LABELS, UNIT_KIND_LABELS } from '../cli/labels';
import { PAIRING_KIND_SECTORS, PAIRING_KINDS, SECTORS, UNIT_KINDS, type PairingKindValue, type SectorValue, type UnitKindValue } from '../domain/vocabulary';
import { idProblem } from '../domain/idRule';
import { reason, type ProblemCode, type Reason } from './problems';

/** A cell as the readers give it: text (CSV), or what a spreadsheet cell holds. Empty cells are null. */
export type CellValue = string | number | boolean | Date | null;

/** A parsed value, or why the cell is refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: ProblemCode; reason: Reason };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (code: ProblemCode, zh: string, en: string): Parsed<never> => ({ ok: false, code, reason: reason(zh, en) });

/** Longest id (see `idRule.ts`) and longest free text accepted. */
export { MAX_ID_LENGTH } from '../domain/idRule';
export const MAX_TEXT_LENGTH = 500;

/** Excel shows long numbers such as 150921212210 as 1.50921E+11 and saves them so in CSV: the code is lost. */
const SCIENTIFIC = /^[+-]?\d+(\.\d+)?e[+-]?\d+$/i;
const EXCEL_NUMBER_HINT = reason(
  'Excel 把编码当成了数字并以科学计数法保存，原编码已丢失；请把该列设为“文本”格式后重新输入编码',
  'Excel turned the code into a number in scientific notation and the code is lost; format the column as Text and type the code again',
);

/** Returns `YYYY-MM-DD` of a date's UTC day (spreadsheet dates are read as UTC midnight). */
function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Returns the text of a cell, trimmed; null for an empty cell. Whole numbers are written without a decimal point. */
export function cellText(value: CellValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  let text: string;
  if (typeof value === 'number') text = Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else if (value instanceof Date) text = Number.isNaN(value.getTime()) ? '' : isoDay(value);
  else text = value;
  // String#trim removes what \s matches, U+3000 and U+FEFF included, in linear time (a regex could backtrack).
  text = text.trim();
  return text === '' ? null : text;
}

/** Returns whether text shows the replacement character of a wrong decoding (a GBK file read as UTF-8). */
export function isMisdecoded(text: string): boolean {
  return text.includes('\uFFFD');
}

/**
 * A stable id: ASCII letters, digits, `-`, `_` and `.`, starting with a letter or a digit, at most 64
 * characters (see `idRule.ts`); a code Excel turned into `1.50921E+11` is explained. Returns the id or the problem.
 */
export function parseId(text: string): Parsed<string> {
  if (SCIENTIFIC.test(text)) return { ok: false, code: 'BAD_ID', reason: EXCEL_NUMBER_HINT };
  const problem = idProblem(text);
  return problem ? fail(problem.code, problem.zh, problem.en) : ok(text);
}

// eslint-disable-next-line no-control-regex
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Returns why `text` cannot be stored, or null: an unpaired UTF-16 surrogate (Neo4j would store U+FFFD),
 * or a control character (C0, DEL, C1; in free text TAB, LF and CR are allowed). The reason names the
 * character and its position.
 */
export function textCharacterProblem(text: string, multiline: boolean): Reason | null {
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) {
    const at = surrogate.index + 1;
    const cp = `U+${text.charCodeAt(surrogate.index).toString(16).toUpperCase()}`;
    return reason(`第 ${at} 个字符是不成对的代理项 ${cp}，不是有效的 Unicode 文本`, `character ${at} is an unpaired surrogate ${cp}, not valid Unicode text`);
  }
  const control = (multiline ? CONTROL_IN_TEXT : CONTROL_IN_LINE).exec(text);
  if (control) {
    const at = control.index + 1;
    const cp = `U+${text.charCodeAt(control.index).toString(16).toUpperCase().padStart(4, '0')}`;
    return multiline
      ? reason(`第 ${at} 个字符是控制字符 ${cp}；文本中只允许制表符和换行`, `character ${at} is the control character ${cp}; text may hold tabs and line breaks only`)
      : reason(`第 ${at} 个字符是控制字符 ${cp}；名称中不能有换行、制表符等控制字符`, `character ${at} is the control character ${cp}; a name may not hold line breaks, tabs or other control characters`);
  }
  return null;
}

/** Free text (notes): at most 500 characters, tabs and line breaks kept (CRLF as LF), no other control character, no unpaired surrogate. */
export function parseText(text: string): Parsed<string> {
  if (text.length > MAX_TEXT_LENGTH) return fail('TOO_LONG', `内容过长（最多 ${MAX_TEXT_LENGTH} 个字符）`, `text too long (at most ${MAX_TEXT_LENGTH} characters)`);
  const bad = textCharacterProblem(text, true);
  if (bad) return { ok: false, code: 'BAD_TEXT', reason: bad };
  return ok(text.replace(/\r\n?/g, '\n'));
}

/** A name or another single-line text (单位名称, 所属协议): at most 500 characters, no control character at all (TAB and line breaks included), no unpaired surrogate. */
export function parseName(text: string): Parsed<string> {
  if (text.length > MAX_TEXT_LENGTH) return fail('TOO_LONG', `内容过长（最多 ${MAX_TEXT_LENGTH} 个字符）`, `text too long (at most ${MAX_TEXT_LENGTH} characters)`);
  const bad = textCharacterProblem(text, false);
  return bad ? { ok: false, code: 'BAD_TEXT', reason: bad } : ok(text);
}

const UNIT_KIND_ALIASES: Record<string, UnitKindValue> = {
  村社区: 'VILLAGE_OR_COMMUNITY',
  '村/社区': 'VILLAGE_OR_COMMUNITY',
  村或社区: 'VILLAGE_OR_COMMUNITY',
  政府部门: 'GOVERNMENT_BODY',
  机关单位: 'GOVERNMENT_BODY',
  搬迁安置小区: 'RELOCATION_ESTATE',
  安置小区: 'RELOCATION_ESTATE',
};

/** A unit kind: the enum value in any case (`school`), its Chinese name (学校) or its English label. */
export function parseUnitKind(text: string): Parsed<UnitKindValue> {
  const t = text.trim();
  const upper = t.toUpperCase().replace(/[\s-]+/g, '_');
  const found =
    UNIT_KINDS.find((k) => k === upper) ??
    UNIT_KINDS.find((k) => UNIT_KIND_LABELS[k].zh === t || UNIT_KIND_LABELS[k].en.toLowerCase() === t.toLowerCase()) ??
    UNIT_KIND_ALIASES[t];
  if (found) return ok(found);
  return fail(
    'BAD_KIND',
    `未知的单位类型；可用：${IMPORTABLE_UNIT_KINDS.map((k) => UNIT_KIND_LABELS[k].zh).join('、')}`,
    `unknown kind of unit; one of ${IMPORTABLE_UNIT_KINDS.join(', ')}`,
  );
}

/** Kinds of unit an import may create, with the label each takes besides Node and Unit. */
export const IMPORTABLE_UNIT_LABEL: Partial<Record<UnitKindValue, 'Organization' | 'RelocationEstate' | 'Locality'>> = {
  SCHOOL: 'Organization',
  HOSPITAL: 'Organization',
  ENTERPRISE: 'Organization',
  SOCIAL_ORGANIZATION: 'Organization',
  GOVERNMENT_BODY: 'Organization',
  RELOCATION_ESTATE: 'RelocationEstate',
  VILLAGE_OR_COMMUNITY: 'Locality',
  STREET: 'Locality',
};
export const IMPORTABLE_UNIT_KINDS = Object.keys(IMPORTABLE_UNIT_LABEL) as UnitKindValue[];

/** A division code: 12 digits, or 6 or 9 digits padded with zeros. */
export function parseRegionCode(text: string): Parsed<string> {
  if (SCIENTIFIC.test(text)) return { ok: false, code: 'BAD_REGION', reason: EXCEL_NUMBER_HINT };
  const t = text.replace(/\s+/g, '');
  if (/^(\d{6}|\d{9}|\d{12})$/.test(t)) return ok(t.padEnd(12, '0'));
  return fail('BAD_REGION', '应为 6、9 或 12 位数字的统计用区划代码，如 110105000000', 'expected a 6-, 9- or 12-digit division code, e.g. 110105000000');
}

const TRUE_WORDS = new Set(['是', '√', '✓', 'y', 'yes', 'true', '1', '示范村', 't']);
const FALSE_WORDS = new Set(['否', '×', 'x', 'n', 'no', 'false', '0', '非示范村', 'f', '不是']);

/** A yes or no: 是/否, true/false, yes/no, 1/0, or a spreadsheet boolean. */
export function parseBoolean(value: CellValue, text: string): Parsed<boolean> {
  if (typeof value === 'boolean') return ok(value);
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return ok(true);
  if (FALSE_WORDS.has(t)) return ok(false);
  return fail('BAD_BOOLEAN', '应为 是 或 否', 'expected yes or no (是/否, true/false)');
}

/** Returns `YYYY-MM-DD` when y, m, d make a real calendar date, else null. */
function calendarDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2999) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return isoDay(date);
}

/** Days from 1899-12-30 (Excel's day 0 in the 1900 system, leap-year bug included) to 1970-01-01. */
const EXCEL_EPOCH_OFFSET = 25569;

/**
 * A calendar date: `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D`, `YYYY年M月D日`, `YYYYMMDD`, a spreadsheet date
 * cell, or an Excel serial day number (a date cell that lost its format). Returns `YYYY-MM-DD`.
 */
export function parseDate(value: CellValue, text: string): Parsed<string> {
  const bad = fail('BAD_DATE', '应为有效日期，写作 YYYY-MM-DD（如 2023-08-22）', 'expected a real date written YYYY-MM-DD (e.g. 2023-08-22)');
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return bad;
    // Spreadsheet dates come as UTC midnight; a time of day is dropped.
    const iso = calendarDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
    return iso ? ok(iso) : bad;
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 19000101 && value <= 29991231) {
      const iso = calendarDate(Math.floor(value / 10000), Math.floor(value / 100) % 100, value % 100);
      return iso ? ok(iso) : bad;
    }
    if (value >= 10000 && value < 400000) {
      const day = new Date((Math.floor(value) - EXCEL_EPOCH_OFFSET) * 86_400_000);
      const iso = calendarDate(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
      return iso ? ok(iso) : bad;
    }
    return bad;
  }
  const t = text.trim().replace(/\s+/g, '');
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:T?0{1,2}:00(:00(\.0+)?)?Z?)?$/.exec(t);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) {
    const iso = calendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (iso) return ok(iso);
  }
  return bad;
}

/** Returns a pairing-kind text with every kind of dash made one: 学校-学校, 学校–学校 and 学校—学校 alike. */
function sameDashes(text: string): string {
  return text.replace(/\s+/g, '').replace(/[-‐‑‒–—―－~～/／与]+/g, '—').toLowerCase();
}

/** A kind of pairing: the enum value in any case, or its Chinese (学校—学校, with any dash) or English label. */
export function parsePairingKind(text: string): Parsed<PairingKindValue> {
  const upper = text.trim().toUpperCase().replace(/[\s-]+/g, '_');
  const dashed = sameDashes(text);
  const found =
    PAIRING_KINDS.find((k) => k === upper) ??
    PAIRING_KINDS.find((k) => sameDashes(PAIRING_KIND_LABELS[k].zh) === dashed || sameDashes(PAIRING_KIND_LABELS[k].en) === dashed);
  if (found) return ok(found);
  return fail(
    'BAD_PAIRING_KIND',
    `未知的结对类型；可用：${PAIRING_KINDS.map((k) => PAIRING_KIND_LABELS[k].zh).join('、')}`,
    `unknown kind of pairing; one of ${PAIRING_KINDS.join(', ')}`,
  );
}

/** A sector: the enum value in any case, or its Chinese or English label. */
export function parseSector(text: string): Parsed<SectorValue> {
  const t = text.trim();
  const upper = t.toUpperCase().replace(/[\s-]+/g, '_');
  const found =
    SECTORS.find((s) => s === upper) ?? SECTORS.find((s) => SECTOR_LABELS[s].zh === t || SECTOR_LABELS[s].en.toLowerCase() === t.toLowerCase());
  if (found) return ok(found);
  return fail('BAD_SECTOR', `未知的领域；可用：${SECTORS.map((s) => SECTOR_LABELS[s].zh).join('、')}`, `unknown sector; one of ${SECTORS.join(', ')}`);
}

/** The sector a pairing of each kind has when the file leaves it empty (as the seed does). */
export const DEFAULT_SECTOR = PAIRING_KIND_SECTORS;
