/** The closed vocabularies of the graph. Cypher never takes a label, kind or sort from outside these lists. */

/** Provenance of a node or relationship. */
export const PROVENANCES = ['REPORTED', 'PLACEHOLDER', 'IMPORTED'] as const;
export type ProvenanceValue = (typeof PROVENANCES)[number];

/** Sides of a cooperation. */
export const SIDES = ['SUPPORTING', 'SUPPORTED'] as const;
export type SideValue = (typeof SIDES)[number];

/** Division levels, top down. */
export const REGION_LEVELS = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'] as const;
export type RegionLevelValue = (typeof REGION_LEVELS)[number];

/** Kinds of unit: divisions first, then estates and organizations. */
export const UNIT_KINDS = [
  'PROVINCE',
  'CITY',
  'DISTRICT',
  'COUNTY',
  'STREET',
  'AREA',
  'TOWN',
  'TOWNSHIP',
  'COMMUNITY',
  'VILLAGE',
  'VILLAGE_OR_COMMUNITY',
  'RELOCATION_ESTATE',
  'SCHOOL',
  'HOSPITAL',
  'ENTERPRISE',
  'SOCIAL_ORGANIZATION',
  'GOVERNMENT_BODY',
] as const;
export type UnitKindValue = (typeof UNIT_KINDS)[number];

/** Kinds of unit that are organizations (they carry the Organization label). */
export const ORGANIZATION_KINDS: readonly UnitKindValue[] = [
  'SCHOOL',
  'HOSPITAL',
  'ENTERPRISE',
  'SOCIAL_ORGANIZATION',
  'GOVERNMENT_BODY',
];

/** Kinds of pairing. */
export const PAIRING_KINDS = [
  'SCHOOL_SCHOOL',
  'HOSPITAL_HOSPITAL',
  'STREET_TOWNSHIP',
  'COMMUNITY_VILLAGE',
  'ENTERPRISE_VILLAGE',
  'SOCIAL_ORGANIZATION_VILLAGE',
] as const;
export type PairingKindValue = (typeof PAIRING_KINDS)[number];

/** Sectors of pairings. */
export const SECTORS = ['EDUCATION', 'HEALTH', 'GOVERNANCE', 'RURAL_REVITALIZATION', 'INDUSTRY', 'SOCIAL_ASSISTANCE'] as const;
export type SectorValue = (typeof SECTORS)[number];

/** The sector of each kind of pairing, as the seed assigns it: the default of imports and of generated graphs. */
export const PAIRING_KIND_SECTORS: Readonly<Record<PairingKindValue, SectorValue>> = {
  SCHOOL_SCHOOL: 'EDUCATION',
  HOSPITAL_HOSPITAL: 'HEALTH',
  STREET_TOWNSHIP: 'GOVERNANCE',
  COMMUNITY_VILLAGE: 'RURAL_REVITALIZATION',
  ENTERPRISE_VILLAGE: 'INDUSTRY',
  SOCIAL_ORGANIZATION_VILLAGE: 'SOCIAL_ASSISTANCE',
};

/** Status of a pairing. */
export const PAIRING_STATUSES = ['ACTIVE', 'ENDED'] as const;
export type PairingStatusValue = (typeof PAIRING_STATUSES)[number];

/** Labels of the cooperation's entities (the report's agreements, plans, studios, people, …). */
export const ENTITY_LABELS = [
  'Cooperation',
  'Agreement',
  'Action',
  'Plan',
  'Studio',
  'IndustrialPark',
  'Workshop',
  'Product',
  'Channel',
  'Organization',
  'Person',
  'Event',
] as const;
export type EntityLabelValue = (typeof ENTITY_LABELS)[number];

/** Relationship types the seed and imports may create between entities. */
export const ENTITY_RELATIONSHIP_TYPES = [
  'LOCATED_IN',
  'PART_OF',
  'ALIGNS_WITH',
  'SUPPORTING_SIDE',
  'SUPPORTED_SIDE',
  'SOLD_VIA',
  'FOUNDED',
  'POSTED_TO',
  'FROM',
  'LEADS',
  'MEMBER_OF',
  'HELD_AT',
  'ORGANIZED_BY',
  'RUNS',
  'CERTIFIED_BY',
  'HAS_MARK',
  'PARTICIPATED_IN',
  'ABOUT',
] as const;
export type EntityRelationshipType = (typeof ENTITY_RELATIONSHIP_TYPES)[number];

/** A text in Chinese and English (the labels of a vocabulary's values). */
export interface ZhEn {
  zh: string;
  en: string;
}

/** Forms of support activity (帮扶形式) of the ledger (帮扶台账), as the report names them. */
export const ACTIVITY_FORMS = [
  'FIELD_VISIT',
  'REMOTE_MEETING',
  'CONSUMPTION',
  'INDUSTRY',
  'PUBLIC_WELFARE',
  'DONATION_MONEY',
  'DONATION_GOODS',
  'TRAINING',
  'LABOR',
  'TALENT_EXCHANGE',
  'PROJECT',
] as const;
export type ActivityFormValue = (typeof ACTIVITY_FORMS)[number];

/** The zh/en label of each form of activity. */
export const ACTIVITY_FORM_LABELS: Readonly<Record<ActivityFormValue, ZhEn>> = {
  FIELD_VISIT: { zh: '实地调研', en: 'field visit' },
  REMOTE_MEETING: { zh: '视频/电话对接', en: 'video or phone meeting' },
  CONSUMPTION: { zh: '消费帮扶', en: 'consumption assistance' },
  INDUSTRY: { zh: '产业对接', en: 'industry matchmaking' },
  PUBLIC_WELFARE: { zh: '公益活动', en: 'public welfare activity' },
  DONATION_MONEY: { zh: '捐款', en: 'donation of money' },
  DONATION_GOODS: { zh: '捐物', en: 'donation of goods' },
  TRAINING: { zh: '培训', en: 'training' },
  LABOR: { zh: '劳务协作', en: 'labour cooperation' },
  TALENT_EXCHANGE: { zh: '人才交流', en: 'talent exchange' },
  PROJECT: { zh: '项目', en: 'project' },
};

/** Units of measure of an activity (计量单位). */
export const MEASURE_UNITS = ['WAN_YUAN', 'PERSON_TIMES', 'PERSONS', 'SESSIONS', 'ITEMS'] as const;
export type MeasureUnitValue = (typeof MEASURE_UNITS)[number];

/** The zh/en label of each unit of measure; `zh` is how the report and the rosters write it. */
export const MEASURE_UNIT_LABELS: Readonly<Record<MeasureUnitValue, ZhEn>> = {
  WAN_YUAN: { zh: '万元', en: '10,000 yuan' },
  PERSON_TIMES: { zh: '人次', en: 'person-times' },
  PERSONS: { zh: '人', en: 'persons' },
  SESSIONS: { zh: '期', en: 'sessions' },
  ITEMS: { zh: '个', en: 'items' },
};

/** Units that count things: their values are whole numbers (万元 alone takes fractions). */
export const COUNTED_UNITS: readonly MeasureUnitValue[] = ['PERSON_TIMES', 'PERSONS', 'SESSIONS', 'ITEMS'];

/**
 * Which units of measure fit each form, and whether an activity of the form needs at least one measure.
 * Money given or spent is in 万元 (donations of goods at their value, or as 个 items; consumption as sales);
 * a training counts 期 and 人次; labour cooperation and talent exchange count 人 or 人次; a project counts
 * 个 and its funds in 万元; an industry matchmaking its 个 deals and 万元 invested; a public welfare activity
 * 万元, 人 or 人次. Visits and meetings may count who came (人, 人次) but need no measure: the act itself counts.
 */
export const ACTIVITY_FORM_UNITS: Readonly<Record<ActivityFormValue, { units: readonly MeasureUnitValue[]; measureRequired: boolean }>> = {
  FIELD_VISIT: { units: ['PERSON_TIMES', 'PERSONS'], measureRequired: false },
  REMOTE_MEETING: { units: ['PERSON_TIMES', 'PERSONS'], measureRequired: false },
  CONSUMPTION: { units: ['WAN_YUAN'], measureRequired: true },
  INDUSTRY: { units: ['ITEMS', 'WAN_YUAN'], measureRequired: false },
  PUBLIC_WELFARE: { units: ['WAN_YUAN', 'PERSON_TIMES', 'PERSONS'], measureRequired: false },
  DONATION_MONEY: { units: ['WAN_YUAN'], measureRequired: true },
  DONATION_GOODS: { units: ['WAN_YUAN', 'ITEMS'], measureRequired: true },
  TRAINING: { units: ['SESSIONS', 'PERSON_TIMES'], measureRequired: true },
  LABOR: { units: ['PERSONS', 'PERSON_TIMES'], measureRequired: true },
  TALENT_EXCHANGE: { units: ['PERSONS', 'PERSON_TIMES'], measureRequired: true },
  PROJECT: { units: ['ITEMS', 'WAN_YUAN'], measureRequired: true },
};

/** Returns whether `value` belongs to `list`, narrowing its type. */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
