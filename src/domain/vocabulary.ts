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

/** Returns whether `value` belongs to `list`, narrowing its type. */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
