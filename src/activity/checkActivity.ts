import { idProblem } from '../domain/idRule';
import {
  ACTIVITY_FORM_LABELS,
  ACTIVITY_FORM_UNITS,
  ACTIVITY_FORMS,
  COUNTED_UNITS,
  isOneOf,
  MEASURE_UNIT_LABELS,
  MEASURE_UNITS,
  type ActivityFormValue,
  type MeasureUnitValue,
} from '../domain/vocabulary';
import { parseIsoDate } from '../graphql/DateScalar';
import { activityIdOf, sortMeasures } from './activityId';
import type { ActivityOwnerType, ActivityRecord, MeasureRecord } from './ActivityRecord';

/** One activity as a client or a roster row gives it (values unchecked: a roster row's cells arrive as text or numbers). */
export interface ActivityInputRow {
  id?: string | null;
  pairingId?: string | null;
  cooperationId?: string | null;
  date?: string | null;
  form?: string | null;
  measures?: readonly { value: unknown; unit: unknown }[] | null;
  participants?: string | null;
  note?: string | null;
  source?: string | null;
}

/** An activity whose fields passed the checks that need no database. */
export interface CheckedActivity extends Pick<ActivityRecord, 'id' | 'date' | 'form' | 'measures' | 'participants' | 'note' | 'source'> {
  /** Position of the row in its batch, from 0. */
  row: number;
  /** Whether the id was given (false: derived from the natural key). */
  idGiven: boolean;
  ownerType: ActivityOwnerType;
  ownerId: string;
}

/** What is wrong with one row: the field (`date`, `measures[1].unit`, …), its value and why, in English and Chinese. */
export interface ActivityProblem {
  row: number;
  field: string;
  value: unknown;
  message: string;
  messageZh: string;
}

/** Longest note and participants text accepted. */
export const MAX_NOTE_LENGTH = 2000;

const unitNames = (units: readonly MeasureUnitValue[]) => units.map((u) => `${u} (${MEASURE_UNIT_LABELS[u].zh})`).join(', ');

/** Returns the row's date checked (a calendar date, not after `today`), or null after adding a problem. */
function checkDate(row: number, value: unknown, today: string, problems: ActivityProblem[]): string | null {
  const problem = (message: string, messageZh: string) => problems.push({ row, field: 'date', value: value ?? '', message, messageZh });
  if (value === null || value === undefined || value === '') return (problem('is required', '必填'), null);
  let date: string;
  try {
    date = parseIsoDate(value);
  } catch {
    return (problem('must be a calendar date written YYYY-MM-DD', '须为 YYYY-MM-DD 形式的日期'), null);
  }
  if (date > today) return (problem(`lies in the future (today is ${today} in China)`, `晚于今天（${today}）`), null);
  return date;
}

/** Returns the row's measures checked against `form` (sorted by unit), or null after adding problems. */
function checkMeasures(row: number, form: ActivityFormValue | null, measures: ActivityInputRow['measures'], problems: ActivityProblem[]): MeasureRecord[] | null {
  const before = problems.length;
  const out: MeasureRecord[] = [];
  const seen = new Set<string>();
  (measures ?? []).forEach((m, i) => {
    const at = `measures[${i}]`;
    const unit = m.unit;
    if (!isOneOf(MEASURE_UNITS, unit)) {
      problems.push({ row, field: `${at}.unit`, value: unit ?? '', message: `unknown unit of measure (known: ${unitNames(MEASURE_UNITS)})`, messageZh: '计量单位不在词表中' });
    } else if (form && !ACTIVITY_FORM_UNITS[form].units.includes(unit)) {
      problems.push({
        row,
        field: `${at}.unit`,
        value: unit,
        message: `does not fit the form ${form} (${ACTIVITY_FORM_LABELS[form].zh}), which is measured in ${unitNames(ACTIVITY_FORM_UNITS[form].units)}`,
        messageZh: `${MEASURE_UNIT_LABELS[unit].zh}不适用于${ACTIVITY_FORM_LABELS[form].zh}`,
      });
    } else if (seen.has(unit)) {
      problems.push({ row, field: `${at}.unit`, value: unit, message: 'is given twice: one value per unit', messageZh: '同一计量单位重复' });
    }
    const value = typeof m.value === 'string' && m.value.trim() !== '' ? Number(m.value) : m.value;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      problems.push({ row, field: `${at}.value`, value: m.value ?? '', message: 'must be a finite number, zero or more', messageZh: '须为不小于 0 的数' });
    } else if (isOneOf(MEASURE_UNITS, unit) && COUNTED_UNITS.includes(unit) && !Number.isInteger(value)) {
      problems.push({ row, field: `${at}.value`, value, message: `must be a whole number for ${unit} (${MEASURE_UNIT_LABELS[unit].zh})`, messageZh: '须为整数' });
    } else if (isOneOf(MEASURE_UNITS, unit)) {
      seen.add(unit);
      out.push({ value, unit });
    }
  });
  if (form && ACTIVITY_FORM_UNITS[form].measureRequired && !(measures ?? []).length) {
    problems.push({
      row,
      field: 'measures',
      value: '',
      message: `needs at least one measure for the form ${form} (${ACTIVITY_FORM_LABELS[form].zh}), in ${unitNames(ACTIVITY_FORM_UNITS[form].units)}`,
      messageZh: `${ACTIVITY_FORM_LABELS[form].zh}须至少填写一项数量`,
    });
  }
  return problems.length > before ? null : sortMeasures(out);
}

/** Returns a text field trimmed (empty: null), or undefined after adding a problem when it is too long. */
function checkText(row: number, field: string, value: unknown, problems: ActivityProblem[]): string | null | undefined {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (text.length > MAX_NOTE_LENGTH) {
    problems.push({ row, field, value: text, message: `is too long (${text.length} characters, at most ${MAX_NOTE_LENGTH})`, messageZh: `过长（最多 ${MAX_NOTE_LENGTH} 个字符）` });
    return undefined;
  }
  return text === '' ? null : text;
}

/** Returns an id field checked, or undefined after adding a problem. */
function checkIdField(row: number, field: string, value: string, problems: ActivityProblem[]): string | undefined {
  const problem = idProblem(value);
  if (problem) {
    problems.push({ row, field, value, message: problem.en, messageZh: problem.zh });
    return undefined;
  }
  return value;
}

/**
 * Returns the row checked without the database: exactly one of pairingId and cooperationId, a calendar date
 * not after `today`, a known form, measures whose values are finite and non-negative (whole for counted units)
 * in units that fit the form, at least one when the form needs it, and the id (given, or made from the natural
 * key by {@link activityIdOf}); or null after adding each problem to `problems`. Never throws.
 */
export function checkActivity(row: number, input: ActivityInputRow, today: string, problems: ActivityProblem[]): CheckedActivity | null {
  const before = problems.length;
  const pairingId = input.pairingId ?? null;
  const cooperationId = input.cooperationId ?? null;
  let ownerType: ActivityOwnerType | null = null;
  let ownerId: string | undefined;
  if ((pairingId === null) === (cooperationId === null)) {
    const both = pairingId !== null;
    problems.push({
      row,
      field: 'pairingId',
      value: both ? `${pairingId}, ${cooperationId}` : '',
      message: both ? 'give pairingId or cooperationId, not both' : 'is required: the pairing the activity belongs to (or cooperationId for a county-wide one)',
      messageZh: both ? '结对编码与协作编码只能填一个' : '须填写结对编码（全县性活动填写协作编码）',
    });
  } else {
    ownerType = pairingId !== null ? 'Pairing' : 'Cooperation';
    ownerId = checkIdField(row, pairingId !== null ? 'pairingId' : 'cooperationId', (pairingId ?? cooperationId)!, problems);
  }
  const id = input.id === null || input.id === undefined ? null : checkIdField(row, 'id', input.id, problems);
  const date = checkDate(row, input.date, today, problems);
  const form = isOneOf(ACTIVITY_FORMS, input.form) ? input.form : null;
  if (!form) {
    problems.push({ row, field: 'form', value: input.form ?? '', message: `unknown form of activity (known: ${ACTIVITY_FORMS.join(', ')})`, messageZh: '帮扶形式不在词表中' });
  }
  const measures = checkMeasures(row, form, input.measures, problems);
  const participants = checkText(row, 'participants', input.participants, problems);
  const note = checkText(row, 'note', input.note, problems);
  const source = input.source === null || input.source === undefined ? null : checkIdField(row, 'source', input.source, problems);
  if (problems.length > before) return null;
  const key = { ownerId: ownerId!, date: date!, form: form!, measures: measures! };
  return {
    row,
    id: id ?? activityIdOf(key),
    idGiven: id !== null,
    ownerType: ownerType!,
    ...key,
    participants: participants!,
    note: note!,
    source: source!,
  };
}
