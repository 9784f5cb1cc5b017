import type { ManagedTransaction } from 'neo4j-driver';
import { checkActivity, type ActivityInputRow, type ActivityProblem, type CheckedActivity } from '../activity/checkActivity';
import type { ActivityRecord } from '../activity/ActivityRecord';
import { planActivities, storeActivities, type ActivityWritten } from '../activity/writeActivities';
import { ACTIVITY_FORM_LABELS, ACTIVITY_FORM_UNITS, ACTIVITY_FORMS, type ActivityFormValue } from '../domain/vocabulary';
import { MEASURE_FIELDS, type MeasureField } from './columns';
import type { ImportState } from './ImportState';
import type { RawRow, RowPlan } from './RowPlan';
import { duplicateReason, optional, required, type RowProblems } from './RowProblems';
import { reason, type ProblemCode } from './problems';
import { parseDate, parseId, parseText, type Parsed } from './values';
import type { WriteMeta } from './write';

/** An activities row's plan with what writing it needs. */
export interface ActivityWrite extends RowPlan {
  type: 'activity';
  written: ActivityWritten;
  /** The activity as stored before (null for a new one). */
  before: ActivityRecord | null;
}

/** Other ways office spreadsheets write a form, beside its Chinese label and its enum value. */
const FORM_ALIASES: Record<string, ActivityFormValue> = {
  调研: 'FIELD_VISIT',
  实地考察: 'FIELD_VISIT',
  视频对接: 'REMOTE_MEETING',
  电话对接: 'REMOTE_MEETING',
  微信对接: 'REMOTE_MEETING',
  劳务培训: 'TRAINING',
  劳务协作培训: 'TRAINING',
};

/** A form of activity: its enum value in any case, its Chinese label (视频/电话对接), or an alias of FORM_ALIASES. */
export function parseActivityForm(text: string): Parsed<ActivityFormValue> {
  const t = text.trim().replace(/\s+/g, '');
  const upper = t.toUpperCase();
  const form = ACTIVITY_FORMS.find((f) => f === upper || ACTIVITY_FORM_LABELS[f].zh === t) ?? FORM_ALIASES[t];
  if (form) return { ok: true, value: form };
  const names = ACTIVITY_FORMS.map((f) => ACTIVITY_FORM_LABELS[f].zh).join('、');
  return { ok: false, code: 'BAD_FORM', reason: reason(`应为 ${names} 之一`, `expected one of ${ACTIVITY_FORMS.join(', ')} (or ${names})`) };
}

/** A measure cell: a number zero or more (a number cell, or its digits with an optional fraction). */
function parseAmount(text: string, value: unknown): Parsed<number> {
  const n = typeof value === 'number' ? value : /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (Number.isFinite(n) && n >= 0) return { ok: true, value: n };
  return { ok: false, code: 'BAD_AMOUNT', reason: reason('应为不小于 0 的数字（不带单位和千分位逗号）', 'expected a number, zero or more (no unit, no thousands separator)') };
}

/** The code of a problem that the ledger's checks found with a roster row, by its field. */
function codeOf(p: ActivityProblem): ProblemCode {
  if (p.field === 'pairingId' || p.field === 'cooperationId') return p.value === '' || String(p.value).includes(', ') ? 'REQUIRED' : 'UNKNOWN_PAIRING';
  if (p.field === 'date') return 'BAD_DATE';
  if (p.field === 'form') return 'BAD_FORM';
  if (p.field === 'measures') return 'MISSING_MEASURE';
  if (p.field.endsWith('.unit')) return 'UNIT_NOT_FOR_FORM';
  if (p.field.endsWith('.value')) return 'BAD_AMOUNT';
  if (p.field === 'id') return 'ID_IN_USE';
  return 'BAD_TEXT';
}

/** A row parsed: its input for the ledger's checks, and the roster field of each of its measures. */
interface ParsedActivity {
  input: ActivityInputRow;
  measureFields: MeasureField[];
}

/** Parses the cells of an activities row: one measure per filled measure column (万元, 人次, 人, 期, 个). Returns null when a cell is wrong. */
function parseActivityRow(raw: RawRow, problems: RowProblems): ParsedActivity | null {
  const before = problems.list.length;
  const keep = <T>(v: T | null | undefined | false): T | null => (v === false || v === undefined ? null : v);
  const id = keep(optional(raw, 'id', problems, parseId));
  const pairingId = keep(optional(raw, 'pairingId', problems, parseId));
  const cooperationId = keep(optional(raw, 'cooperationId', problems, parseId));
  const date = required(raw, 'date', problems, (t, v) => parseDate(v, t));
  const form = required(raw, 'form', problems, parseActivityForm);
  const measureFields: MeasureField[] = [];
  const measures: { value: number; unit: string }[] = [];
  for (const field of Object.keys(MEASURE_FIELDS) as MeasureField[]) {
    const value = optional(raw, field, problems, parseAmount);
    if (value === null || value === undefined || value === false) continue;
    measureFields.push(field);
    measures.push({ value, unit: MEASURE_FIELDS[field] });
  }
  const participants = keep(optional(raw, 'participants', problems, parseText));
  const note = keep(optional(raw, 'note', problems, parseText));
  if (problems.list.length > before) return null;
  return { input: { id, pairingId, cooperationId, date, form, measures, participants, note }, measureFields };
}

/** Returns the roster field of a ledger problem's field (`measures[1].value` → that measure's column). */
function rosterField(p: ActivityProblem, parsed: ParsedActivity): string {
  const m = /^measures\[(\d+)\]/.exec(p.field);
  if (m) return parsed.measureFields[Number(m[1])] ?? 'form';
  if (p.field === 'measures') {
    const form = parsed.input.form as ActivityFormValue;
    const unit = ACTIVITY_FORM_UNITS[form]?.units[0];
    return (Object.keys(MEASURE_FIELDS) as MeasureField[]).find((f) => MEASURE_FIELDS[f] === unit) ?? 'form';
  }
  return p.field;
}

/**
 * Plans a batch of activities rows in `tx`: parses each row's cells, runs the ledger's checks (checkActivity:
 * one owner, a date not after today, a known form, measures that fit it; then planActivities against the graph:
 * the pairing or cooperation exists and the date lies within it), and reports each problem at its row and
 * column. A row without an id gets the natural-key id, so that importing a file again finds its activities
 * (UNCHANGED). Returns the plans of the valid rows; problems go to `problemsOf(raw)`. Throws only on database errors.
 */
export async function planActivityRows(
  tx: ManagedTransaction,
  file: string,
  rows: readonly RawRow[],
  problemsOf: (raw: RawRow) => RowProblems,
  state: ImportState,
  today: string,
): Promise<ActivityWrite[]> {
  const parsed: (ParsedActivity | null)[] = [];
  const checked: CheckedActivity[] = [];
  const ledger: ActivityProblem[] = [];
  rows.forEach((raw, i) => {
    const p = parseActivityRow(raw, problemsOf(raw));
    parsed.push(p);
    if (!p) return;
    const before = ledger.length;
    const a = checkActivity(i, p.input, today, ledger);
    if (!a || ledger.length > before) return;
    const dup = state.firstSeen('activities', a.id, file, raw.row);
    if (dup) {
      const why = a.idGiven ? duplicateReason(dup, file) : reason(`与第 ${dup.row} 行是同一活动（结对、日期、形式和数量相同）；如是另一次活动请填写活动编号`, `the same activity as row ${dup.row} (same pairing, date, form and measures); give it an id if it is another act`);
      problemsOf(raw).add('id', 'DUPLICATE_ID', why, a.id);
      return;
    }
    checked.push(a);
  });
  const plan = await planActivities(tx, checked, { provenance: 'IMPORTED', source: null, keepSource: true }, false, ledger);
  if (!plan.ok) {
    for (const p of plan.problems) {
      const raw = rows[p.row];
      const field = rosterField(p, parsed[p.row]!);
      // A measure's problem quotes its cell (the unit is the column).
      problemsOf(raw).add(field, codeOf(p), reason(p.messageZh, p.message), Object.hasOwn(MEASURE_FIELDS, field) ? undefined : p.value);
    }
    return [];
  }
  return plan.written.map((w, i) => {
    const raw = rows[checked[i].row];
    const action = w.action === 'CREATE' ? 'create' : w.action === 'UPDATE' ? 'update' : 'unchanged';
    return { roster: 'activities', file, row: raw.row, id: w.activity.id, action, changes: w.changedFields, type: 'activity', written: w, before: plan.existing.get(w.activity.id) ?? null };
  });
}

/** Writes the activities rows that create or change something, inside `tx`, with the import's Source on the rows that name none. */
export async function writeActivityRows(tx: ManagedTransaction, plans: readonly ActivityWrite[], meta: WriteMeta): Promise<void> {
  const written = plans.map((p) => ({ ...p.written, activity: { ...p.written.activity, source: p.written.activity.source ?? meta.sourceId } }));
  const existing = new Map(plans.filter((p) => p.before).map((p) => [p.id, p.before!]));
  await storeActivities(tx, written, existing, { actor: meta.importedBy, role: meta.role, operation: meta.operation, at: meta.importedAt, provenance: 'IMPORTED', source: meta.sourceId });
}
