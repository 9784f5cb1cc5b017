import type { XmlHandlers } from './guardedXml';
import type { ImportLimits } from './importLimits';
import type { SheetRow } from './readSheet';
import type { CellValue } from './values';
import { overLimit, unreadable } from './xlsxZip';

/** Excel's largest column (XFD). */
const EXCEL_COLUMNS = 16_384;
/** Days from Excel's day 0 (1899-12-30 in the 1900 system) to 1970-01-01; the 1904 system starts 1,462 days later. */
const EPOCH_1900 = 25_569;
const EPOCH_1904_SHIFT = 1_462;

/** Returns the 1-based column of a cell reference such as `AB12`, or null when it is not one. */
export function columnOf(ref: string): number | null {
  const m = /^\$?([A-Za-z]{1,3})\$?\d*$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return col <= EXCEL_COLUMNS ? col : null;
}

/** Returns the date of an Excel serial day number (UTC), as exceljs does. */
export function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - EPOCH_1900 + (date1904 ? EPOCH_1904_SHIFT : 0)) * 86_400_000));
}

/** The cell being read. */
interface OpenCell {
  ref: string;
  col: number;
  type: string;
  style: number;
  formula: boolean;
  /** Text of `<v>`, or of the `<t>` runs of an inline string. */
  parts: string[];
  length: number;
  hasValue: boolean;
}

/**
 * Reads a worksheet's XML (`<sheetData>`) into {@link SheetRow}s as the parser goes, keeping the meaning
 * exceljs gave: shared strings, inline strings and rich text runs joined, numbers, booleans, errors as
 * their text (`#N/A`), formulas as their cached value, numbers in a date format as dates (UTC), cells
 * placed by their column letters with gaps as null and trailing empty cells dropped, rows numbered by `r`.
 * Throws a {@link SheetReadError} (TOO_LARGE) the moment a row, column or cell passes its limit.
 */
export class SheetParser implements XmlHandlers {
  /** Rows read and not yet taken. */
  readonly rows: SheetRow[] = [];
  private inData = false;
  private row: { number: number; cells: CellValue[] } | null = null;
  private lastRow = 0;
  private rowCount = 0;
  private lastCol = 0;
  private cell: OpenCell | null = null;
  /** Where text goes: `v`, `t` of an inline string, or nowhere. */
  private capture: 'v' | 't' | null = null;
  private inInline = false;
  private inPhonetic = 0;

  constructor(
    private readonly shared: readonly string[],
    private readonly dateStyles: readonly boolean[],
    private readonly date1904: boolean,
    private readonly limits: ImportLimits,
  ) {}

  /** Returns the error for a cell whose text passes the limit, or (the guard's) for any text or tag as long outside a cell. */
  tooLong = (): Error => {
    const { limits } = this;
    const row = this.row?.number ?? this.lastRow;
    if (!this.cell) {
      return overLimit(limits, 'maxCellChars', row, `工作表中有超过 ${limits.maxCellChars.toLocaleString('en-US')} 个字符的文本或标记`, `the sheet holds a text or tag longer than ${limits.maxCellChars.toLocaleString('en-US')} characters`);
    }
    const where = this.cell.ref || `#${this.cell.col}`;
    return overLimit(limits, 'maxCellChars', row, `单元格 ${where} 超过 ${limits.maxCellChars.toLocaleString('en-US')} 个字符`, `cell ${where} holds more than ${limits.maxCellChars.toLocaleString('en-US')} characters`);
  };

  open(name: string, a: Record<string, string>): void {
    if (name === 'sheetData') this.inData = true;
    if (!this.inData) return;
    if (name === 'row') this.openRow(a.r);
    else if (name === 'c' && this.row) this.openCell(a);
    else if (!this.cell) return;
    else if (name === 'v') this.capture = 'v';
    else if (name === 'f') this.cell.formula = true;
    else if (name === 'is') this.inInline = true;
    else if (name === 'rPh') this.inPhonetic += 1;
    else if (name === 't' && this.inInline && !this.inPhonetic) this.capture = 't';
  }

  text(text: string): void {
    const cell = this.cell;
    if (!cell || !this.capture) return;
    cell.length += text.length;
    if (cell.length > this.limits.maxCellChars) throw this.tooLong();
    cell.parts.push(text);
  }

  close(name: string): void {
    if (name === 'sheetData') this.inData = false;
    else if (name === 'v' || name === 't') {
      if (this.cell && this.capture) this.cell.hasValue = true;
      this.capture = null;
    } else if (name === 'is') this.inInline = false;
    else if (name === 'rPh') this.inPhonetic -= 1;
    else if (name === 'c' && this.cell && this.row) {
      const value = this.valueOf(this.cell);
      if (value !== null) this.row.cells[this.cell.col - 1] = value;
      this.cell = null;
    } else if (name === 'row' && this.row) {
      const cells = this.row.cells;
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      this.rows.push({ row: this.row.number, cells });
      this.row = null;
    }
  }

  private openRow(r: string | undefined): void {
    const { limits } = this;
    const number = r === undefined ? this.lastRow + 1 : Number(r);
    if (!Number.isInteger(number) || number < 1) throw unreadable(`工作表中的行号「${r}」无效`, `the sheet has an invalid row number "${r}"`);
    this.rowCount += 1;
    if (number > limits.maxRows) throw overLimit(limits, 'maxRows', number, `工作表的第 ${number.toLocaleString('en-US')} 行超出行数上限`, `row ${number.toLocaleString('en-US')} of the sheet is past the limit on rows`);
    if (this.rowCount > limits.maxRows) throw overLimit(limits, 'maxRows', number, '工作表的行数超出上限', 'the sheet has more rows than the limit');
    this.lastRow = number;
    this.lastCol = 0;
    this.row = { number, cells: [] };
  }

  private openCell(a: Record<string, string>): void {
    const { limits } = this;
    const col = a.r === undefined ? this.lastCol + 1 : columnOf(a.r);
    if (col === null) throw unreadable(`第 ${this.lastRow} 行的单元格引用「${a.r}」无效`, `row ${this.lastRow} has an invalid cell reference "${a.r}"`);
    if (col > limits.maxColumns) {
      throw overLimit(limits, 'maxColumns', this.lastRow, `单元格 ${a.r ?? `#${col}`} 在第 ${col} 列，超出列数上限`, `cell ${a.r ?? `#${col}`} is in column ${col}, past the limit on columns`);
    }
    this.lastCol = col;
    this.cell = { ref: a.r ?? '', col, type: a.t ?? 'n', style: Number(a.s ?? 0), formula: false, parts: [], length: 0, hasValue: false };
    this.capture = null;
    this.inInline = false;
    this.inPhonetic = 0;
  }

  /** Returns the value of a finished cell, or null when it holds none. */
  private valueOf(cell: OpenCell): CellValue {
    if (!cell.hasValue) return null;
    const text = cell.parts.length === 1 ? cell.parts[0] : cell.parts.join('');
    switch (cell.type) {
      case 's': {
        const index = Number(text);
        const value = Number.isInteger(index) ? this.shared[index] : undefined;
        if (value === undefined) {
          throw unreadable(`单元格 ${cell.ref} 引用了不存在的共享字符串 ${text}（共 ${this.shared.length} 项）`, `cell ${cell.ref} refers to shared string ${text}, which does not exist (${this.shared.length} entries)`);
        }
        return value;
      }
      case 'inlineStr':
      case 'str':
      case 'e':
        return text;
      case 'b':
        return text.trim() !== '' && Number(text) !== 0;
      case 'd': {
        const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || !/T/.test(text) ? text : `${text}Z`);
        return Number.isNaN(date.getTime()) ? text : date;
      }
      default: {
        if (text.trim() === '') return null;
        const number = Number(text);
        if (Number.isNaN(number)) return text;
        return this.dateStyles[cell.style] ? excelDate(number, this.date1904) : number;
      }
    }
  }
}
