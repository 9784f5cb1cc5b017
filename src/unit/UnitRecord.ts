import type { ProvenanceValue, RegionLevelValue, SideValue, UnitKindValue } from '../domain/vocabulary';

/** A unit as stored: the mapper of the GraphQL `Unit` and `Region` types. */
export interface UnitRecord {
  id: string;
  name: string;
  kind: UnitKindValue;
  side: SideValue | null;
  /** Set for divisions only. */
  level: RegionLevelValue | null;
  /** Code of the division it lies in: a division's parent, an organization's location. */
  regionCode: string | null;
  demonstration: boolean | null;
  demonstrationProvenance: ProvenanceValue | null;
  provenance: ProvenanceValue;
  source: string | null;
  pinyin: string | null;
  initials: string | null;
  /** A division's short name (拐角铺村), when it has one. */
  shortName?: string | null;
  /** A division's names in older lists, with `formerNameYears` in the same order. */
  formerNames?: string[] | null;
  formerNameYears?: number[] | null;
  /** False when a newer division list no longer names the code. */
  current?: boolean | null;
  notCurrentSince?: number | null;
}

/** The stored fields of a unit that a projection can read. */
export type UnitRecordKey = keyof UnitRecord;

/** Every field of {@link UnitRecord}, in the order {@link unitProjection} reads them. */
export const UNIT_RECORD_KEYS: readonly UnitRecordKey[] = [
  'id', 'name', 'kind', 'side', 'level', 'demonstration', 'demonstrationProvenance', 'provenance', 'source', 'pinyin', 'initials',
  'shortName', 'formerNames', 'formerNameYears', 'current', 'notCurrentSince', 'regionCode',
];

/**
 * Returns the Cypher map projection of a unit bound to `v`: every field of a {@link UnitRecord}, or only
 * `keys` (the id always), so that a page reads no property its client did not ask for.
 */
export function unitProjection(v: string, keys: readonly UnitRecordKey[] = UNIT_RECORD_KEYS): string {
  const wanted = new Set<UnitRecordKey>(['id', ...keys]);
  const parts = UNIT_RECORD_KEYS.filter((k) => wanted.has(k)).map((k) =>
    k === 'regionCode' ? `regionCode: coalesce([(${v})-[:PART_OF]->(up:Region) | up.id][0], [(${v})-[:LOCATED_IN]->(ur:Region) | ur.id][0])` : `.${k}`,
  );
  return `${v} { ${parts.join(', ')} }`;
}
