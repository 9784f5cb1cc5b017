// The page's data tables: a header that sorts (a button per column, aria-sort set), and cells labelled with
// their column so that at a phone's width each row becomes a small card instead of a table cut off.
import { el } from './dom';

/** One column: its key, header text, and how its cells sort (none: not sortable). */
export interface Column<R> {
  key: string;
  label: string;
  cell: (row: R) => Node | string;
  sortValue?: (row: R) => string | number;
}

/** How a table is sorted: the column's key and the direction. */
export interface Sort {
  key: string;
  descending: boolean;
}

/**
 * Returns a table (in a wrapper that scrolls sideways when it must) of `rows` sorted by `sort`; a click on
 * a sortable header, or a choice in the sort menu that replaces the hidden header on a phone (labelled
 * `sortLabel`), calls `onSort` with the new order. `attrs.row` gives each row's attributes. Never throws.
 */
export function dataTable<R>(
  columns: Column<R>[],
  rows: R[],
  attrs: { table: Record<string, string>; row: (r: R) => Record<string, string> },
  sort: Sort | null = null,
  onSort?: (sort: Sort) => void,
  sortLabel = '',
): HTMLElement {
  const column = sort ? columns.find((c) => c.key === sort.key) : undefined;
  const sorted = column?.sortValue ? [...rows].sort((a, b) => compare(column.sortValue!(a), column.sortValue!(b)) * (sort!.descending ? -1 : 1)) : rows;
  const head = el(
    'tr',
    {},
    ...columns.map((c) => {
      const th = el('th', { scope: 'col' });
      if (c.sortValue && onSort) {
        const active = sort?.key === c.key;
        th.setAttribute('aria-sort', active ? (sort!.descending ? 'descending' : 'ascending') : 'none');
        const button = el('button', { type: 'button', class: 'sort', 'data-sort': c.key }, c.label, el('span', { 'aria-hidden': 'true' }, active ? (sort!.descending ? ' ▼' : ' ▲') : ' ↕'));
        button.addEventListener('click', () => onSort({ key: c.key, descending: active ? !sort!.descending : false }));
        th.append(button);
      } else th.textContent = c.label;
      return th;
    }),
  );
  const body = sorted.map((r) => el('tr', attrs.row(r), ...columns.map((c) => el('td', { 'data-label': c.label, 'data-column': c.key }, c.cell(r)))));
  const wrap = el('div', { class: 'table-wrap' }, el('table', { class: 'data', ...attrs.table }, el('thead', {}, head), el('tbody', {}, ...body)));
  const sortable = columns.filter((c) => c.sortValue);
  if (!onSort || !sortable.length) return wrap;
  const menu = el('select', { class: 'sort-menu', 'aria-label': sortLabel }, el('option', { value: '' }, sortLabel));
  for (const c of sortable) for (const dir of ['asc', 'desc']) menu.append(el('option', { value: `${c.key}:${dir}` }, `${c.label} ${dir === 'asc' ? '▲' : '▼'}`));
  menu.value = sort ? `${sort.key}:${sort.descending ? 'desc' : 'asc'}` : '';
  menu.addEventListener('change', () => {
    const [key, dir] = menu.value.split(':');
    if (key) onSort({ key, descending: dir === 'desc' });
  });
  return el('div', { class: 'sortable' }, menu, wrap);
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'zh-CN', { numeric: true });
}
