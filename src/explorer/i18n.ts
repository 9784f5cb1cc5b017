// Every string the explorer page shows, in Chinese (the default) and English. The enum labels are keyed by
// the schema's enums (the generated types), so a new enum value fails the type check until it has labels.
import type { GraphEdgeType, PairingKind, PairingStatus, Provenance, SearchMatch, Sector, Side, UnitKind } from '../generated/operations';

export type Lang = 'zh' | 'en';

const zh = {
  pageTitle: '结对关系图谱 · 探索',
  title: '结对关系图谱',
  subtitle: '东西部协作：北京市朝阳区 — 内蒙古卓资县',
  graphiql: 'GraphQL 调试台',
  switchLang: 'English',
  searchHeading: '搜索单位',
  searchLabel: '名称、拼音或拼音首字母',
  searchPlaceholder: '如：拐角铺、gjp',
  searching: '正在搜索…',
  noHits: '没有找到匹配的单位',
  viewHeading: '视图',
  depth: '层数',
  township: '乡镇',
  allTownships: '全部乡镇',
  reset: '显示全部协作',
  viewAll: '全部协作关系',
  viewRegion: '乡镇：{name}',
  viewCenter: '以「{name}」为中心，{depth} 层',
  gapsHeading: '未结对示范村',
  gapsNone: '当前视图中没有未结对的示范村。',
  gapsHint: '在图中以红色光圈标出',
  legendHeading: '图例',
  legendKinds: '单位类型（填充色）',
  legendSides: '协作方（形状）',
  legendMarks: '标记与连线',
  legendGap: '未结对示范村',
  legendCenter: '中心单位',
  legendPairing: '结对关系（支援方 → 受援方）',
  legendLocation: '隶属 / 位于',
  exportHeading: '导出当前视图',
  exportTitle: '下载 {format} 文件（当前选择）',
  loading: '正在加载关系图…',
  stats: '{nodes} 个单位 · {edges} 条连线 · 其中结对 {pairings} 条',
  truncated: '结果过多，已截断',
  error: '出错了：{message}',
  close: '关闭',
  centerHere: '以此单位为中心',
  counterpartsHeading: '结对方',
  noCounterparts: '目前没有有效的结对。',
  unknownUnit: '找不到该单位。',
  factKind: '类型',
  factSide: '协作方',
  factRegion: '所在地区',
  factDemonstration: '示范村',
  factProvenance: '来源性质',
  factId: '代码',
  factPaired: '结对状态',
  yes: '是',
  no: '否',
  paired: '已结对',
  unpaired: '未结对',
  pairingSince: '自 {date} 起',
  pairingUntil: '至 {date}',
  sourceLabel: '来源',
  sideNone: '其他',
  tokenHeading: '访问令牌',
  tokenLabel: '令牌（只保存在本标签页，关闭即清除）',
  tokenPlaceholder: '粘贴令牌',
  tokenSave: '保存',
  tokenClear: '清除',
  tokenSet: '已设置',
  tokenUnset: '未设置',
  tokenNeeded: '需要访问令牌：本服务只向持有令牌的用户提供数据。请在左侧「访问令牌」中粘贴令牌并保存。',
  tokenRefused: '令牌被拒绝（可能已过期或不正确），请换一个有效的令牌。服务器的说明：{message}',
  tokenForbidden: '没有权限：该令牌的角色不能查看这些数据。服务器的说明：{message}',
  exporting: '正在导出 {format}…',
  exportDone: '已下载 {file}',
};

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  pageTitle: 'Pairing Graph · Explorer',
  title: 'Pairing Graph',
  subtitle: 'East–West cooperation: Chaoyang (Beijing) — Zhuozi county (Inner Mongolia)',
  graphiql: 'GraphQL IDE',
  switchLang: '中文',
  searchHeading: 'Search units',
  searchLabel: 'Name, pinyin or pinyin initials',
  searchPlaceholder: 'e.g. 拐角铺, gjp',
  searching: 'Searching…',
  noHits: 'No unit matches',
  viewHeading: 'View',
  depth: 'Depth',
  township: 'Township',
  allTownships: 'All townships',
  reset: 'Show the whole cooperation',
  viewAll: 'The whole cooperation',
  viewRegion: 'Township: {name}',
  viewCenter: 'Around “{name}”, {depth} step(s)',
  gapsHeading: 'Unpaired demonstration villages',
  gapsNone: 'No unpaired demonstration village in this view.',
  gapsHint: 'Ringed in red in the graph',
  legendHeading: 'Legend',
  legendKinds: 'Kind of unit (fill)',
  legendSides: 'Side (shape)',
  legendMarks: 'Marks and lines',
  legendGap: 'Unpaired demonstration village',
  legendCenter: 'Center unit',
  legendPairing: 'Pairing (supporting → supported)',
  legendLocation: 'Part of / located in',
  exportHeading: 'Export this view',
  exportTitle: 'Download a {format} file (current selection)',
  loading: 'Loading the graph…',
  stats: '{nodes} units · {edges} links · {pairings} pairings',
  truncated: 'too many results, cut',
  error: 'Something went wrong: {message}',
  close: 'Close',
  centerHere: 'Center the graph here',
  counterpartsHeading: 'Counterparts',
  noCounterparts: 'No active pairing today.',
  unknownUnit: 'No such unit.',
  factKind: 'Kind',
  factSide: 'Side',
  factRegion: 'Lies in',
  factDemonstration: 'Demonstration village',
  factProvenance: 'Provenance',
  factId: 'Code',
  factPaired: 'Pairing status',
  yes: 'yes',
  no: 'no',
  paired: 'paired',
  unpaired: 'unpaired',
  pairingSince: 'since {date}',
  pairingUntil: 'until {date}',
  sourceLabel: 'Source',
  sideNone: 'Other',
  tokenHeading: 'Access token',
  tokenLabel: 'Token (kept in this tab only, gone when it closes)',
  tokenPlaceholder: 'Paste a token',
  tokenSave: 'Save',
  tokenClear: 'Clear',
  tokenSet: 'set',
  tokenUnset: 'not set',
  tokenNeeded: 'A token is needed: this service shows its data only to holders of an access token. Paste one under “Access token” on the left and save it.',
  tokenRefused: 'The token was refused (expired or wrong): enter a valid one. The server says: {message}',
  tokenForbidden: 'Not allowed: this token’s role may not see this data. The server says: {message}',
  exporting: 'Exporting {format}…',
  exportDone: 'Downloaded {file}',
};

export const DICTIONARY: Record<Lang, Record<Key, string>> = { zh, en };

type Labels<T extends string> = Record<T, Record<Lang, string>>;

export const UNIT_KIND: Labels<UnitKind> = {
  PROVINCE: { zh: '省级', en: 'Province' },
  CITY: { zh: '地级市', en: 'City' },
  DISTRICT: { zh: '市辖区', en: 'District' },
  COUNTY: { zh: '县', en: 'County' },
  STREET: { zh: '街道', en: 'Street' },
  AREA: { zh: '地区', en: 'Area' },
  TOWN: { zh: '镇', en: 'Town' },
  TOWNSHIP: { zh: '乡', en: 'Township' },
  COMMUNITY: { zh: '社区', en: 'Community' },
  VILLAGE: { zh: '村', en: 'Village' },
  VILLAGE_OR_COMMUNITY: { zh: '村或社区', en: 'Village or community' },
  RELOCATION_ESTATE: { zh: '易地搬迁小区', en: 'Relocation estate' },
  SCHOOL: { zh: '学校', en: 'School' },
  HOSPITAL: { zh: '医院', en: 'Hospital' },
  ENTERPRISE: { zh: '企业', en: 'Enterprise' },
  SOCIAL_ORGANIZATION: { zh: '社会组织', en: 'Social organisation' },
  GOVERNMENT_BODY: { zh: '政府机构', en: 'Government body' },
};

export const SIDE: Labels<Side> = {
  SUPPORTING: { zh: '支援方（东部）', en: 'Supporting (east)' },
  SUPPORTED: { zh: '受援方（西部）', en: 'Supported (west)' },
};

export const PAIRING_KIND: Labels<PairingKind> = {
  SCHOOL_SCHOOL: { zh: '学校—学校', en: 'School–school' },
  HOSPITAL_HOSPITAL: { zh: '医院—医院', en: 'Hospital–hospital' },
  STREET_TOWNSHIP: { zh: '街乡—乡镇', en: 'Street–township' },
  COMMUNITY_VILLAGE: { zh: '村社区—村', en: 'Community–village' },
  ENTERPRISE_VILLAGE: { zh: '企业—村', en: 'Enterprise–village' },
  SOCIAL_ORGANIZATION_VILLAGE: { zh: '社会组织—村', en: 'Social organisation–village' },
};

export const SECTOR: Labels<Sector> = {
  EDUCATION: { zh: '教育', en: 'Education' },
  HEALTH: { zh: '医疗卫生', en: 'Health' },
  GOVERNANCE: { zh: '基层治理与乡村振兴', en: 'Local government' },
  RURAL_REVITALIZATION: { zh: '乡村振兴', en: 'Rural revitalization' },
  INDUSTRY: { zh: '产业', en: 'Industry' },
  SOCIAL_ASSISTANCE: { zh: '社会帮扶', en: 'Social assistance' },
};

export const STATUS: Labels<PairingStatus> = {
  ACTIVE: { zh: '有效', en: 'active' },
  ENDED: { zh: '已结束', en: 'ended' },
};

export const PROVENANCE: Labels<Provenance> = {
  REPORTED: { zh: '公开来源', en: 'Reported' },
  PLACEHOLDER: { zh: '占位（名单未公开）', en: 'Placeholder (not public)' },
  IMPORTED: { zh: '导入', en: 'Imported' },
};

export const MATCH: Labels<SearchMatch> = {
  NAME_EXACT: { zh: '名称', en: 'name' },
  NAME_PREFIX: { zh: '名称', en: 'name' },
  NAME: { zh: '名称', en: 'name' },
  PINYIN: { zh: '拼音', en: 'pinyin' },
  INITIALS: { zh: '首字母', en: 'initials' },
};

export const EDGE_TYPE: Labels<GraphEdgeType> = {
  PAIRING: { zh: '结对', en: 'pairing' },
  PART_OF: { zh: '隶属', en: 'part of' },
  LOCATED_IN: { zh: '位于', en: 'located in' },
};

/** Returns the dictionary entry with `{name}` placeholders filled. */
export function translate(lang: Lang, key: Key, values: Record<string, string | number> = {}): string {
  return DICTIONARY[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
