// The page's language (zh by default, en on request, remembered) and its labels: the texts live in
// messages/zh.ts and messages/en.ts; the enum labels here are keyed by the schema's enums (the generated
// types), so a new enum value fails the type check until it has labels.
import { ACTIVITY_FORM_LABELS, MEASURE_UNIT_LABELS } from '../domain/vocabulary';
import type { ActivityForm, ChangeAction, GraphEdgeType, MeasureUnit, PairingKind, PairingStatus, Provenance, SearchMatch, Sector, Side, SuggestionReasonCode, UnitKind } from '../generated/operations';
import { en } from './messages/en';
import { zh } from './messages/zh';

export type Lang = 'zh' | 'en';
export type Key = keyof typeof zh;

const LANG_KEY = 'pairing-graph.lang';

/** Both dictionaries; `en` must have every key of `zh` (the type check says which is missing). */
export const DICTIONARY: Record<Lang, Record<Key, string>> = { zh, en };

let current: Lang = readLang();

function readLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/** Returns the page's language (zh by default; the last choice is remembered in localStorage). */
export function getLang(): Lang {
  return current;
}

/** Sets the page's language; with `remember`, keeps the choice for the next visit. Returns nothing. */
export function setLang(lang: Lang, remember: boolean): void {
  current = lang;
  if (!remember) return;
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/** Returns the dictionary entry in the page's language with `{name}` placeholders filled. */
export function t(key: Key, values?: Record<string, string | number>): string {
  return translate(current, key, values);
}

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
  OTHER_NAME_EXACT: { zh: '简称或曾用名', en: 'short or former name' },
  OTHER_NAME: { zh: '简称或曾用名', en: 'short or former name' },
  PINYIN: { zh: '拼音', en: 'pinyin' },
  INITIALS: { zh: '首字母', en: 'initials' },
};

export const EDGE_TYPE: Labels<GraphEdgeType> = {
  PAIRING: { zh: '结对', en: 'pairing' },
  PART_OF: { zh: '隶属', en: 'part of' },
  LOCATED_IN: { zh: '位于', en: 'located in' },
};

/** The labels of the reasons `suggestPartners` gives. */
export const REASON: Labels<SuggestionReasonCode> = {
  SAME_TOWNSHIP: { zh: '同乡镇已结对', en: 'Same township' },
  SAME_SECTOR: { zh: '同领域', en: 'Same sector' },
  SAME_KIND_AS_PARTNERS: { zh: '与现有结对方同类', en: 'Same kind as partners' },
  FEWEST_PARTNERS: { zh: '结对负荷低', en: 'Few partners' },
  SAME_COUNTY: { zh: '同县已结对', en: 'Same county' },
};

/** The labels of what an audited change did. */
export const ACTION: Labels<ChangeAction> = {
  CREATE: { zh: '新建', en: 'create' },
  UPDATE: { zh: '修改', en: 'update' },
  REPLACE: { zh: '替换占位', en: 'replace' },
  UNCHANGED: { zh: '无变化', en: 'unchanged' },
  DELETE: { zh: '删除', en: 'delete' },
};

/** The labels of the forms of activity and of the units of measure: the domain's (the schema's enums must match them). */
export const ACTIVITY_FORM: Labels<ActivityForm> = ACTIVITY_FORM_LABELS;
export const MEASURE_UNIT: Labels<MeasureUnit> = MEASURE_UNIT_LABELS;

/** Returns the dictionary entry with `{name}` placeholders filled. */
export function translate(lang: Lang, key: Key, values: Record<string, string | number> = {}): string {
  return DICTIONARY[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
