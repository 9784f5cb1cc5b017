import { PAIRING_KINDS, type PairingKindValue, type SectorValue, type SideValue, type UnitKindValue } from '../domain/vocabulary';
import { PAIRING_KIND_ENDS } from '../planner/plannerRecords';
import { PAIRING_KIND_LABELS } from '../cli/labels';
import { checkCooperation } from './checkCooperation';
import type { ImportState, PendingUnit } from './ImportState';
import type { Lookup } from './lookup';
import { reason } from './problems';
import { pick, type PairingRefs, type PairingValues, type PairingWrite, type ParsedRow, type RawRow } from './RowPlan';
import { optional, parseRowId, required, type RowProblems } from './RowProblems';
import { zhKind } from './planUnit';
import { DEFAULT_SECTOR, parseDate, parseId, parseName, parsePairingKind, parseSector, parseText } from './values';

/** The Chinese name of a pairing kind, for reasons in Chinese. */
const zhPairingKind = (kind: string): string => PAIRING_KIND_LABELS[kind as PairingKindValue]?.zh ?? kind;

/** Parses the cells of a pairing row; records problems; returns the values when the required cells are right, and whether any cell is wrong. */
export function parsePairingRow(raw: RawRow, file: string, problems: RowProblems, state: ImportState): ParsedRow<PairingValues> {
  const before = problems.list.length;
  const id = parseRowId(raw, problems, state, 'pairings', file);
  const supporting = required(raw, 'supporting', problems, parseId);
  const supported = required(raw, 'supported', problems, parseId);
  const kind = optional(raw, 'kind', problems, parsePairingKind);
  const sector = optional(raw, 'sector', problems, parseSector);
  const since = optional(raw, 'since', problems, (t, v) => parseDate(v, t));
  let until = optional(raw, 'until', problems, (t, v) => parseDate(v, t));
  const agreement = optional(raw, 'agreement', problems, parseName);
  const note = optional(raw, 'note', problems, parseText);
  if (since && until && until < since) {
    problems.add('until', 'UNTIL_BEFORE_SINCE', reason(`结束日期早于开始日期（${since}）`, `the end date is before the start date (${since})`));
    until = false;
  }
  const bad = problems.list.length > before;
  if (id === undefined || supporting === undefined || supported === undefined) return { values: undefined, bad };
  const keep = <T>(v: T | false): T | undefined => (v === false ? undefined : v);
  return {
    values: { id, supporting, supported, kind: keep(kind), sector: keep(sector), since: keep(since), until: keep(until), agreement: keep(agreement), note: keep(note) },
    bad,
  };
}

/** Returns the kind of pairing a supporting unit of `kind` makes, or null (each supporting kind makes one kind). */
function pairingKindOf(kind: string): PairingKindValue | null {
  return PAIRING_KINDS.find((k) => (PAIRING_KIND_ENDS[k].supporting as string[]).includes(kind)) ?? null;
}

/** Plans one pairing row; records problems; returns the plan of a valid row, or null. */
export function planPairing(
  values: PairingValues,
  file: string,
  raw: RawRow,
  problems: RowProblems,
  look: (id: string) => Lookup,
  state: ImportState,
  refs: PairingRefs,
): PairingWrite | null {
  const { agreements } = refs;
  const before = problems.list.length;
  const { id } = values;
  const found = look(id);
  const existing = found.node;
  if (existing && !existing.labels.includes('Pairing')) {
    problems.add('id', 'ID_IN_USE', reason(`编码已被其他记录（${existing.labels.filter((l) => l !== 'Node').join('、')}）使用`, `the id belongs to another record (${existing.labels.filter((l) => l !== 'Node').join(', ')})`));
  }

  const unit = (field: 'supporting' | 'supported', unitId: string): PendingUnit | null => {
    const replaced = state.replacing.get(unitId);
    if (replaced && replaced.id !== unitId) {
      problems.add(field, 'UNIT_REPLACED', reason(`该占位单位在本次导入中被 ${replaced.id} 替换，请改用 ${replaced.id}`, `this placeholder is replaced by ${replaced.id} in this import; use ${replaced.id}`));
      return null;
    }
    const pending = state.pendingUnit(unitId);
    if (pending) return pending;
    const l = look(unitId);
    if (l.node?.labels.includes('Unit')) {
      const region = l.node.labels.includes('Region') ? l.node.id : l.node.region;
      return { kind: l.node.kind as UnitKindValue, side: l.node.side as SideValue | null, region };
    }
    if (l.replacedBy) problems.add(field, 'UNIT_REPLACED', reason(`该占位单位已被 ${l.replacedBy} 替换，请改用 ${l.replacedBy}`, `this placeholder was replaced by ${l.replacedBy}; use ${l.replacedBy}`));
    else problems.add(field, 'UNKNOWN_UNIT', reason('没有这个编码的单位（数据库和本次导入的单位名册中都没有）', 'no unit has this id (in the database or the units rosters of this import)'));
    return null;
  };
  const supporting = unit('supporting', values.supporting);
  const supported = unit('supported', values.supported);
  let cooperationId: string | null = null;
  if (values.supporting === values.supported) {
    problems.add('supported', 'SAME_UNIT', reason('支援方和受援方是同一个单位', 'the supporting and the supported unit are the same'));
  } else if (supporting && supported) {
    // The rule: both ends lie in one cooperation, the supporter in its supporting region, the other in its supported region.
    cooperationId = checkCooperation({ id: values.supporting, region: supporting.region }, { id: values.supported, region: supported.region }, refs.cooperations, refs.nameOf, problems);
  }

  let kind: PairingKindValue | null = values.kind ?? null;
  if (!kind && supporting) {
    kind = pairingKindOf(supporting.kind);
    if (!kind) problems.add('supporting', 'KIND_MISMATCH', reason(`${zhKind(supporting.kind)}类单位不能作为支援方结对`, `a unit of kind ${supporting.kind} cannot support a pairing`));
  }
  if (kind) {
    const ends = PAIRING_KIND_ENDS[kind];
    if (supporting && !(ends.supporting as string[]).includes(supporting.kind)) {
      problems.add('supporting', 'KIND_MISMATCH', reason(`${zhPairingKind(kind)}结对的支援方应为${ends.supporting.map(zhKind).join('、')}，该单位是${zhKind(supporting.kind)}`, `the supporting unit of a ${kind} pairing is one of ${ends.supporting.join(', ')}; this one is ${supporting.kind}`));
    }
    if (supported && !(ends.supported as string[]).includes(supported.kind)) {
      problems.add('supported', 'KIND_MISMATCH', reason(`${zhPairingKind(kind)}结对的受援方应为${ends.supported.map(zhKind).join('、')}，该单位是${zhKind(supported.kind)}`, `the supported unit of a ${kind} pairing is one of ${ends.supported.join(', ')}; this one is ${supported.kind}`));
    }
  }

  let agreementId: string | null = null;
  if (values.agreement) {
    if (agreements.byId.has(values.agreement)) agreementId = values.agreement;
    else {
      const named = agreements.byName.get(values.agreement) ?? [];
      if (named.length === 1) agreementId = named[0];
      else problems.add('agreement', 'UNKNOWN_AGREEMENT', reason('没有这个编码或名称的协议', 'no agreement has this id or name'));
    }
  }

  if (existing?.labels.includes('Pairing')) {
    if (existing.supporting !== values.supporting) {
      problems.add('supporting', 'UNITS_CHANGED', reason(`已有结对的双方不能改变（现支援方为 ${existing.supporting}）；请新建一个结对并结束旧的`, `an existing pairing's units cannot change (its supporting unit is ${existing.supporting}); create a new pairing and end the old one`));
    }
    if (existing.supported !== values.supported) {
      problems.add('supported', 'UNITS_CHANGED', reason(`已有结对的双方不能改变（现受援方为 ${existing.supported}）；请新建一个结对并结束旧的`, `an existing pairing's units cannot change (its supported unit is ${existing.supported}); create a new pairing and end the old one`));
    }
    if (values.since === undefined && values.until && existing.since && values.until < existing.since) {
      problems.add('until', 'UNTIL_BEFORE_SINCE', reason(`结束日期早于已有的开始日期（${existing.since}）`, `the end date is before the stored start date (${existing.since})`));
    }
    if (values.until === undefined && values.since && existing.until && existing.until < values.since) {
      problems.add('since', 'UNTIL_BEFORE_SINCE', reason(`开始日期晚于已有的结束日期（${existing.until}）`, `the start date is after the stored end date (${existing.until})`));
    }
  }
  if (problems.list.length > before || !kind || !cooperationId) return null;

  const sector = values.sector ?? (values.sector === undefined && existing?.sector ? (existing.sector as SectorValue) : DEFAULT_SECTOR[kind]);
  const until = values.until !== undefined ? values.until : (existing?.until ?? null);
  const base = { roster: 'pairings' as const, file, row: raw.row, id, type: 'pairing' as const, values, kind, sector, agreementId, until, cooperationId };
  if (!existing) {
    const stated = (['since', 'until', 'agreement', 'note'] as const).filter((f) => values[f] != null);
    const changes = ['supporting', 'supported', 'kind', 'sector', ...stated];
    const after = pick({ supporting: values.supporting, supported: values.supported, kind, sector, since: values.since, until: values.until, agreement: agreementId, note: values.note }, changes);
    return { ...base, action: 'create', changes, audit: { before: null, after } };
  }
  const changes: string[] = [];
  if (existing.kind !== kind) changes.push('kind');
  if (existing.sector !== sector) changes.push('sector');
  if (values.since !== undefined && existing.since !== values.since) changes.push('since');
  if (values.until !== undefined && existing.until !== values.until) changes.push('until');
  if (values.agreement !== undefined && existing.agreementId !== agreementId) changes.push('agreement');
  if (values.note !== undefined && existing.note !== (values.note ?? null)) changes.push('note');
  const audit = {
    before: pick({ kind: existing.kind, sector: existing.sector, since: existing.since, until: existing.until, agreement: existing.agreementId, note: existing.note }, changes),
    after: pick({ kind, sector, since: values.since, until: values.until, agreement: agreementId, note: values.note }, changes),
  };
  return { ...base, action: changes.length ? 'update' : 'unchanged', changes, audit };
}
