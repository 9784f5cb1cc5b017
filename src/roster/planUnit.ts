import type { SideValue, UnitKindValue } from '../domain/vocabulary';
import { UNIT_KIND_LABELS } from '../cli/labels';
import type { ImportState } from './ImportState';
import type { Lookup, NodeInfo } from './lookup';
import { reason } from './problems';
import { pick, type ParsedRow, type RawRow, type UnitValues, type UnitWrite } from './RowPlan';
import { optional, parseRowId, REQUIRED, required, textOf, type RowProblems } from './RowProblems';
import { IMPORTABLE_UNIT_LABEL, parseBoolean, parseId, parseName, parseRegionCode, parseUnitKind } from './values';

/** Returns the Chinese name of a unit kind, for reasons in Chinese (the kind itself when it has none, '' for null). */
export const zhKind = (kind: string | null): string => (kind ? (UNIT_KIND_LABELS[kind as UnitKindValue]?.zh ?? kind) : '');

const LABEL_GROUP = (kind: string | null): string | null => (kind ? (IMPORTABLE_UNIT_LABEL[kind as UnitKindValue] ?? `division:${kind}`) : null);

/** Parses the cells of a unit row; records problems; returns the values when the required cells are right, and whether any cell is wrong. */
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
