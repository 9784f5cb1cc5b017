import { regionChain, type CooperationEntry, type CooperationIndex } from '../cooperation/CooperationIndex';
import type { Lookup } from './lookup';
import type { ImportState } from './ImportState';
import type { ChangeValues, RawRow, RowPlan } from './RowPlan';
import { duplicateReason, optional, required, type RowProblems } from './RowProblems';
import { reason } from './problems';
import { parseId, parseName, parseRegionCode, parseText, type CellValue, type Parsed } from './values';

/** The kinds of cooperation (协作类型), with their Chinese names. */
export const COOPERATION_KINDS: Record<string, string> = {
  EAST_WEST_COOPERATION: '东西部协作',
  PAIRED_ASSISTANCE: '对口帮扶',
  COUNTERPART_SUPPORT: '对口支援',
  PAIRING_ASSISTANCE: '结对帮扶',
  FLOOD_RECOVERY_PAIRING: '灾后结对帮扶',
};

/** A cooperation row, parsed. `undefined`: the file has no such column; `null`: the cell is empty. */
export interface CooperationValues {
  id: string;
  name: string;
  supportingRegion: string;
  supportedRegion: string;
  sinceYear?: number | null;
  kind?: string | null;
  note?: string | null;
}

/** A cooperation row's plan with what writing it needs. */
export interface CooperationWrite extends RowPlan {
  audit: ChangeValues;
  type: 'cooperation';
  values: CooperationValues;
}

/** Returns the id a cooperation row without one gets: made of the two codes, so the same pair always gets the same id. */
export function cooperationIdOf(supportingRegion: string, supportedRegion: string): string {
  return `cooperation-${supportingRegion}-${supportedRegion}`;
}

/** A year from 1949 to next year (a number cell, or its digits). */
function parseYear(text: string, value: CellValue): Parsed<number> {
  const year = typeof value === 'number' ? value : /^\d{4}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  const last = new Date().getUTCFullYear() + 1;
  if (Number.isInteger(year) && year >= 1949 && year <= last) return { ok: true, value: year };
  return { ok: false, code: 'BAD_YEAR', reason: reason(`应为 1949 至 ${last} 年之间的四位年份`, `expected a four-digit year from 1949 to ${last}`) };
}

/** A kind of cooperation: its code or its Chinese name. */
function parseCooperationKind(text: string): Parsed<string> {
  const t = text.trim();
  const code = Object.hasOwn(COOPERATION_KINDS, t.toUpperCase()) ? t.toUpperCase() : Object.keys(COOPERATION_KINDS).find((k) => COOPERATION_KINDS[k] === t);
  if (code) return { ok: true, value: code };
  const names = Object.values(COOPERATION_KINDS).join('、');
  return { ok: false, code: 'BAD_COOPERATION_KIND', reason: reason(`应为 ${names} 之一`, `expected one of ${Object.keys(COOPERATION_KINDS).join(', ')} (or ${names})`) };
}

/** Parses the cells of a cooperation row; an empty id is made of the two codes. Returns the values when the required cells are right. */
export function parseCooperationRow(raw: RawRow, file: string, problems: RowProblems, state: ImportState): { values: CooperationValues | undefined; bad: boolean } {
  const before = problems.list.length;
  const givenId = optional(raw, 'id', problems, parseId);
  const name = required(raw, 'name', problems, parseName);
  const supportingRegion = required(raw, 'supportingRegion', problems, parseRegionCode);
  const supportedRegion = required(raw, 'supportedRegion', problems, parseRegionCode);
  const sinceYear = optional(raw, 'sinceYear', problems, (t, v) => parseYear(t, v));
  const kind = optional(raw, 'kind', problems, parseCooperationKind);
  const note = optional(raw, 'note', problems, parseText);
  let id: string | undefined;
  if (givenId) id = givenId;
  else if (givenId !== false && supportingRegion && supportedRegion) id = cooperationIdOf(supportingRegion, supportedRegion);
  if (id) {
    const dup = state.firstSeen('cooperations', id, file, raw.row);
    if (dup) problems.add('id', 'DUPLICATE_ID', duplicateReason(dup, file), id);
  }
  const bad = problems.list.length > before;
  if (!id || name === undefined || !supportingRegion || !supportedRegion) return { values: undefined, bad };
  const keep = <T>(v: T | false): T | undefined => (v === false ? undefined : v);
  return { values: { id, name, supportingRegion, supportedRegion, sinceYear: keep(sinceYear), kind: keep(kind), note: keep(note) }, bad };
}

/**
 * Plans one cooperation row: both regions exist (any level), differ, and neither lies in the other; an
 * existing cooperation (same id) keeps its two regions; no other cooperation joins the same two regions.
 * A valid row is added to `cooperations`, so that the pairings of the same import may lie in it. Records
 * problems; returns the plan, or null.
 */
export function planCooperation(values: CooperationValues, file: string, raw: RawRow, problems: RowProblems, look: (id: string) => Lookup, cooperations: CooperationIndex): CooperationWrite | null {
  const before = problems.list.length;
  const { id, supportingRegion: a, supportedRegion: b } = values;
  const node = look(id).node;
  if (node && !node.labels.includes('Cooperation')) {
    problems.add('id', 'ID_IN_USE', reason(`编码已被其他记录（${node.labels.filter((l) => l !== 'Node').join('、')}）使用`, `the id belongs to another record (${node.labels.filter((l) => l !== 'Node').join(', ')})`), id);
  }
  const region = (field: 'supportingRegion' | 'supportedRegion', code: string) => {
    const r = look(code).node;
    if (!r?.labels.includes('Region')) problems.add(field, 'UNKNOWN_REGION', reason('区划库中没有这个代码', 'no division has this code'));
    return r?.labels.includes('Region') ? { code, name: r.name ?? '' } : null;
  };
  const supporting = region('supportingRegion', a);
  const supported = region('supportedRegion', b);
  if (a === b) problems.add('supportedRegion', 'SAME_REGION', reason('支援方和受援方是同一个地区', 'the supporting and the supported region are the same'));
  else if (regionChain(a).includes(b) || regionChain(b).includes(a)) {
    problems.add('supportedRegion', 'NESTED_REGIONS', reason('一方地区位于另一方地区之内：协作的两方互不包含', 'one region lies within the other: the two sides of a cooperation may not nest'));
  }
  const stored: CooperationEntry | undefined = cooperations.get(id);
  if (stored && (stored.supporting.code !== a || stored.supported.code !== b)) {
    problems.add('supportingRegion', 'REGIONS_CHANGED', reason(
      `已有协作的两方不能改变（现为 ${stored.supporting.code} 支援 ${stored.supported.code}）；请新建一个协作`,
      `an existing cooperation's regions cannot change (it has ${stored.supporting.code} supporting ${stored.supported.code}); create another cooperation`,
    ));
  }
  const twin = cooperations.all().find((c) => c.id !== id && c.supporting.code === a && c.supported.code === b);
  if (twin) problems.add('id', 'COOPERATION_EXISTS', reason(`协作 ${twin.id} 已连接这两个地区`, `cooperation ${twin.id} joins these two regions already`), id);
  if (problems.list.length > before || !supporting || !supported) return null;

  cooperations.add({ id, name: values.name, supporting, supported, kind: values.kind ?? stored?.kind ?? null, sinceYear: values.sinceYear ?? stored?.sinceYear ?? null, note: values.note ?? stored?.note ?? null });
  const base = { roster: 'cooperations' as const, file, row: raw.row, id, type: 'cooperation' as const, values };
  if (!stored) {
    const stated = (['sinceYear', 'kind', 'note'] as const).filter((f) => values[f] != null);
    const changes = ['name', 'supportingRegion', 'supportedRegion', ...stated];
    const after = Object.fromEntries(changes.map((f) => [f, values[f as keyof CooperationValues] ?? null]));
    return { ...base, action: 'create', changes, audit: { before: null, after } };
  }
  const changes: string[] = [];
  if (stored.name !== values.name) changes.push('name');
  for (const f of ['sinceYear', 'kind', 'note'] as const) if (values[f] !== undefined && (stored[f] ?? null) !== (values[f] ?? null)) changes.push(f);
  const pick = (from: Record<string, unknown>) => Object.fromEntries(changes.map((f) => [f, from[f] ?? null]));
  return { ...base, action: changes.length ? 'update' : 'unchanged', changes, audit: { before: pick({ ...stored }), after: pick({ ...values }) } };
}
