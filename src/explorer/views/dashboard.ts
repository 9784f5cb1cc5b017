// 概览 (dashboard): the report's headline figures as cards with their source; the coverage of the region chosen
// in the picker (any level; 卓资县 by default) per child division (villages paired and unpaired, demonstration
// villages paired and unpaired) as a table with its total row, per kind of pairing, and the pairings started and
// ended per year, as bar charts whose data download as .xlsx and picture as PNG. The region and the level counted
// by (`by`) are kept in the address (#dashboard?region=150921212000&by=VILLAGE).
import type { ECharts } from 'echarts/core';
import { ExplorerDashboardDocument, type ExplorerDashboardQuery, type RegionLevel } from '../../generated/operations';
import { describe, failureNow, request } from '../api';
import { disposeChart, drawChart, downloadPng, downloadXlsx, type ChartSpec } from '../charts';
import { $, el } from '../dom';
import { PAIRING_KIND, getLang, t } from '../i18n';
import { DEFAULT_REGION, fullRegionCode, levelLabel, regionPicker, sharedRegion, shareRegion, type PickedRegion } from '../regionPicker';
import type { Failure } from '../token';
import { childName, childNoun, coverageTable } from './coverageTable';

const LEVELS: RegionLevel[] = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'];
const PAIRED = '#15803d';
const UNPAIRED = '#dc2626';
const DEMO_PAIRED = '#0e7490';
const DEMO_UNPAIRED = '#f97316';

const state = {
  region: DEFAULT_REGION,
  by: '' as RegionLevel | '',
  activeOn: '',
  data: null as ExplorerDashboardQuery | null,
  error: null as Failure | null,
  loading: false,
  note: '',
};

let started = false;
let seq = 0;
const root = () => $('view-dashboard');

/** Returns the chart specs of the answer, labelled in the page's language. */
function specsOf(data: ExplorerDashboardQuery): ChartSpec[] {
  const lang = getLang();
  const c = data.coverage;
  const years = new Map<string, { started: number; ended: number }>();
  for (const e of [...data.timeline].sort((a, b) => (a.year ?? 99999) - (b.year ?? 99999))) {
    const key = e.year === null ? t('yearUnknown') : String(e.year);
    const y = years.get(key) ?? { started: 0, ended: 0 };
    y.started += e.started;
    y.ended += e.ended;
    years.set(key, y);
  }
  return [
    {
      id: 'children',
      title: t('chartChildren', { region: c.regionName, level: childNoun(c) }),
      table: { columns: [childNoun(c), t('colPaired'), t('colUnpaired')], rows: c.children.map((ch) => [childName(c, ch), ch.paired, ch.unpaired]) },
      series: [
        { column: 1, colour: PAIRED, stack: 'v' },
        { column: 2, colour: UNPAIRED, stack: 'v' },
      ],
    },
    {
      id: 'demonstration',
      title: t('chartChildrenDemonstration', { region: c.regionName, level: childNoun(c) }),
      table: {
        columns: [childNoun(c), t('colDemoPaired'), t('colDemoUnpaired')],
        rows: c.children.map((ch) => [childName(c, ch), ch.demonstrationPaired, ch.demonstrationUnpaired]),
      },
      series: [
        { column: 1, colour: DEMO_PAIRED, stack: 'd' },
        { column: 2, colour: DEMO_UNPAIRED, stack: 'd' },
      ],
    },
    {
      id: 'kinds',
      title: t('chartKinds', { county: c.regionName }),
      table: { columns: [t('colKind'), t('colPairedUnits'), t('colUnpairedUnits')], rows: c.kinds.map((k) => [PAIRING_KIND[k.kind][lang], k.paired, k.unpaired]) },
      series: [
        { column: 1, colour: PAIRED, stack: 'k' },
        { column: 2, colour: UNPAIRED, stack: 'k' },
      ],
      horizontal: true,
    },
    {
      id: 'timeline',
      title: t('chartTimeline', { county: c.regionName }),
      table: { columns: [t('colYear'), t('colStarted'), t('colEnded')], rows: [...years].map(([year, y]) => [year, y.started, y.ended]) },
      series: [
        { column: 1, colour: '#1d4ed8' },
        { column: 2, colour: '#6b7280' },
      ],
    },
  ];
}

function figureValue(f: ExplorerDashboardQuery['summary']['groups'][number]['figures'][number]): string {
  const number = f.value.toLocaleString(getLang() === 'zh' ? 'zh-CN' : 'en');
  const qualifier = f.qualifier === 'GT' ? t('qualifierGT') : f.qualifier === 'LT' ? t('qualifierLT') : '';
  return `${qualifier}${number} ${f.unit}`;
}

function renderFigures(data: ExplorerDashboardQuery): HTMLElement {
  const lang = getLang();
  const grid = el('div', { class: 'figure-grid', 'data-testid': 'figure-cards' });
  for (const g of data.summary.groups) {
    const first = g.figures[0];
    if (!first) continue;
    const source = [first.source.publisher, first.source.title, first.source.published].filter(Boolean).join(' · ');
    grid.append(
      el(
        'article',
        { class: 'card figure-card', 'data-testid': `figure-group-${g.key}` },
        el('h3', {}, lang === 'zh' ? g.name : g.nameEn),
        el(
          'ul',
          { class: 'figures' },
          ...g.figures.map((f) =>
            el(
              'li',
              { title: f.quote, 'data-testid': `figure-${f.id}`, 'data-value': String(f.value) },
              el('strong', { class: 'figure-value' }, figureValue(f)),
              el('span', { class: 'figure-label' }, lang === 'zh' ? f.label : f.labelEn),
              f.periodLabel ? el('small', { class: 'muted' }, f.periodLabel) : null,
            ),
          ),
        ),
        el('p', { class: 'figure-source' }, `${t('sourceLabel')}: ${source}`),
      ),
    );
  }
  return grid;
}

function chartCard(spec: ChartSpec): { card: HTMLElement; box: HTMLElement } {
  const box = el('div', { class: 'chart', 'data-testid': `chart-${spec.id}`, role: 'img', 'aria-label': spec.title });
  const xlsx = el('button', { type: 'button', class: 'button ghost small', 'data-testid': `chart-${spec.id}-xlsx` }, t('downloadXlsx'));
  const png = el('button', { type: 'button', class: 'button ghost small', 'data-testid': `chart-${spec.id}-png` }, t('downloadPng'));
  const file = `${spec.id}-${state.data?.coverage.regionCode ?? ''}-${state.data?.coverage.activeOn ?? ''}`;
  xlsx.addEventListener('click', () => void guard(() => downloadXlsx(spec.table, spec.title, `${file}.xlsx`)));
  png.addEventListener('click', () => void guard(async () => downloadPng(chartOf(box), `${file}.png`)));
  const card = el('section', { class: 'card chart-card' }, el('div', { class: 'chart-head' }, el('h3', {}, spec.title), el('div', { class: 'chart-buttons' }, xlsx, png)), box);
  return { card, box };
}

const charts = new Map<HTMLElement, ECharts>();
const chartOf = (box: HTMLElement) => charts.get(box) as ECharts;

async function guard(action: () => Promise<void>): Promise<void> {
  try {
    state.note = '';
    await action();
  } catch (err) {
    state.note = t('downloadFailed', { message: err instanceof Error ? err.message : String(err) });
  }
  const note = document.getElementById('dashboard-note');
  if (note) note.textContent = state.note;
}

function render(): void {
  const view = root();
  const by = el('select', { id: 'dashboard-by', 'data-testid': 'dashboard-by' }, el('option', { value: '' }, t('byNext')));
  const level = picker.value().code === state.region ? picker.value().level : state.data?.coverage.regionLevel;
  for (const l of LEVELS.slice(level ? LEVELS.indexOf(level) + 2 : LEVELS.length)) by.append(el('option', { value: l }, levelLabel(l)));
  by.value = state.by;
  by.addEventListener('change', () => {
    state.by = by.value as RegionLevel | '';
    void load();
  });
  const date = el('input', { type: 'date', id: 'dashboard-date', 'data-testid': 'dashboard-date', value: state.activeOn || (state.data?.coverage.activeOn ?? '') });
  date.addEventListener('change', () => {
    state.activeOn = date.value;
    void load();
  });
  const status = el('p', { class: 'status-line', 'data-testid': 'dashboard-status', role: 'status', 'data-state': state.loading ? 'loading' : state.error ? 'error' : state.data ? 'ready' : '', 'data-region': state.data?.coverage.regionCode ?? '' });
  if (state.loading) status.textContent = t('loadingData');
  else if (state.error) status.textContent = describe(state.error);
  else if (state.data) status.textContent = t('coverageAsOf', { county: state.data.coverage.regionName, date: state.data.coverage.activeOn });
  status.classList.toggle('error', !!state.error);
  const filters = el(
    'div',
    { class: 'filters' },
    el('label', { for: 'dashboard-by' }, t('byLabel')),
    by,
    el('label', { for: 'dashboard-date' }, t('activeOn')),
    date,
  );
  view.replaceChildren(el('div', { class: 'view-head' }, el('h2', {}, t('tabDashboard')), filters), picker.element, status, el('p', { class: 'muted', id: 'dashboard-note', role: 'status' }, state.note));
  for (const box of charts.keys()) disposeChart(box);
  charts.clear();
  if (!state.data) return;
  const chartGrid = el('div', { class: 'chart-grid' });
  const specs = specsOf(state.data);
  const drawn = specs.map((spec) => {
    const { card, box } = chartCard(spec);
    chartGrid.append(card);
    return { spec, box };
  });
  view.append(el('h3', { class: 'section-title' }, t('coverageHeading')), coverageTable(state.data.coverage), chartGrid, el('h3', { class: 'section-title' }, t('figuresHeading')), renderFigures(state.data));
  for (const { spec, box } of drawn) charts.set(box, drawChart(box, spec));
}

async function load(): Promise<void> {
  const mine = ++seq;
  writeHash();
  state.loading = true;
  state.error = null;
  render();
  try {
    const data = await request(ExplorerDashboardDocument, { region: state.region, by: state.by || null, activeOn: state.activeOn || null });
    if (mine !== seq) return;
    state.data = data;
  } catch (err) {
    if (mine !== seq) return;
    state.data = null;
    state.error = failureNow(err);
  }
  state.loading = false;
  render();
}

/** Keeps the region and `by` in the address while the dashboard is shown (the default region is left out). */
function writeHash(): void {
  if (document.body.dataset.view !== 'dashboard') return;
  const params = new URLSearchParams();
  if (state.region !== DEFAULT_REGION) params.set('region', state.region);
  if (state.by) params.set('by', state.by);
  const query = params.toString();
  if (!query && !location.hash) return;
  history.replaceState(null, '', `#dashboard${query ? `?${query}` : ''}`);
}

/** The picker chose a region: keeps `by` when it still lies below the region's level, and loads. */
function picked(region: PickedRegion): void {
  state.region = region.code;
  if (state.by && LEVELS.indexOf(state.by) <= LEVELS.indexOf(region.level)) state.by = '';
  shareRegion(region.code);
  void load();
}

const picker = regionPicker('dashboard', picked);

/** The dashboard view, for the router. */
export const dashboardView = {
  /** Shows the view with the address's region and `by` (else the region last chosen in either view); loads when they changed or the first time. */
  show(params: URLSearchParams): void {
    const region = fullRegionCode(params.get('region') ?? sharedRegion());
    const by = (LEVELS as string[]).includes(params.get('by') ?? '') ? (params.get('by') as RegionLevel) : region === state.region ? state.by : '';
    const changed = region !== state.region || by !== state.by;
    state.region = region;
    state.by = by;
    shareRegion(region);
    if (!started || changed) {
      started = true;
      void picker.set(region).then(() => render());
      void load();
    } else writeHash();
  },
  /** Draws the view again in the page's language. */
  texts(): void {
    if (!started) return;
    picker.texts();
    render();
  },
  /** Loads again with the new token. */
  tokenChanged(): void {
    if (!started) return;
    void picker.set(state.region);
    void load();
  },
};
