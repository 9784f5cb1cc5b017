import { PAIRING_KINDS, UNIT_KINDS, type PairingKindValue, type SectorValue, type SideValue, type UnitKindValue } from '../domain/vocabulary';
import { PAIRING_KIND_ENDS } from '../planner/plannerRecords';
import { PAIRING_KIND_LABELS, UNIT_KIND_LABELS } from '../cli/labels';
import type { RosterKind } from './columns';
import type { CooperationIndex } from '../cooperation/CooperationIndex';
import { checkCooperation } from './checkCooperation';
import type { Agreements, Lookup, NodeInfo } from './lookup';
import { cutText, reason, shownValue, type ProblemCode, type Reason, type RosterProblem } from './problems';
import {
  cellText,
  DEFAULT_SECTOR,
  IMPORTABLE_UNIT_LABEL,
  isMisdecoded,
  parseBoolean,
  parseDate,
  parseId,
  parseName,
  parsePairingKind,
  parseRegionCode,
  parseSector,
  parseText,
  parseUnitKind,
  type CellValue,
  type Parsed,
} from './values';

/** A data row of a roster: its row number and its cells by field (a field absent from the file is absent here). */
export interface RawRow {
  row: number;
  values: Map<string, CellValue>;
}

/** What the import does with a row. */
export type RowAction = 'create' | 'update' | 'unchanged';

/** The plan of one valid row: what it does and which fields it changes. */
export interface RowPlan {
  /** Which roster the row belongs to. */
  roster: RosterKind;
  file: string;
  row: number;
  id: string;
  action: RowAction;
  /** Fields whose stored value changes (all stated fields for a created row). */
  changes: string[];
  /** The placeholder this row replaces (its id becomes `id`). */
  replaces?: string;
}

/** A unit row, parsed. `undefined`: the file has no such column; `null`: the cell is empty. */
export interface UnitValues {
  id: string;
  name: string;
  kind: UnitKindValue;
  region: string | null;
  replaces?: string | null;
  demonstration?: boolean | null;
}

/** A pairing row, parsed. */
export interface PairingValues {
  id: string;
  supporting: string;
  supported: string;
  kind?: PairingKindValue | null;
  sector?: SectorValue | null;
  since?: string | null;
  until?: string | null;
  agreement?: string | null;
  note?: string | null;
}

/** What a changing row's audit entry records: the changed fields' stored values and new values (null for a new record). */
export interface ChangeValues {
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

/** Returns the values of `fields` in `from` (undefined as null). */
function pick(from: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, from[f] ?? null]));
}

/** A unit row's plan with what writing it needs. */
export interface UnitWrite extends RowPlan {
  audit: ChangeValues;
  type: 'unit' | 'division';
  values: UnitValues;
  /** The node's id before this import (the placeholder's id when replacing). */
  matchId: string;
  label: 'Organization' | 'RelocationEstate' | 'Locality' | null;
  side: SideValue | null;
}

/** A pairing row's plan with what writing it needs. */
export interface PairingWrite extends RowPlan {
  audit: ChangeValues;
  type: 'pairing';
  values: PairingValues;
  kind: PairingKindValue;
  sector: SectorValue;
  agreementId: string | null;
  /** The until date after the import (stated, or kept), for the stored status. */
  until: string | null;
  /** The narrowest cooperation holding the two ends, linked by IN_COOPERATION when the pairing is created. */
  cooperationId: string;
}

/** What the pairings check reads once per import: the agreements, the cooperations, and the names of divisions (for problems). */
export interface PairingRefs {
  agreements: Agreements;
  cooperations: CooperationIndex;
  /** The name of a division the batch looked up (the counties of the pairings' ends), or null. */
  nameOf: (code: string) => string | null;
}

/** Units as they will be after this import, known from the units rosters checked before the pairings. */
interface PendingUnit {
  kind: UnitKindValue;
  side: SideValue | null;
  /** The code of the division it lies in (its own for a division), null when it has no location. */
  region: string | null;
}

/**
 * What one import remembers across rows and files while checking: ids seen (duplicates), the units that
 * the units rosters create or change (so that pairings may name them), placeholders replaced. Memory grows
 * with the number of ids (a number per id), not with the rows' contents. A state that does not `track`
 * remembers nothing: the write pass, whose rows were checked already, reads everything from the database.
 */
export class ImportState {
  private readonly files: string[] = [];
  private readonly seenIds: Record<RosterKind, Map<string, number>> = { units: new Map(), pairings: new Map(), cooperations: new Map(), activities: new Map() };
  private readonly pending = new Map<string, number>();
  /** Placeholder id → the id replacing it in this import, and where. */
  readonly replacing = new Map<string, { id: string; file: string; row: number }>();

  /**
   * `track`: remember ids at all (false for the write pass); `pendingUnits`: remember the units of units
   * rosters for the pairings rosters that follow (only needed when there are some).
   */
  constructor(readonly options: { track: boolean; pendingUnits: boolean } = { track: true, pendingUnits: true }) {}

  /** Returns where `id` was seen before in a roster of `kind`, or records it here and returns null. */
  firstSeen(kind: RosterKind, id: string, file: string, row: number): { file: string; row: number } | null {
    if (!this.options.track) return null;
    const seen = this.seen(kind, id);
    if (seen) return seen;
    let f = this.files.indexOf(file);
    if (f < 0) f = this.files.push(file) - 1;
    this.seenIds[kind].set(id, f * 2 ** 32 + row);
    return null;
  }

  /** Returns where `id` was seen in a roster of `kind`, or null. */
  seen(kind: RosterKind, id: string): { file: string; row: number } | null {
    const packed = this.seenIds[kind].get(id);
    if (packed === undefined) return null;
    return { file: this.files[Math.floor(packed / 2 ** 32)], row: packed % 2 ** 32 };
  }

  /** Remembers a unit as it will be after the import. */
  setPendingUnit(id: string, unit: PendingUnit): void {
    if (!this.options.track || !this.options.pendingUnits) return;
    // One number per unit: the 12-digit region code (0: none) × 64 + kind × 4 + side, below 2^53.
    const region = unit.region && /^\d{12}$/.test(unit.region) ? Number(unit.region) : 0;
    this.pending.set(id, region * 64 + UNIT_KINDS.indexOf(unit.kind) * 4 + (unit.side === 'SUPPORTING' ? 1 : unit.side === 'SUPPORTED' ? 2 : 0));
  }

  /** Returns a unit of the units rosters of this import, or undefined. */
  pendingUnit(id: string): PendingUnit | undefined {
    const packed = this.pending.get(id);
    if (packed === undefined) return undefined;
    const side = packed % 4;
    const region = Math.floor(packed / 64);
    return {
      kind: UNIT_KINDS[Math.floor((packed % 64) / 4)],
      side: side === 1 ? 'SUPPORTING' : side === 2 ? 'SUPPORTED' : null,
      region: region ? String(region).padStart(12, '0') : null,
    };
  }

  /** Remembers that `placeholder` is replaced by the row `id` at file and row. */
  setReplacing(placeholder: string, by: { id: string; file: string; row: number }): void {
    if (this.options.track) this.replacing.set(placeholder, by);
  }
}

/** Collects the problems of one row. */
class RowProblems {
  readonly list: RosterProblem[] = [];
  constructor(
    private readonly file: string,
    private readonly raw: RawRow,
    private readonly columnOf: Map<string, string>,
  ) {}
  add(field: string | null, code: ProblemCode, why: Reason, value?: unknown): void {
    this.list.push({
      file: this.file,
      row: this.raw.row,
      field,
      column: field ? cutText(this.columnOf.get(field) ?? field) : null,
      value: shownValue(value !== undefined ? value : field ? this.raw.values.get(field) : ''),
      code,
      reason: why,
    });
  }
  /** Records a failed parse; returns its value or undefined. */
  take<T>(field: string, parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value;
    this.add(field, parsed.code, parsed.reason);
    return undefined;
  }
}

const REQUIRED = reason('必填，不能为空', 'required: may not be empty');
const MISDECODED = reason(
  '含有无法识别的字符：文件的编码可能不对（Excel 在中文 Windows 上保存的 CSV 是 GBK，请加 --encoding gb18030）',
  'holds characters that could not be decoded: the encoding may be wrong (CSV saved by Excel on Chinese Windows is GBK: use --encoding gb18030)',
);

/**
 * Returns the text of `field` (undefined when the file has no such column, null when empty), after
 * checking it decoded cleanly.
 */
function textOf(raw: RawRow, field: string, problems: RowProblems): string | null | undefined | false {
  if (!raw.values.has(field)) return undefined;
  const text = cellText(raw.values.get(field) ?? null);
  if (text !== null && isMisdecoded(text)) {
    problems.add(field, 'BAD_ENCODING', MISDECODED);
    return false;
  }
  return text;
}

/** Parses a required cell; records REQUIRED when it is empty. */
export function required<T>(raw: RawRow, field: string, problems: RowProblems, parse: (text: string, value: CellValue) => Parsed<T>): T | undefined {
  const text = textOf(raw, field, problems);
  if (text === false) return undefined;
  if (text === null || text === undefined) {
    problems.add(field, 'REQUIRED', REQUIRED);
    return undefined;
  }
  return problems.take(field, parse(text, raw.values.get(field) ?? null));
}

/** Parses an optional cell: undefined when the column is absent, null when empty. `false` on a problem. */
export function optional<T>(raw: RawRow, field: string, problems: RowProblems, parse: (text: string, value: CellValue) => Parsed<T>): T | null | undefined | false {
  const text = textOf(raw, field, problems);
  if (text === false) return false;
  if (text === undefined || text === null) return text;
  const v = problems.take(field, parse(text, raw.values.get(field) ?? null));
  return v === undefined ? false : v;
}

export function duplicateReason(first: { file: string; row: number }, file: string): Reason {
  return first.file === file
    ? reason(`编码在本文件中重复（第 ${first.row} 行已出现）`, `duplicate id in the file (first in row ${first.row})`)
    : reason(`编码重复（已在 ${first.file} 第 ${first.row} 行出现）`, `duplicate id (first in ${first.file}, row ${first.row})`);
}

/** The Chinese name of a unit kind or pairing kind, for reasons in Chinese. */
const zhKind = (kind: string | null): string => (kind ? (UNIT_KIND_LABELS[kind as UnitKindValue]?.zh ?? kind) : '');
const zhPairingKind = (kind: string): string => PAIRING_KIND_LABELS[kind as PairingKindValue]?.zh ?? kind;

const LABEL_GROUP = (kind: string | null): string | null => (kind ? (IMPORTABLE_UNIT_LABEL[kind as UnitKindValue] ?? `division:${kind}`) : null);

/** A parsed row: its values when the required cells are right; `bad` when any cell is wrong. */
export interface ParsedRow<V> {
  values: V | undefined;
  bad: boolean;
}

/** Parses the id of a row and reports it when it repeats an id seen before in this import. */
function parseRowId(raw: RawRow, problems: RowProblems, state: ImportState, kind: RosterKind, file: string): string | undefined {
  const id = required(raw, 'id', problems, parseId);
  if (id === undefined) return undefined;
  const dup = state.firstSeen(kind, id, file, raw.row);
  if (dup) problems.add('id', 'DUPLICATE_ID', duplicateReason(dup, file));
  return id;
}

/** Parses the cells of a unit row. */
export function parseUnitRow(raw: RawRow, file: string, problems: RowProblems, state: ImportState): ParsedRow<UnitValues> {
  const before = problems.list.length;
  const id = parseRowId(raw, problems, state, 'units', file);
  const name = required(raw, 'name', problems, parseName);
  const kind = required(raw, 'kind', problems, parseUnitKind);
  const regionText = textOf(raw, 'region', problems);
  let region: string | null | undefined = null;
  if (regionText === false) region = undefined;
  else if (regionText) region = problems.take('region', parseRegionCode(regionText));
  const replaces = optional(raw, 'replaces', problems, parseId);
  const demonstration = optional(raw, 'demonstration', problems, (t, v) => parseBoolean(v, t));
  const bad = problems.list.length > before;
  if (id === undefined || name === undefined || kind === undefined || region === undefined) return { values: undefined, bad };
  return { values: { id, name, kind, region, replaces: replaces === false ? undefined : replaces, demonstration: demonstration === false ? undefined : demonstration }, bad };
}

/**
 * Plans one unit row against what the database holds (`look`) and what this import did before.
 * Records problems; returns the plan of a valid row, or null.
 */
export function planUnit(values: UnitValues, file: string, raw: RawRow, problems: RowProblems, look: (id: string) => Lookup, state: ImportState): UnitWrite | null {
  const before = problems.list.length;
  const { id, kind } = values;
  const replacingThis = state.replacing.get(id);
  if (replacingThis && replacingThis.id !== id) {
    problems.add('id', 'REPLACE_CONFLICT', reason(`该占位单位已由第 ${replacingThis.row} 行替换，不能同时出现`, `this placeholder is replaced by row ${replacingThis.row}; it may not appear too`));
  }
  const found = look(id);
  const node = found.node;

  // A division of the official list: only its demonstration flag may change.
  if (node?.labels.includes('Region')) return planDivision(values, file, raw, problems, node, before);

  if (node && !node.labels.includes('Unit')) {
    problems.add('id', 'ID_IN_USE', reason(`编码已被其他记录（${node.labels.filter((l) => l !== 'Node').join('、')}）使用`, `the id belongs to another record (${node.labels.filter((l) => l !== 'Node').join(', ')})`));
    return null;
  }
  if (!node && found.replacedBy && !values.replaces) {
    problems.add('id', 'ALREADY_REPLACED', reason(`该占位单位已被 ${found.replacedBy} 替换，请改用 ${found.replacedBy}`, `this placeholder was replaced by ${found.replacedBy}; use ${found.replacedBy}`));
  }
  if (!node && /^\d{12}$/.test(id)) {
    problems.add('id', 'BAD_ID', reason('12 位数字编码是统计用区划代码，而区划库中没有这个代码；导入不能新建区划', 'a 12-digit id is a division code, and no such division exists; imports never create divisions'));
  }
  if (!IMPORTABLE_UNIT_LABEL[kind]) {
    problems.add('kind', 'KIND_NOT_IMPORTABLE', reason('区划（省、市、县、乡镇、村、社区等）只能来自官方区划名单，不能由名册新建或改成', 'divisions (provinces … villages, communities) come from the official list; a roster cannot create one or turn a unit into one'));
  }
  if (values.demonstration === true) {
    problems.add('demonstration', 'NOT_A_VILLAGE', reason('只有区划名单中的村才能标为示范村', 'only villages of the division list can be demonstration villages'));
  }

  // Where it lies, and so its side.
  let side: SideValue | null = node?.side as SideValue | null;
  if (values.region === null) {
    if (!node || node.region !== null) problems.add('region', 'REQUIRED', REQUIRED);
  } else {
    const region = look(values.region).node;
    if (!region?.labels.includes('Region')) {
      problems.add('region', 'UNKNOWN_REGION', reason('区划库中没有这个代码', 'no division has this code'));
    } else if (region.side !== 'SUPPORTING' && region.side !== 'SUPPORTED') {
      problems.add('region', 'REGION_WITHOUT_SIDE', reason('该区划不属于协作的任何一方（支援方或受援方省份）', 'this division lies in neither side of the cooperation'));
    } else side = region.side;
  }

  // Replacing a placeholder: the placeholder's node takes the new id, so its pairings move with it.
  let matchId = id;
  let replaces: string | undefined;
  if (values.replaces) {
    const target = values.replaces;
    const already = node?.replacedPlaceholder === target;
    if (!already) {
      const t = target === id ? found : look(target);
      const other = state.replacing.get(target);
      if (other && !(other.file === file && other.row === raw.row)) {
        problems.add('replaces', 'REPLACE_CONFLICT', reason(`该占位单位已由 ${other.file} 第 ${other.row} 行替换`, `this placeholder is already replaced by ${other.file}, row ${other.row}`));
      } else if (target !== id && state.seen('units', target)) {
        const at = state.seen('units', target)!;
        problems.add('replaces', 'REPLACE_CONFLICT', reason(`该占位单位在第 ${at.row} 行作为单位出现，不能同时被替换`, `this placeholder appears as a unit in row ${at.row}; it cannot be replaced too`));
      } else if (node && target !== id) {
        problems.add('id', 'REPLACEMENT_EXISTS', reason(`编码 ${id} 已有单位，不能再用来替换占位单位 ${target}`, `a unit with id ${id} exists already; it cannot replace placeholder ${target}`));
      } else if (!t.node) {
        if (t.replacedBy) problems.add('replaces', 'ALREADY_REPLACED', reason(`该占位单位已被 ${t.replacedBy} 替换`, `this placeholder was already replaced by ${t.replacedBy}`));
        else problems.add('replaces', 'UNKNOWN_PLACEHOLDER', reason('没有这个编码的单位', 'no unit has this id'));
      } else if (!t.node.labels.includes('Unit') || t.node.labels.includes('Region') || t.node.provenance !== 'PLACEHOLDER') {
        problems.add('replaces', 'NOT_PLACEHOLDER', reason('该单位不是占位单位（来源性质不是 PLACEHOLDER），不能被替换', 'this unit is not a placeholder (its provenance is not PLACEHOLDER); it cannot be replaced'));
      } else if (t.node.kind !== kind) {
        problems.add('replaces', 'PLACEHOLDER_KIND', reason(`占位单位的类型（${zhKind(t.node.kind)}）与本行类型（${zhKind(kind)}）不同`, `the placeholder is of kind ${t.node.kind}, this row of kind ${kind}`));
      } else {
        if (t.node.pairings > 0 && side !== t.node.side) {
          problems.add('region', 'SIDE_CHANGE', reason('所在地区与占位单位不在同一方，占位单位的结对将无法成立', "the region lies on the other side from the placeholder's; its pairings would no longer hold"));
        }
        matchId = target;
        replaces = target;
        if (problems.list.length === before) state.setReplacing(target, { id, file, row: raw.row });
      }
    }
  }

  // An existing unit: its kind may change only within its label and when it has no pairings; its side only without pairings.
  const current = replaces ? look(replaces).node : node;
  if (current && !replaces) {
    if (current.kind !== kind && IMPORTABLE_UNIT_LABEL[kind]) {
      if (current.pairings > 0) {
        problems.add('kind', 'KIND_CHANGE', reason(`该单位已有 ${current.pairings} 个结对，类型不能改变（现为${zhKind(current.kind)}）`, `the unit has ${current.pairings} pairings; its kind (${current.kind}) cannot change`));
      } else if (LABEL_GROUP(current.kind) !== LABEL_GROUP(kind)) {
        problems.add('kind', 'KIND_CHANGE', reason(`类型不能从${zhKind(current.kind)}改为${zhKind(kind)}`, `the kind cannot change from ${current.kind} to ${kind}`));
      }
    }
    if (current.pairings > 0 && side !== current.side && values.region !== null) {
      problems.add('region', 'SIDE_CHANGE', reason(`该单位已有 ${current.pairings} 个结对，不能迁到协作的另一方`, `the unit has ${current.pairings} pairings; it cannot move to the other side`));
    }
  }
  if (problems.list.length > before) return null;

  state.setPendingUnit(id, { kind, side, region: values.region ?? current?.region ?? null });
  const label = IMPORTABLE_UNIT_LABEL[kind] ?? null;
  if (!current) {
    const audit = { before: null, after: { name: values.name, kind, region: values.region } };
    return { roster: 'units', file, row: raw.row, id, action: 'create', changes: ['name', 'kind', 'region'], type: 'unit', values, matchId, label, side, audit };
  }
  const changes: string[] = [];
  if (current.name !== values.name) changes.push('name');
  if (current.kind !== kind) changes.push('kind');
  if (values.region !== null && current.region !== values.region) changes.push('region');
  if (replaces) changes.push('replaces');
  const audit = {
    before: pick({ name: current.name, kind: current.kind, region: current.region, replaces: replaces ?? null }, changes),
    after: pick({ name: values.name, kind, region: values.region, replaces: replaces ? id : null }, changes),
  };
  return { roster: 'units', file, row: raw.row, id, action: changes.length ? 'update' : 'unchanged', changes, replaces, type: 'unit', values, matchId, label, side, audit };
}

/** Plans a row naming a division: name (or its short or a former name), kind and region must be as the division lists have them; demonstration may change on villages. */
function planDivision(values: UnitValues, file: string, raw: RawRow, problems: RowProblems, node: NodeInfo, before: number): UnitWrite | null {
  const readonly = (field: string, stored: string | null) =>
    problems.add(field, 'DIVISION_READONLY', reason(`区划的名称、类型和上级来自官方区划名单，不能由名册修改（现为「${stored ?? ''}」）`, `a division's name, kind and parent come from the official list and cannot be changed by a roster (now "${stored ?? ''}")`));
  // The official name, the short one, or a name of an older list (a 2021 roster says 拐角铺村委会).
  if (values.name !== node.name && !(node.otherNames ?? []).includes(values.name)) readonly('name', node.name);
  if (values.kind !== node.kind) readonly('kind', node.kind);
  if ((values.region ?? null) !== node.region) readonly('region', node.region);
  if (values.replaces) problems.add('replaces', 'REPLACE_CONFLICT', reason('区划不能替换占位单位', 'a division cannot replace a placeholder'));
  const isVillage = node.level === 'VILLAGE' && node.demonstration !== null;
  if (values.demonstration === true && !isVillage) problems.add('demonstration', 'NOT_A_VILLAGE', reason('只有区划名单中的村才能标为示范村', 'only villages of the division list can be demonstration villages'));
  if (problems.list.length > before) return null;
  const changes = isVillage && typeof values.demonstration === 'boolean' && values.demonstration !== node.demonstration ? ['demonstration'] : [];
  return {
    roster: 'units',
    file,
    row: raw.row,
    id: values.id,
    action: changes.length ? 'update' : 'unchanged',
    changes,
    type: 'division',
    values,
    matchId: values.id,
    label: null,
    side: node.side as SideValue | null,
    audit: { before: pick({ demonstration: node.demonstration }, changes), after: pick({ demonstration: values.demonstration }, changes) },
  };
}

/** Parses the cells of a pairing row. */
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

/** Builds the row problem collector (exported for the importer). */
export function rowProblems(file: string, raw: RawRow, columnOf: Map<string, string>): RowProblems {
  return new RowProblems(file, raw, columnOf);
}
export type { RowProblems };
