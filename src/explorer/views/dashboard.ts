// 概览 (dashboard): the report's headline figures as cards with their source; the coverage of a county per
// township (villages paired and unpaired, demonstration villages paired and unpaired) and per kind of pairing,
// and the pairings started and ended per year, as bar charts whose data download as .xlsx and picture as PNG.
import type { ECharts } from 'echarts/core';
import { ExplorerCountiesDocument, ExplorerDashboardDocument, type ExplorerDashboardQuery } from '../../generated/operations';
import { describe, failureNow, request } from '../api';
import { disposeChart, drawChart, downloadPng, downloadXlsx, type ChartSpec } from '../charts';
import { $, el } from '../dom';
import { PAIRING_KIND, getLang, t } from '../i18n';
import type { Failure } from '../token';

const DEFAULT_COUNTY = '150921000000';
const PAIRED = '#15803d';
const UNPAIRED = '#dc2626';
const DEMO_PAIRED = '#0e7490';
const DEMO_UNPAIRED = '#f97316';

const state = {
  county: DEFAULT_COUNTY,
  activeOn: '',
  counties: [] as { id: string; name: string }[],
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
      id: 'townships',
      title: t('chartTownships', { county: c.countyName }),
      table: { columns: [t('colTownship'), t('colPaired'), t('colUnpaired')], rows: c.townships.map((tw) => [tw.name, tw.paired, tw.unpaired]) },
      series: [
        { column: 1, colour: PAIRED, stack: 'v' },
        { column: 2, colour: UNPAIRED, stack: 'v' },
      ],
    },
    {
      id: 'demonstration',
      title: t('chartDemonstration', { county: c.countyName }),
      table: {
        columns: [t('colTownship'), t('colDemoPaired'), t('colDemoUnpaired')],
        rows: c.townships.map((tw) => [tw.name, tw.demonstrationPaired, tw.demonstrationUnpaired]),
      },
      series: [
        { column: 1, colour: DEMO_PAIRED, stack: 'd' },
        { column: 2, colour: DEMO_UNPAIRED, stack: 'd' },
      ],
    },
    {
      id: 'kinds',
      title: t('chartKinds', { county: c.countyName }),
      table: { columns: [t('colKind'), t('colPairedUnits'), t('colUnpairedUnits')], rows: c.kinds.map((k) => [PAIRING_KIND[k.kind][lang], k.paired, k.unpaired]) },
      series: [
        { column: 1, colour: PAIRED, stack: 'k' },
        { column: 2, colour: UNPAIRED, stack: 'k' },
      ],
      horizontal: true,
    },
    {
      id: 'timeline',
      title: t('chartTimeline', { county: c.countyName }),
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
  const file = `${spec.id}-${state.data?.coverage.countyCode ?? ''}-${state.data?.coverage.activeOn ?? ''}`;
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
  const countySelect = el('select', { id: 'dashboard-county', 'data-testid': 'dashboard-county' });
  const known = state.counties.length ? state.counties : [{ id: state.county, name: state.data?.coverage.countyName ?? state.county }];
  for (const c of known) countySelect.append(el('option', { value: c.id }, c.name));
  countySelect.value = state.county;
  countySelect.addEventListener('change', () => {
    state.county = countySelect.value;
    void load();
  });
  const date = el('input', { type: 'date', id: 'dashboard-date', 'data-testid': 'dashboard-date', value: state.activeOn || (state.data?.coverage.activeOn ?? '') });
  date.addEventListener('change', () => {
    state.activeOn = date.value;
    void load();
  });
  const status = el('p', { class: 'status-line', 'data-testid': 'dashboard-status', role: 'status', 'data-state': state.loading ? 'loading' : state.error ? 'error' : state.data ? 'ready' : '' });
  if (state.loading) status.textContent = t('loadingData');
  else if (state.error) status.textContent = describe(state.error);
  else if (state.data) status.textContent = t('coverageAsOf', { county: state.data.coverage.countyName, date: state.data.coverage.activeOn });
  status.classList.toggle('error', !!state.error);
  const filters = el(
    'div',
    { class: 'filters' },
    el('label', { for: 'dashboard-county' }, t('county')),
    countySelect,
    el('label', { for: 'dashboard-date' }, t('activeOn')),
    date,
  );
  view.replaceChildren(el('div', { class: 'view-head' }, el('h2', {}, t('tabDashboard')), filters), status, el('p', { class: 'muted', id: 'dashboard-note', role: 'status' }, state.note));
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
  view.append(el('h3', { class: 'section-title' }, t('coverageHeading')), chartGrid, el('h3', { class: 'section-title' }, t('figuresHeading')), renderFigures(state.data));
  for (const { spec, box } of drawn) charts.set(box, drawChart(box, spec));
}

async function load(): Promise<void> {
  const mine = ++seq;
  state.loading = true;
  state.error = null;
  render();
  try {
    const data = await request(ExplorerDashboardDocument, { county: state.county, activeOn: state.activeOn || null });
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

async function loadCounties(): Promise<void> {
  try {
    const data = await request(ExplorerCountiesDocument, {});
    state.counties = data.units.edges.map((e) => ({ id: e.node.id, name: e.node.name }));
  } catch {
    state.counties = [];
  }
  if (!state.loading) render();
}

/** The dashboard view, for the router. */
export const dashboardView = {
  /** Shows the view; loads it the first time. */
  show(): void {
    if (started) return;
    started = true;
    void loadCounties();
    void load();
  },
  /** Draws the view again in the page's language. */
  texts(): void {
    if (started) render();
  },
  /** Loads again with the new token. */
  tokenChanged(): void {
    if (!started) return;
    void loadCounties();
    void load();
  },
};
