import type { Database } from '../db/Database';
import { toPlain } from '../db/toPlain';
import { PAIRING_KIND_LABELS, SECTOR_LABELS, UNIT_KIND_LABELS } from '../cli/labels';
import { ACTIVITY_FORM_LABELS, type ActivityFormValue, type PairingKindValue, type SectorValue, type UnitKindValue } from '../domain/vocabulary';
import { columnsOf, headersOf, MEASURE_FIELDS, type RosterKind } from './columns';
import { COOPERATION_KINDS } from './planCooperation';
import { csvFileWriter, xlsxFileWriter, type SheetWriter } from './sheetWriters';

/** Languages of roster files: the headers and the names of kinds and sectors. Import reads both. */
export type RosterLang = 'zh' | 'en';

/** Columns (0-based) formatted as Text in .xlsx files: codes and dates, which Excel would otherwise turn into numbers. */
export const TEXT_COLUMNS: Record<RosterKind, number[]> = { units: [0, 3, 4], pairings: [0, 1, 2, 5, 6, 7], cooperations: [0, 2, 3, 4], activities: [0, 1, 2, 3] };
const WIDTHS: Record<RosterKind, number[]> = { units: [22, 30, 14, 16, 18, 8], pairings: [20, 20, 20, 16, 18, 12, 12, 20, 40], cooperations: [30, 36, 16, 16, 10, 14, 40], activities: [30, 20, 30, 12, 14, 8, 8, 8, 8, 8, 30, 40] };

/** Sheet names of roster workbooks. */
export const SHEET_NAMES: Record<RosterKind, Record<RosterLang, string>> = {
  units: { zh: '单位', en: 'units' },
  pairings: { zh: '结对', en: 'pairings' },
  cooperations: { zh: '协作', en: 'cooperations' },
  activities: { zh: '帮扶活动', en: 'activities' },
};

const unitKindText = (kind: string | null, lang: RosterLang) => (kind ? (lang === 'zh' ? (UNIT_KIND_LABELS[kind as UnitKindValue]?.zh ?? kind) : kind) : '');
const pairingKindText = (kind: string | null, lang: RosterLang) =>
  kind ? (lang === 'zh' ? (PAIRING_KIND_LABELS[kind as PairingKindValue]?.zh ?? kind) : kind) : '';
const sectorText = (sector: string | null, lang: RosterLang) => (sector ? (lang === 'zh' ? (SECTOR_LABELS[sector as SectorValue]?.zh ?? sector) : sector) : '');
const yesNo = (value: boolean | null, lang: RosterLang) => (value === null ? '' : lang === 'zh' ? (value ? '是' : '否') : value ? 'yes' : 'no');

/**
 * The units a roster export holds: every unit that is not a division, and the villages of the division
 * list (for their demonstration flag), by id. A division's row repeats what the official list says.
 */
const UNITS = `
MATCH (u:Unit)
WHERE NOT u:Region OR (u.level = 'VILLAGE' AND u.demonstration IS NOT NULL)
RETURN u.id AS id, u.name AS name, u.kind AS kind,
  coalesce([(u)-[:PART_OF]->(up:Region) | up.id][0], [(u)-[:LOCATED_IN]->(loc:Region) | loc.id][0]) AS region,
  u.replacedPlaceholder AS replaces, CASE WHEN u:Region THEN u.demonstration ELSE null END AS demonstration
ORDER BY id`;

const COOPERATIONS = `
MATCH (c:Cooperation)-[:SUPPORTING_SIDE]->(a:Region), (c)-[:SUPPORTED_SIDE]->(b:Region)
RETURN c.id AS id, c.name AS name, a.id AS supportingRegion, b.id AS supportedRegion, c.p_since AS sinceYear, c.kind AS kind, c.p_note AS note
ORDER BY id`;

const ACTIVITIES = `
MATCH (a:Activity)-[:ACTIVITY_OF]->(o)
RETURN a.id AS id, CASE WHEN o:Pairing THEN o.id END AS pairingId, CASE WHEN o:Cooperation THEN o.id END AS cooperationId,
  toString(a.date) AS date, a.form AS form, a.measureUnits AS units, a.measureValues AS values, a.participants AS participants, a.note AS note
ORDER BY id`;

const PAIRINGS = `
MATCH (p:Pairing)
RETURN p.id AS id, [(p)-[:SUPPORTER]->(s) | s.id][0] AS supporting, [(p)-[:SUPPORTED]->(t) | t.id][0] AS supported,
  p.kind AS kind, p.sector AS sector, p.since AS since, p.until AS until, p.agreementId AS agreement, p.note AS note
ORDER BY id`;

/** Returns the cells of one exported record in the roster's column order. */
function cellsOf(what: RosterKind, r: Record<string, unknown>, lang: RosterLang): string[] {
  const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  if (what === 'cooperations') {
    const kind = r.kind as string | null;
    return [s(r.id), s(r.name), s(r.supportingRegion), s(r.supportedRegion), s(r.sinceYear), kind && lang === 'zh' ? (COOPERATION_KINDS[kind] ?? kind) : s(kind), s(r.note)];
  }
  if (what === 'activities') {
    const form = r.form as ActivityFormValue;
    const units = (r.units as string[] | null) ?? [];
    const values = (r.values as number[] | null) ?? [];
    const amount = (unit: string) => (units.includes(unit) ? String(values[units.indexOf(unit)]) : '');
    const measures = Object.values(MEASURE_FIELDS).map(amount);
    return [s(r.id), s(r.pairingId), s(r.cooperationId), s(r.date), lang === 'zh' ? (ACTIVITY_FORM_LABELS[form]?.zh ?? form) : form, ...measures, s(r.participants), s(r.note)];
  }
  if (what === 'units') {
    return [s(r.id), s(r.name), unitKindText(r.kind as string | null, lang), s(r.region), s(r.replaces), yesNo(r.demonstration as boolean | null, lang)];
  }
  return [
    s(r.id),
    s(r.supporting),
    s(r.supported),
    pairingKindText(r.kind as string | null, lang),
    sectorText(r.sector as string | null, lang),
    s(r.since),
    s(r.until),
    s(r.agreement),
    s(r.note),
  ];
}

/**
 * Writes the units or pairings roster of the whole database to `writer`, streamed from Neo4j in id
 * order, in the columns the importer reads: importing the file into the same database changes nothing.
 * Returns the number of rows (without the header).
 */
export async function exportRoster(db: Database, what: RosterKind, writer: SheetWriter, lang: RosterLang = 'zh'): Promise<number> {
  await writer.row(headersOf(what, lang));
  const rows = await db.read(async (tx) => {
    let n = 0;
    for await (const record of tx.run(what === 'units' ? UNITS : what === 'pairings' ? PAIRINGS : what === 'cooperations' ? COOPERATIONS : ACTIVITIES)) {
      const plain = toPlain(record.toObject()) as Record<string, unknown>;
      await writer.row(cellsOf(what, plain, lang));
      n += 1;
    }
    return n;
  });
  await writer.end();
  return rows;
}

/** Returns a writer for a roster file of `format` at `file`, with the layout of the templates. */
export function rosterFileWriter(file: string, what: RosterKind, format: 'csv' | 'xlsx', lang: RosterLang, withHelp = false): SheetWriter {
  if (format === 'csv') return csvFileWriter(file);
  return xlsxFileWriter(file, SHEET_NAMES[what][lang], {
    textColumns: TEXT_COLUMNS[what],
    widths: WIDTHS[what],
    extraSheets: withHelp ? [helpSheet(what, lang)] : [],
  });
}

/** The example line of each template: a comment row (its first cell starts with #), skipped on import. */
export const TEMPLATE_EXAMPLES: Record<RosterKind, Record<RosterLang, string[]>> = {
  units: {
    zh: ['# CY-MS-0001', '北京市朝阳区示例中学', '学校', '110105000000', 'CY-SCHOOL-03', ''],
    en: ['# CY-MS-0001', 'Example Middle School of Chaoyang', 'SCHOOL', '110105000000', 'CY-SCHOOL-03', ''],
  },
  pairings: {
    zh: ['# CZ-2024-0001', 'CY-MS-0001', 'ZZ-SCHOOL-03', '学校—学校', '教育', '2024-03-01', '', 'agreement-2023-2025', '示例行：以 # 开头的行不会导入'],
    en: ['# CZ-2024-0001', 'CY-MS-0001', 'ZZ-SCHOOL-03', 'SCHOOL_SCHOOL', 'EDUCATION', '2024-03-01', '', 'agreement-2023-2025', 'example: rows starting with # are not imported'],
  },
  cooperations: {
    zh: ['# cooperation-110105000000-130627000000', '北京市朝阳区与河北省唐县对口帮扶', '110105000000', '130627000000', '2017', '对口帮扶', '示例行：以 # 开头的行不会导入'],
    en: ['# cooperation-110105000000-130627000000', 'Paired assistance of Chaoyang and Tang County', '110105000000', '130627000000', '2017', 'PAIRED_ASSISTANCE', 'example: rows starting with # are not imported'],
  },
  activities: {
    zh: ['# 示例（编号可留空）', 'CZ-2024-0001', '', '2024-05-20', '培训', '', '120', '', '2', '', '卓资县教师', '示例行：以 # 开头的行不会导入；一行可填多个数量，如培训的 期 和 人次'],
    en: ['# example (id may be empty)', 'CZ-2024-0001', '', '2024-05-20', 'TRAINING', '', '120', '', '2', '', 'teachers of Zhuozi', 'example: rows starting with # are not imported; one row may fill several measures, as a training its sessions and person-times'],
  },
};

/** The help sheet of an .xlsx template: each column, whether required, and what it takes. */
function helpSheet(what: RosterKind, lang: RosterLang): { name: string; rows: string[][] } {
  const zh = lang === 'zh';
  const rows = [zh ? ['列', '英文列名', '必填', '说明'] : ['column', 'Chinese header', 'required', 'meaning']];
  for (const c of columnsOf(what)) rows.push([c[lang], zh ? c.en : c.zh, c.required ? (zh ? '是' : 'yes') : zh ? '否' : 'no', c.help[lang]]);
  rows.push([]);
  rows.push([zh ? '以 # 开头的行是注释（如示例行），导入时跳过。' : 'Rows starting with # are comments (like the example line) and are skipped on import.']);
  return { name: zh ? '说明' : 'help', rows: rows.map((r) => (r.length ? r : [''])) };
}

/** Writes an empty roster template: the header and one example line (a comment). */
export async function writeTemplate(writer: SheetWriter, what: RosterKind, lang: RosterLang): Promise<void> {
  await writer.row(headersOf(what, lang));
  await writer.row(TEMPLATE_EXAMPLES[what][lang]);
  await writer.end();
}
