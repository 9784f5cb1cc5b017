import { columnsOf, type RosterKind } from './columns';
import type { RosterLang } from './exportRoster';
import type { RowPlan } from './RowPlan';
import type { RosterProblem } from './problems';
import type { SheetWriter } from './sheetWriters';

/** A report as rows of text: what `pairing-graph import --report` and `POST /rosters/import?report=csv` write. */
export interface RosterReport {
  headers: string[];
  rows: string[][];
}

/** The name of each row action in both languages (新建 / create, …). */
export const ACTION_LABEL: Record<RowPlan['action'], { zh: string; en: string }> = {
  create: { zh: '新建', en: 'create' },
  update: { zh: '更新', en: 'update' },
  unchanged: { zh: '未变', en: 'unchanged' },
};

/** Returns the header of a roster field in `lang` (单位名称 / name); the field itself when the kind has no such column. */
export function fieldLabel(kind: RosterKind | null, field: string, lang: RosterLang): string {
  if (field === 'replaces' && kind === 'units') return lang === 'zh' ? '替换占位单位' : 'replaces';
  const c = kind ? columnsOf(kind).find((col) => col.field === field) : undefined;
  return c ? c[lang] : field;
}

/** Returns the problems as a report: file, row, column, value and the reason in `lang`, in the order given. */
export function problemReport(problems: readonly RosterProblem[], lang: RosterLang): RosterReport {
  const zh = lang === 'zh';
  return {
    headers: zh ? ['文件', '行', '列', '值', '问题'] : ['File', 'Row', 'Column', 'Value', 'Problem'],
    rows: problems.map((p) => [p.file, p.row ? String(p.row) : '', p.column ?? '', p.value, p.reason[lang]]),
  };
}

/** Returns the headers of a plan report (one line per valid row): file, row, id, action, changed columns, placeholder replaced. */
export function planReportHeaders(lang: RosterLang): string[] {
  return lang === 'zh' ? ['文件', '行', '编码', '操作', '变更', '替换占位单位'] : ['file', 'row', 'id', 'action', 'changes', 'replaces'];
}

/** Returns the line of a plan report for one row's plan, its changed fields named as the columns in `lang`. */
export function planReportRow(plan: RowPlan, lang: RosterLang): string[] {
  const changes = plan.changes.map((f) => fieldLabel(plan.roster, f, lang)).join(lang === 'zh' ? '、' : ', ');
  return [plan.file, String(plan.row), plan.id, ACTION_LABEL[plan.action][lang], changes, plan.replaces ?? ''];
}

/** Writes `report` (its headers, then its rows) to `writer` and ends it; rejects when the writer fails. */
export async function writeReport(writer: SheetWriter, report: RosterReport): Promise<void> {
  await writer.row(report.headers);
  for (const r of report.rows) await writer.row(r);
  await writer.end();
}
