/**
 * The columns of the two rosters (名册): units (单位) and pairings (结对). Each field has a canonical
 * English name (the key in code, GraphQL inputs and English files), a Chinese header, and aliases that
 * a data officer's spreadsheet may use. Headers match without regard to case, spaces, a trailing `*`
 * or a note in brackets such as 「单位编码（必填）」.
 */

/** The kinds of roster file. */
export const ROSTER_KINDS = ['units', 'pairings', 'cooperations'] as const;
export type RosterKind = (typeof ROSTER_KINDS)[number];

export const UNIT_FIELDS = ['id', 'name', 'kind', 'region', 'replaces', 'demonstration'] as const;
export type UnitField = (typeof UNIT_FIELDS)[number];

export const PAIRING_FIELDS = ['id', 'supporting', 'supported', 'kind', 'sector', 'since', 'until', 'agreement', 'note'] as const;
export type PairingField = (typeof PAIRING_FIELDS)[number];

export const COOPERATION_FIELDS = ['id', 'name', 'supportingRegion', 'supportedRegion', 'sinceYear', 'kind', 'note'] as const;
export type CooperationField = (typeof COOPERATION_FIELDS)[number];

export type RosterField = UnitField | PairingField | CooperationField;

/** One column of a roster. */
export interface ColumnSpec<F extends string = string> {
  field: F;
  /** The header in Chinese files and templates. */
  zh: string;
  /** The header in English files and templates (the field name). */
  en: string;
  /** Other headers accepted on import. */
  aliases: readonly string[];
  /** A file without this column is rejected; a row with the cell empty too (see the README for exceptions). */
  required: boolean;
  /** One line of help, for the template's help sheet and `--help`. */
  help: { zh: string; en: string };
}

export const UNIT_COLUMNS: readonly ColumnSpec<UnitField>[] = [
  {
    field: 'id',
    zh: '单位编码',
    en: 'id',
    aliases: ['编码', '单位代码', '单位id', 'code', 'unitid', 'unit id'],
    required: true,
    help: { zh: '稳定不变的唯一编码；已有单位按编码更新，新编码新建单位', en: 'stable unique id; an existing id is updated, a new one creates a unit' },
  },
  {
    field: 'name',
    zh: '单位名称',
    en: 'name',
    aliases: ['名称', '单位', 'unitname', 'unit name'],
    required: true,
    help: { zh: '单位的正式名称', en: "the unit's official name" },
  },
  {
    field: 'kind',
    zh: '类型',
    en: 'kind',
    aliases: ['单位类型', 'type', 'unitkind', 'unit kind'],
    required: true,
    help: {
      zh: '学校、医院、企业、社会组织、政府机构、易地搬迁小区、村或社区、街道（或英文 SCHOOL、HOSPITAL …）',
      en: 'SCHOOL, HOSPITAL, ENTERPRISE, SOCIAL_ORGANIZATION, GOVERNMENT_BODY, RELOCATION_ESTATE, VILLAGE_OR_COMMUNITY, STREET (or the Chinese names)',
    },
  },
  {
    field: 'region',
    zh: '所在地区编码',
    en: 'region',
    aliases: ['地区编码', '所在地区', '区划代码', '所在区划代码', 'regioncode', 'region code'],
    required: true,
    help: { zh: '所在区划的统计用区划代码（12 位；6、9 位自动补零），须已存在', en: 'statistics code of the division it lies in (12 digits; 6 or 9 are padded); must exist' },
  },
  {
    field: 'replaces',
    zh: '替换占位单位',
    en: 'replaces',
    aliases: ['替换', '占位单位', '替换占位单位编码', 'placeholder', 'replacesplaceholder'],
    required: false,
    help: {
      zh: '可选：本行单位所替换的占位单位编码（如 CY-SCHOOL-03），占位单位的结对随之转到本单位',
      en: 'optional: id of the placeholder unit this row replaces (e.g. CY-SCHOOL-03); its pairings move to this unit',
    },
  },
  {
    field: 'demonstration',
    zh: '示范村',
    en: 'demonstration',
    aliases: ['是否示范村', 'demonstrationvillage', 'demo'],
    required: false,
    help: { zh: '可选：仅用于区划名单中的村，是/否', en: 'optional: for villages of the division list only, yes/no (是/否)' },
  },
];

export const PAIRING_COLUMNS: readonly ColumnSpec<PairingField>[] = [
  {
    field: 'id',
    zh: '结对编码',
    en: 'id',
    aliases: ['编码', '结对id', 'pairingid', 'pairing id', 'code'],
    required: true,
    help: { zh: '稳定不变的唯一编码；已有结对按编码更新', en: 'stable unique id; an existing id is updated' },
  },
  {
    field: 'supporting',
    zh: '支援方单位编码',
    en: 'supporting',
    aliases: ['支援方', '帮扶方单位编码', '帮扶方', 'supportingid', 'supporting unit', 'supportingunit'],
    required: true,
    help: { zh: '东部支援方单位的编码（须已存在，或在同一次导入的单位名册中）', en: 'id of the supporting (eastern) unit, existing or in the same import' },
  },
  {
    field: 'supported',
    zh: '受援方单位编码',
    en: 'supported',
    aliases: ['受援方', '受帮扶方单位编码', '受帮扶方', 'supportedid', 'supported unit', 'supportedunit'],
    required: true,
    help: { zh: '西部受援方单位或村的编码', en: 'id of the supported (western) unit or village' },
  },
  {
    field: 'kind',
    zh: '结对类型',
    en: 'kind',
    aliases: ['类型', 'type', 'pairingkind', 'pairing kind'],
    required: false,
    help: {
      zh: '学校—学校、医院—医院、街乡—乡镇、村社区—村、企业—村、社会组织—村；留空时按支援方类型推断',
      en: 'SCHOOL_SCHOOL, HOSPITAL_HOSPITAL, STREET_TOWNSHIP, COMMUNITY_VILLAGE, ENTERPRISE_VILLAGE, SOCIAL_ORGANIZATION_VILLAGE; empty: from the supporting unit',
    },
  },
  {
    field: 'sector',
    zh: '领域',
    en: 'sector',
    aliases: ['结对领域', 'field'],
    required: false,
    help: { zh: '教育、医疗卫生、基层治理与乡村振兴、乡村振兴、产业、社会帮扶；留空按结对类型', en: 'EDUCATION, HEALTH, GOVERNANCE, RURAL_REVITALIZATION, INDUSTRY, SOCIAL_ASSISTANCE; empty: by kind' },
  },
  {
    field: 'since',
    zh: '开始日期',
    en: 'since',
    aliases: ['结对日期', '起始日期', 'start', 'startdate', 'from'],
    required: false,
    help: { zh: '可选：YYYY-MM-DD（也可用 2023/8/22 或 Excel 日期）', en: 'optional: YYYY-MM-DD (also 2023/8/22 or an Excel date)' },
  },
  {
    field: 'until',
    zh: '结束日期',
    en: 'until',
    aliases: ['终止日期', 'end', 'enddate', 'to'],
    required: false,
    help: { zh: '可选：结对结束的日期，不早于开始日期', en: 'optional: the last day of the pairing, not before since' },
  },
  {
    field: 'agreement',
    zh: '所属协议',
    en: 'agreement',
    aliases: ['协议', '协议编码', 'agreementid', 'agreement id'],
    required: false,
    help: { zh: '可选：协议的编码或名称（如 agreement-2023-2025）', en: 'optional: id or name of the agreement (e.g. agreement-2023-2025)' },
  },
  {
    field: 'note',
    zh: '备注',
    en: 'note',
    aliases: ['说明', 'notes', 'remark', 'remarks'],
    required: false,
    help: { zh: '可选：备注', en: 'optional: a note' },
  },
];

export const COOPERATION_COLUMNS: readonly ColumnSpec<CooperationField>[] = [
  {
    field: 'id',
    zh: '协作编码',
    en: 'id',
    aliases: ['协作id', 'cooperationid', 'cooperation id'],
    required: false,
    help: { zh: '可选：稳定不变的唯一编码；留空时由两个地区编码生成（cooperation-<支援方>-<受援方>）', en: 'optional: stable unique id; empty: made of the two codes (cooperation-<supporting>-<supported>)' },
  },
  {
    field: 'name',
    zh: '协作名称',
    en: 'name',
    aliases: ['名称', 'cooperationname', 'cooperation name'],
    required: true,
    help: { zh: '协作关系的名称，如 杭州市西湖区与四川省某县东西部协作', en: 'name of the cooperation' },
  },
  {
    field: 'supportingRegion',
    zh: '支援方地区编码',
    en: 'supportingRegion',
    aliases: ['支援方地区', '帮扶方地区编码', 'supporting region', 'supportingregioncode'],
    required: true,
    help: { zh: '支援方区划的统计用区划代码（任一级；6、9 位自动补零），须已存在', en: 'division code of the supporting side (any level; 6 or 9 digits are padded); must exist' },
  },
  {
    field: 'supportedRegion',
    zh: '受援方地区编码',
    en: 'supportedRegion',
    aliases: ['受援方地区', '受帮扶方地区编码', 'supported region', 'supportedregioncode'],
    required: true,
    help: { zh: '受援方区划的统计用区划代码（任一级），须已存在，且与支援方互不包含', en: 'division code of the supported side (any level); must exist, and neither side may lie in the other' },
  },
  {
    field: 'sinceYear',
    zh: '起始年份',
    en: 'sinceYear',
    aliases: ['开始年份', '年份', 'since', 'year'],
    required: false,
    help: { zh: '可选：协作开始的年份（1949 至明年）', en: 'optional: the year it began (1949 to next year)' },
  },
  {
    field: 'kind',
    zh: '协作类型',
    en: 'kind',
    aliases: ['类型', 'type', 'cooperationkind'],
    required: false,
    help: {
      zh: '可选：东西部协作、对口帮扶、对口支援、结对帮扶、灾后结对帮扶（或英文 EAST_WEST_COOPERATION …）',
      en: 'optional: EAST_WEST_COOPERATION, PAIRED_ASSISTANCE, COUNTERPART_SUPPORT, PAIRING_ASSISTANCE, FLOOD_RECOVERY_PAIRING (or the Chinese names)',
    },
  },
  {
    field: 'note',
    zh: '备注',
    en: 'note',
    aliases: ['说明', 'notes', 'remark', 'remarks'],
    required: false,
    help: { zh: '可选：备注', en: 'optional: a note' },
  },
];

/** Returns the columns of a roster kind. */
export function columnsOf(kind: RosterKind): readonly ColumnSpec[] {
  return kind === 'units' ? UNIT_COLUMNS : kind === 'pairings' ? PAIRING_COLUMNS : COOPERATION_COLUMNS;
}

/** Returns the fields of a roster kind. */
export function fieldsOf(kind: RosterKind): readonly string[] {
  return columnsOf(kind).map((c) => c.field);
}

/** Returns a header as compared: no BOM, no spaces, lowercase, without a trailing `*` or a bracketed note. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/\uFEFF/g, '')
    .replace(/[（(【\[][^）)】\]]*[）)】\]]\s*$/u, '')
    .replace(/[*＊]+/g, '')
    .replace(/[\s_\-\u3000]+/g, '')
    .toLowerCase();
}

/** Returns the field a header names in a roster of `kind`, or null. */
export function fieldOfHeader(kind: RosterKind, header: string): string | null {
  const h = normalizeHeader(header);
  if (!h) return null;
  for (const c of columnsOf(kind)) {
    if ([c.zh, c.en, ...c.aliases].some((name) => normalizeHeader(name) === h)) return c.field;
  }
  return null;
}

/**
 * Returns the kind of roster that `headers` describe: cooperations when they name a supporting or supported
 * region, pairings when they name a supporting or supported
 * unit, units when they name a name, region or replaced placeholder; null when they say neither.
 */
export function rosterKindOfHeaders(headers: readonly string[]): RosterKind | null {
  const cooperation = headers.some((h) => ['supportingRegion', 'supportedRegion'].includes(fieldOfHeader('cooperations', h) ?? ''));
  if (cooperation) return 'cooperations';
  const pairing = headers.some((h) => ['supporting', 'supported'].includes(fieldOfHeader('pairings', h) ?? ''));
  if (pairing) return 'pairings';
  const unit = headers.some((h) => ['name', 'region', 'replaces', 'demonstration'].includes(fieldOfHeader('units', h) ?? ''));
  return unit ? 'units' : null;
}

/** Returns the headers of a roster in `lang`. */
export function headersOf(kind: RosterKind, lang: 'zh' | 'en'): string[] {
  return columnsOf(kind).map((c) => c[lang]);
}
