import { displayWidth, padDisplay } from './displayWidth';
import { visibleText } from './visibleText';

/** How a column's cells line up: text to the left, numbers to the right. */
export type Align = 'left' | 'right';

/** A column of a table: its header and alignment. */
export interface Column {
  header: string;
  align?: Align;
}

/** Turns tabs and line breaks into spaces so a cell stays on one line, and shows other control characters as `\uXXXX`. */
function oneLine(cell: string): string {
  return visibleText(cell.replace(/\r\n|[\r\n\t\v\f]/g, ' '));
}

/**
 * Returns a plain-text table: the header, a rule of `-`, then one line per row, columns separated by
 * two spaces and padded to their widest cell counted in display columns (汉字 count 2), so every line
 * has the same display width. Each line ends with `\n`. Control characters of the data are shown as
 * `\u001b` and the like (see `visibleText`), never sent to the terminal.
 */
export function formatTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string {
  const cells = rows.map((row) => columns.map((_, i) => oneLine(row[i] ?? '')));
  const headers = columns.map((c) => oneLine(c.header));
  const widths = columns.map((_, i) => Math.max(displayWidth(headers[i]), ...cells.map((r) => displayWidth(r[i]))));
  const line = (row: readonly string[], header: boolean) =>
    row.map((cell, i) => padDisplay(cell, widths[i], header ? 'left' : (columns[i].align ?? 'left'))).join('  ') + '\n';
  return line(headers, true) + widths.map((w) => '-'.repeat(w)).join('  ') + '\n' + cells.map((r) => line(r, false)).join('');
}
