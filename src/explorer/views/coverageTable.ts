// 概览's table of a region's coverage: one row per child division (`coverage.children`: townships of a county,
// counties of a province asked by COUNTY, villages of a township, …) and the total row (`coverage.total`). The
// first column is named after the children's level; a division standing in for a skipped level says its level.
import type { ExplorerDashboardQuery, RegionLevel } from '../../generated/operations';
import { el } from '../dom';
import type { Key } from '../i18n';
import { t } from '../i18n';
import { levelLabel } from '../regionPicker';
import { dataTable, type Column } from '../table';

type Coverage = ExplorerDashboardQuery['coverage'];
type Child = Coverage['children'][number];

const NOUN: Record<RegionLevel, Key> = { PROVINCE: 'nounProvince', CITY: 'nounCity', COUNTY: 'nounCounty', TOWNSHIP: 'nounTownship', VILLAGE: 'nounVillage' };

/** Returns the level most children have (the level asked for), or null without children. */
export function childLevel(coverage: Coverage): RegionLevel | null {
  const counts = new Map<RegionLevel, number>();
  for (const c of coverage.children) counts.set(c.level, (counts.get(c.level) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** Returns the name of the children's level in the page's language (乡镇, 县级区划, 村, …; 区划 without children). */
export function childNoun(coverage: Coverage): string {
  const level = childLevel(coverage);
  return level ? t(NOUN[level]) : t('colRegion');
}

/** Returns a child's name, with its level after it when it stands in for a level the divisions skip (东莞市（地级）). */
export function childName(coverage: Coverage, child: Child): string {
  return child.level === childLevel(coverage) ? child.name : `${child.name}（${levelLabel(child.level)}）`;
}

/** Returns the coverage as a table with its total row; never throws. */
export function coverageTable(coverage: Coverage): HTMLElement {
  const number = (key: keyof Child & keyof Coverage['total'], label: Key): Column<Child> => ({ key, label: t(label), cell: (c) => String(c[key]) });
  const columns: Column<Child>[] = [
    { key: 'name', label: childNoun(coverage), cell: (c) => childName(coverage, c) },
    number('villages', 'colVillages'),
    number('paired', 'colPaired'),
    number('unpaired', 'colUnpaired'),
    number('demonstration', 'colDemonstration'),
    number('demonstrationPaired', 'colDemoPaired'),
    number('demonstrationUnpaired', 'colDemoUnpaired'),
    { key: 'regionPaired', label: t('colRegionPaired'), cell: (c) => t(c.regionPaired ? 'yes' : 'no') },
  ];
  const wrap = dataTable(columns, coverage.children, { table: { 'data-testid': 'coverage-table' }, row: (c) => ({ 'data-code': c.code, 'data-testid': `coverage-row-${c.code}` }) });
  const total = coverage.total;
  const cells: [string, string][] = [
    ['name', t('totalRow')],
    ...(['villages', 'paired', 'unpaired', 'demonstration', 'demonstrationPaired', 'demonstrationUnpaired'] as const).map((k): [string, string] => [k, String(total[k])]),
    ['regionPaired', ''],
  ];
  const foot = el('tfoot', {}, el('tr', { 'data-testid': 'coverage-total' }, ...cells.map(([key, text], i) => el(i === 0 ? 'th' : 'td', { 'data-label': columns[i].label, 'data-column': key, ...(i === 0 ? { scope: 'row' } : {}) }, text))));
  wrap.querySelector('table')?.append(foot);
  return el('section', { class: 'card coverage-card' }, el('h3', {}, t('tableChildren', { region: coverage.regionName, level: childNoun(coverage) })), wrap);
}
