import type { PairingKindValue, RegionLevelValue, UnitKindValue } from '../domain/vocabulary';
import type { UnitRecord } from '../unit/UnitRecord';

/** An unpaired village: the mapper of `UnpairedVillage`. */
export interface UnpairedVillageRecord {
  unit: UnitRecord;
  townshipCode: string;
  townshipName: string;
  countyCode: string | null;
  countyName: string | null;
  demonstration: boolean;
  pairedKinds: PairingKindValue[];
  partnerCount: number;
}

/** Village counts of one part of a region: villages, paired and unpaired, and the same of demonstration villages. */
export interface VillageCounts {
  villages: number;
  paired: number;
  unpaired: number;
  demonstration: number;
  demonstrationPaired: number;
  demonstrationUnpaired: number;
}

/** Counts of one township (or of the whole region). */
export interface TownshipCoverageRecord extends VillageCounts {
  code: string;
  name: string;
  townshipPaired: boolean;
}

/** Counts of the villages below one division: the mapper of `RegionCoverage`. */
export interface RegionCoverageRecord extends VillageCounts {
  code: string;
  name: string;
  level: RegionLevelValue;
  regionPaired: boolean;
}

/** Counts of one kind of pairing. */
export interface KindCoverageRecord {
  kind: PairingKindValue;
  units: number;
  paired: number;
  unpaired: number;
  demonstrationPaired: number;
  demonstrationUnpaired: number;
  pairings: number;
  supportingUnits: number;
}

/** A supporting unit's load: the mapper of `PartnerLoad`. */
export interface PartnerLoadRecord {
  unit: UnitRecord;
  partners: number;
  ended: number;
  kinds: PairingKindValue[];
}

/** The mapper of `Coverage`. */
export interface CoverageRecord {
  regionCode: string;
  regionName: string;
  regionLevel: RegionLevelValue;
  /** The region's code and name again, under the deprecated names. */
  countyCode: string;
  countyName: string;
  activeOn: string;
  children: RegionCoverageRecord[];
  /** The same entries as `children`, in the deprecated township shape. */
  townships: TownshipCoverageRecord[];
  total: TownshipCoverageRecord;
  kinds: KindCoverageRecord[];
  supporting: PartnerLoadRecord[];
}

/** Codes of suggestion reasons. */
export type ReasonCode = 'SAME_TOWNSHIP' | 'SAME_SECTOR' | 'SAME_KIND_AS_PARTNERS' | 'FEWEST_PARTNERS' | 'SAME_COUNTY';

/** The mapper of `PartnerSuggestion`. */
export interface SuggestionRecord {
  unit: UnitRecord;
  score: number;
  currentPartners: number;
  pairingKind: PairingKindValue;
  reasons: { code: ReasonCode; points: number; detail: string }[];
}

/** The mapper of `UnitPath`. */
export interface PathRecord {
  hops: number;
  nodes: { id: string; name: string; type: 'UNIT' | 'REGION' | 'PAIRING'; kind: string | null }[];
  edges: { type: string; from: string; to: string }[];
}

/** The mapper of `TimelineEntry`. */
export interface TimelineRecord {
  year: number | null;
  kind: PairingKindValue;
  started: number;
  ended: number;
}

/** Which supported unit kinds each kind of pairing takes, and which supporting kinds make it. */
export const PAIRING_KIND_ENDS: Record<PairingKindValue, { supported: UnitKindValue[]; supporting: UnitKindValue[] }> = {
  SCHOOL_SCHOOL: { supported: ['SCHOOL'], supporting: ['SCHOOL'] },
  HOSPITAL_HOSPITAL: { supported: ['HOSPITAL'], supporting: ['HOSPITAL'] },
  STREET_TOWNSHIP: { supported: ['TOWN', 'TOWNSHIP'], supporting: ['STREET', 'AREA'] },
  COMMUNITY_VILLAGE: { supported: ['VILLAGE', 'RELOCATION_ESTATE'], supporting: ['VILLAGE_OR_COMMUNITY', 'COMMUNITY', 'VILLAGE'] },
  ENTERPRISE_VILLAGE: { supported: ['VILLAGE', 'RELOCATION_ESTATE'], supporting: ['ENTERPRISE'] },
  SOCIAL_ORGANIZATION_VILLAGE: { supported: ['VILLAGE', 'RELOCATION_ESTATE'], supporting: ['SOCIAL_ORGANIZATION'] },
};
