import { formatCsv } from './formatCsv';
import { formatTable, type Column } from './formatTable';
import type { Format } from './options';

/** Rows under named columns: what table and CSV output are made of. */
export interface Tabular {
  columns: Column[];
  rows: string[][];
}

/** Returns JSON, pretty (two spaces), ending with a newline; UTF-8 without BOM once written. */
export function formatJson(data: unknown): string {
  return JSON.stringify(data, null, 2) + '\n';
}

/** Returns a number with at most two decimals and no trailing zeros, e.g. 1.33 for 1.333 and 3 for 3.0. */
export function formatNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Returns `tabular` as an aligned table or a CSV document, or `data` as JSON. */
export function render(format: Format, tabular: Tabular, data: unknown): string {
  if (format === 'json') return formatJson(data);
  if (format === 'csv') return formatCsv(tabular.columns.map((c) => c.header), tabular.rows);
  return formatTable(tabular.columns, tabular.rows);
}
