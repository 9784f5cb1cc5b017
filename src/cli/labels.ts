import type { PairingKind, RegionLevel, Sector, SuggestionReasonCode, UnitKind } from '../generated/operations';
import type { Lang, Localized } from './i18n';

/**
 * The dictionary of the API's enum values as the command line shows them (table and CSV): Chinese
 * by default, English with `--lang en`. JSON output keeps the API's values untouched.
 */

/** Kinds of unit (单位类型). */
export const UNIT_KIND_LABELS: Record<UnitKind, Localized> = {
  PROVINCE: { zh: '省级', en: 'province' },
  CITY: { zh: '地级市', en: 'city' },
  DISTRICT: { zh: '市辖区', en: 'district' },
  COUNTY: { zh: '县', en: 'county' },
  STREET: { zh: '街道', en: 'street' },
  AREA: { zh: '地区', en: 'area' },
  TOWN: { zh: '镇', en: 'town' },
  TOWNSHIP: { zh: '乡', en: 'township' },
  COMMUNITY: { zh: '社区', en: 'community' },
  VILLAGE: { zh: '村', en: 'village' },
  VILLAGE_OR_COMMUNITY: { zh: '村或社区', en: 'village or community' },
  RELOCATION_ESTATE: { zh: '易地搬迁小区', en: 'relocation estate' },
  SCHOOL: { zh: '学校', en: 'school' },
  HOSPITAL: { zh: '医院', en: 'hospital' },
  ENTERPRISE: { zh: '企业', en: 'enterprise' },
  SOCIAL_ORGANIZATION: { zh: '社会组织', en: 'social organisation' },
  GOVERNMENT_BODY: { zh: '政府机构', en: 'government body' },
};

/** Levels of division (区划级别), as the names of the columns of a coverage table: 乡镇代码, 乡镇, 乡镇本身结对. */
export const REGION_LEVEL_LABELS: Record<RegionLevel, Localized> = {
  PROVINCE: { zh: '省级区划', en: 'province' },
  CITY: { zh: '地级区划', en: 'prefecture' },
  COUNTY: { zh: '县级区划', en: 'county' },
  TOWNSHIP: { zh: '乡镇', en: 'township' },
  VILLAGE: { zh: '村', en: 'village' },
};

/** Kinds of pairing (结对类型). */
export const PAIRING_KIND_LABELS: Record<PairingKind, Localized> = {
  SCHOOL_SCHOOL: { zh: '学校—学校', en: 'school–school' },
  HOSPITAL_HOSPITAL: { zh: '医院—医院', en: 'hospital–hospital' },
  STREET_TOWNSHIP: { zh: '街乡—乡镇', en: 'street–township' },
  COMMUNITY_VILLAGE: { zh: '村社区—村', en: 'community–village' },
  ENTERPRISE_VILLAGE: { zh: '企业—村', en: 'enterprise–village' },
  SOCIAL_ORGANIZATION_VILLAGE: { zh: '社会组织—村', en: 'social organisation–village' },
};

/** Sectors of pairings (领域). */
export const SECTOR_LABELS: Record<Sector, Localized> = {
  EDUCATION: { zh: '教育', en: 'education' },
  HEALTH: { zh: '医疗卫生', en: 'health' },
  GOVERNANCE: { zh: '基层治理与乡村振兴', en: 'local government' },
  RURAL_REVITALIZATION: { zh: '乡村振兴', en: 'rural revitalization' },
  INDUSTRY: { zh: '产业', en: 'industry' },
  SOCIAL_ASSISTANCE: { zh: '社会帮扶', en: 'social assistance' },
};

/** Reasons of a partner suggestion (推荐理由). */
export const REASON_LABELS: Record<SuggestionReasonCode, Localized> = {
  SAME_TOWNSHIP: { zh: '同乡镇已有结对', en: 'pairs in the same township' },
  SAME_SECTOR: { zh: '同领域', en: 'same sector' },
  SAME_KIND_AS_PARTNERS: { zh: '与现有结对方同类', en: 'same kind as current partners' },
  FEWEST_PARTNERS: { zh: '结对负荷低', en: 'few partners' },
  SAME_COUNTY: { zh: '同县已有结对', en: 'pairs in the same county' },
};

/** Returns the label of an enum value in `lang`, or the value itself when the dictionary lacks it (a newer server). */
export function label<K extends string>(dictionary: Record<K, Localized>, value: K, lang: Lang): string {
  return (dictionary as Record<string, Localized | undefined>)[value]?.[lang] ?? value;
}

/** Returns the unit kind `text` names: the API value in any case (`enterprise`) or its Chinese label (企业); null otherwise. */
export function unitKindFrom(text: string): UnitKind | null {
  const t = text.trim();
  for (const [kind, names] of Object.entries(UNIT_KIND_LABELS) as Array<[UnitKind, Localized]>) {
    if (kind === t.toUpperCase() || names.zh === t) return kind;
  }
  return null;
}

/** Returns a server's Chinese detail with the sector values it may quote (EDUCATION, …) shown in `lang`. */
export function translateSectors(detail: string, lang: Lang): string {
  if (lang !== 'zh') return detail;
  return detail.replace(/\b[A-Z][A-Z_]+\b/g, (word) => (word in SECTOR_LABELS ? SECTOR_LABELS[word as Sector].zh : word));
}
