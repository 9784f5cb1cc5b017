// The dashboard's charts: Apache ECharts (only the bar chart, its grid, legend, tooltip, dataset and the canvas
// renderer are bundled), each drawn from a table that is also what its .xlsx download holds. The .xlsx is
// written by ExcelJS's browser build, served from /explorer/vendor/ and loaded only when a file is asked for;
// the PNG is the chart's own picture (getDataURL). Every chart is reachable as window.pairingGraphCharts[id].
import { BarChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { saveBlob } from './dom';

echarts.use([BarChart, DatasetComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** A chart's data: a header and rows; the first column names the bars, the others are numbers. */
export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

/** A bar chart of a table: which columns are drawn, in which colour, stacked or not. */
export interface ChartSpec {
  id: string;
  title: string;
  table: ChartTable;
  series: { column: number; colour: string; stack?: string }[];
  /** Bars run left to right, names down the side (long names). */
  horizontal?: boolean;
}

declare global {
  interface Window {
    pairingGraphCharts?: Record<string, echarts.ECharts>;
  }
}

const FONT = 'system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

/** Returns the ECharts option of a spec (no animation: the chart is final as soon as it is drawn). */
function optionOf(spec: ChartSpec, narrow: boolean): echarts.EChartsCoreOption {
  const names = { type: 'category' as const, axisLabel: { interval: 0, fontSize: 13, rotate: !spec.horizontal && narrow ? 40 : 0, color: '#111827' } };
  const values = { type: 'value' as const, minInterval: 1, axisLabel: { fontSize: 12, color: '#374151' } };
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    color: spec.series.map((s) => s.colour),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, textStyle: { fontSize: 13 } },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    dataset: { source: [spec.table.columns, ...spec.table.rows] },
    xAxis: spec.horizontal ? values : names,
    yAxis: spec.horizontal ? { ...names, inverse: true } : values,
    series: spec.series.map((s) => ({
      type: 'bar',
      name: spec.table.columns[s.column],
      stack: s.stack,
      barMaxWidth: 42,
      encode: spec.horizontal ? { y: 0, x: s.column } : { x: 0, y: s.column },
      label: { show: true, position: s.stack ? 'inside' : spec.horizontal ? 'right' : 'top', fontSize: 12, formatter: (p: { value: unknown[] }) => String(p.value[s.column] || '') },
    })),
  };
}

const observed = new WeakMap<HTMLElement, ResizeObserver>();

/** Draws (or redraws) `spec` into `container`; returns the ECharts instance, also kept in window.pairingGraphCharts. */
export function drawChart(container: HTMLElement, spec: ChartSpec): echarts.ECharts {
  const chart = echarts.getInstanceByDom(container) ?? echarts.init(container, undefined, { renderer: 'canvas' });
  chart.setOption(optionOf(spec, container.clientWidth < 520), { notMerge: true });
  if (!observed.has(container)) {
    const observer = new ResizeObserver(() => {
      chart.resize();
      chart.setOption(optionOf(spec, container.clientWidth < 520), { notMerge: true });
    });
    observer.observe(container);
    observed.set(container, observer);
  }
  (window.pairingGraphCharts ??= {})[spec.id] = chart;
  return chart;
}

/** Stops drawing into `container` (its chart and size watcher are released); returns nothing. */
export function disposeChart(container: HTMLElement): void {
  observed.get(container)?.disconnect();
  observed.delete(container);
  echarts.getInstanceByDom(container)?.dispose();
}

/** Saves the chart's picture as `file` (PNG, twice the screen's resolution, white background); returns nothing. */
export async function downloadPng(chart: echarts.ECharts, file: string): Promise<void> {
  const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
  saveBlob(await (await fetch(url)).blob(), file);
}

/** The part of ExcelJS's browser build the page uses. */
interface ExcelJSGlobal {
  Workbook: new () => {
    creator: string;
    addWorksheet(name: string): { addRow(values: (string | number)[]): { font: object }; columns: { width: number }[] };
    xlsx: { writeBuffer(): Promise<ArrayBuffer> };
  };
}

let excel: Promise<ExcelJSGlobal> | null = null;

/** Loads ExcelJS's browser build from this server once; rejects when it cannot be loaded. */
function loadExcel(): Promise<ExcelJSGlobal> {
  excel ??= new Promise<ExcelJSGlobal>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/explorer/vendor/exceljs.min.js';
    script.onload = () => resolve((window as unknown as { ExcelJS: ExcelJSGlobal }).ExcelJS);
    script.onerror = () => {
      excel = null;
      reject(new Error('/explorer/vendor/exceljs.min.js could not be loaded'));
    };
    document.head.append(script);
  });
  return excel;
}

/** Saves `table` as an .xlsx file with one sheet named after `title` (header in bold); rejects when ExcelJS cannot load. */
export async function downloadXlsx(table: ChartTable, title: string, file: string): Promise<void> {
  const { Workbook } = await loadExcel();
  const book = new Workbook();
  book.creator = 'Pairing Graph';
  const sheet = book.addWorksheet(title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'data');
  sheet.addRow(table.columns).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  sheet.columns = table.columns.map((c, i) => ({ width: Math.max(10, ...[c, ...table.rows.map((r) => r[i])].map((v) => String(v).length * 2 + 2)) }));
  const buffer = await book.xlsx.writeBuffer();
  saveBlob(new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), file);
}
