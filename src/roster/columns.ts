/**
 * The columns of the two rosters (名册): units (单位) and pairings (结对). Each field has a canonical
 * English name (the key in code, GraphQL inputs and English files), a Chinese header, and aliases that
 * a data officer's spreadsheet may use. Headers match without regard to case, spaces, a trailing `*`
 * or a note in brackets such as 「单位编码（必填）」.
 */

/** The kinds of roster file. */
export const ROSTER_KINDS = ['units', 'pairings', 'cooperations', 'activities'] as const;
export type RosterKind = (typeof ROSTER_KINDS)[number];

export const UNIT_FIELDS = ['id', 'name', 'kind', 'region', 'replaces', 'demonstration'] as const;
export type UnitField = (typeof UNIT_FIELDS)[number];

export const PAIRING_FIELDS = ['id', 'supporting', 'supported', 'kind', 'sector', 'since', 'until', 'agreement', 'note'] as const;
export type PairingField = (typeof PAIRING_FIELDS)[number];

export const COOPERATION_FIELDS = ['id', 'name', 'supportingRegion', 'supportedRegion', 'sinceYear', 'kind', 'note'] as const;
export type CooperationField = (typeof COOPERATION_FIELDS)[number];

/** The measure columns of an activities roster: one column per unit of measure (万元, 人次, 人, 期, 个). */
export const MEASURE_FIELDS = { wanYuan: 'WAN_YUAN', personTimes: 'PERSON_TIMES', persons: 'PERSONS', sessions: 'SESSIONS', items: 'ITEMS' } as const;
export type MeasureField = keyof typeof MEASURE_FIELDS;

export const ACTIVITY_FIELDS = ['id', 'pairingId', 'cooperationId', 'date', 'form', ...(Object.keys(MEASURE_FIELDS) as MeasureField[]), 'participants', 'note'] as const;
export type ActivityField = (typeof ACTIVITY_FIELDS)[number];

export type RosterField = UnitField | PairingField | CooperationField | ActivityField;

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

/** Returns a column of the activities roster (its English header is the field's name). */
function activityColumn(field: ActivityField, zh: string, aliases: string[], required: boolean, help: { zh: string; en: string }): ColumnSpec<ActivityField> {
  return { field, zh, en: field, aliases, required, help };
}

/** Returns a measure column of the activities roster: a number in one unit. */
function measureColumn(field: MeasureField, zh: string, aliases: string[], what: { zh: string; en: string }): ColumnSpec<ActivityField> {
  return activityColumn(field, zh, aliases, false, { zh: `可选：${what.zh}（数字）`, en: `optional: ${what.en} (a number)` });
}

/** The activities roster (帮扶台账): one row per act, one column per unit of measure; README "The activities roster". */
export const ACTIVITY_COLUMNS: readonly ColumnSpec<ActivityField>[] = [
  activityColumn('id', '活动编号', ['编号', '活动编码', 'activityid', 'activity id'], false, {
    zh: '可选：活动的唯一编码；留空时由结对、日期、形式和数量生成（同一文件再次导入不会重复）',
    en: 'optional: unique id; empty: made of pairing, date, form and measures (importing again adds nothing)',
  }),
  activityColumn('pairingId', '结对编号', ['结对编码', 'pairing', 'pairing id'], false, {
    zh: '活动所属结对的编码（与协作编号二选一）',
    en: 'id of the pairing the activity belongs to (or cooperationId)',
  }),
  activityColumn('cooperationId', '协作编号', ['协作编码', 'cooperation', 'cooperation id'], false, {
    zh: '全县性活动所属协作的编码（与结对编号二选一）',
    en: 'id of the cooperation of a county-wide activity (or pairingId)',
  }),
  activityColumn('date', '日期', ['活动日期', 'activitydate', 'activity date'], true, {
    zh: 'YYYY-MM-DD（也可用 2024/3/1 或 Excel 日期），不早于结对开始日期，不晚于今天',
    en: 'YYYY-MM-DD (also 2024/3/1 or an Excel date), not before the pairing began, not after today',
  }),
  activityColumn('form', '形式', ['帮扶形式', '活动形式', 'activityform', 'activity form'], true, {
    zh: '实地调研、视频/电话对接、消费帮扶、产业对接、公益活动、捐款、捐物、培训、劳务协作、人才交流、项目（或英文 FIELD_VISIT …）',
    en: 'FIELD_VISIT, REMOTE_MEETING, CONSUMPTION, INDUSTRY, PUBLIC_WELFARE, DONATION_MONEY, DONATION_GOODS, TRAINING, LABOR, TALENT_EXCHANGE, PROJECT (or the Chinese names)',
  }),
  measureColumn('wanYuan', '万元', ['金额', '金额万元', 'wan yuan', 'amount'], { zh: '金额，万元', en: 'money in 10,000 yuan' }),
  measureColumn('personTimes', '人次', ['person times', 'persontime'], { zh: '人次', en: 'person-times' }),
  measureColumn('persons', '人', ['人数', 'people'], { zh: '人数', en: 'persons' }),
  measureColumn('sessions', '期', ['期数', 'session'], { zh: '期数', en: 'sessions' }),
  measureColumn('items', '个', ['个数', '项目数', 'item', 'count'], { zh: '个数（项目、企业、商品件数）', en: 'items (projects, deals, goods)' }),
  activityColumn('participants', '参与人员', ['参与人数', '参与者', '参与单位'], false, { zh: '可选：参与的人员或单位（文字）', en: 'optional: who took part (text)' }),
  activityColumn('note', '备注', ['说明', 'notes', 'remark', 'remarks'], false, { zh: '可选：备注', en: 'optional: a note' }),
];

/** Returns the columns of a roster kind. */
export function columnsOf(kind: RosterKind): readonly ColumnSpec[] {
  return kind === 'units' ? UNIT_COLUMNS : kind === 'pairings' ? PAIRING_COLUMNS : kind === 'cooperations' ? COOPERATION_COLUMNS : ACTIVITY_COLUMNS;
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
 * Returns the kind of roster that `headers` describe: activities when they name a form, or a date with a
 * pairing or cooperation id; cooperations when they name a supporting or supported
 * region, pairings when they name a supporting or supported
 * unit, units when they name a name, region or replaced placeholder; null when they say neither.
 */
export function rosterKindOfHeaders(headers: readonly string[]): RosterKind | null {
  const activityFields = headers.map((h) => fieldOfHeader('activities', h));
  const owner = activityFields.includes('pairingId') || activityFields.includes('cooperationId');
  if (activityFields.includes('form') || (owner && activityFields.includes('date'))) return 'activities';
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
