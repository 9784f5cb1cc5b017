import type { Database } from '../db/Database';
import { toPlain } from '../db/toPlain';
import { PAIRING_KINDS, REGION_LEVELS, type PairingKindValue, type RegionLevelValue, type UnitKindValue } from '../domain/vocabulary';
import type { UnitRecord } from '../unit/UnitRecord';
import { COVERAGE_SECTIONS, coverageQuery, connectionQuery, SUGGESTION_CANDIDATES, TIMELINE, unpairedVillagesQuery, type CoverageSection } from './plannerQueries';
import {
  PAIRING_KIND_ENDS,
  type CoverageRecord,
  type KindCoverageRecord,
  type PathRecord,
  type RegionCoverageRecord,
  type TimelineRecord,
  type TownshipCoverageRecord,
  type UnpairedVillageRecord,
  type VillageCounts,
} from './plannerRecords';

/** For each kind of supported unit, the kinds of supporting unit that may pair with it. */
const CANDIDATE_KINDS: Record<string, UnitKindValue[]> = {};
for (const ends of Object.values(PAIRING_KIND_ENDS)) {
  for (const target of ends.supported) CANDIDATE_KINDS[target] = [...new Set([...(CANDIDATE_KINDS[target] ?? []), ...ends.supporting])];
}

/** Each level's depth in the hierarchy (PROVINCE 0 … VILLAGE 4), the `$ranks` of the coverage query. */
const LEVEL_RANKS: Record<RegionLevelValue, number> = Object.fromEntries(REGION_LEVELS.map((level, i) => [level, i])) as Record<RegionLevelValue, number>;

/** Every section of the coverage: what a caller that names none gets. */
const ALL_COVERAGE_SECTIONS: ReadonlySet<CoverageSection> = new Set(COVERAGE_SECTIONS);


/** Which region a question is about: its 12-digit code, and whether it must be a county (the deprecated `county` argument). */
export interface RegionScope {
  region: string;
  countyOnly?: boolean;
}

/** Village counts of one entry of the coverage, before the unpaired counts are derived. */
interface VillageGroup {
  entry: string | null;
  villages: number;
  paired: number;
  demonstration: number;
  demonstrationPaired: number;
}

/** What a candidate partner looks like before it is scored. */
export interface CandidateRecord {
  unit: UnitRecord;
  load: number;
  inTownship: number;
  inCounty: number;
  sameSectors: string[];
  sameKind: boolean;
}

/** A lookup whose anchor may be missing: `null` means the county or unit does not exist. */
export type Found<T> = { found: true; value: T } | { found: false; what: string };

/** Answers the planners' questions, each in one round trip. */
export class PlannerRepository {
  constructor(private readonly db: Database) {}

  /**
   * Returns the villages at any depth below the region lacking an active pairing (of `supportingKinds`
   * when given) on `on`, or not-found naming `region`, `county` (with `countyOnly`) or `township`. Each village's
   * county is looked up only with `county` (the default); without it `countyCode` and `countyName` are null.
   */
  async unpairedVillages(
    args: RegionScope & {
      township: string | null;
      demonstrationOnly: boolean;
      on: string;
      supportingKinds: UnitKindValue[] | null;
    },
    options: { county?: boolean } = {},
  ): Promise<Found<UnpairedVillageRecord[]>> {
    const countyOnly = args.countyOnly ?? false;
    const query = unpairedVillagesQuery({ county: options.county ?? true });
    const result = await this.db.read((tx) => tx.run(query, { ...args, countyOnly }));
    const r = result.records[0];
    if (!r.get('regionFound')) return { found: false, what: countyOnly ? 'county' : 'region' };
    if (!r.get('townshipFound')) return { found: false, what: 'township' };
    const rows = toPlain(r.get('rows')) as unknown as UnpairedVillageRecord[];
    return { found: true, value: rows.map((row) => ({ ...row, pairedKinds: [...row.pairedKinds].sort() })) };
  }

  /**
   * Returns the coverage of a region on `on`: per entry of its children (those directly under it, or at
   * level `by`, with stand-ins where that level is skipped), in total, per kind and per supporting unit;
   * not-found naming `region`, or `county` when `countyOnly` and the code is no county. A `by` at or above
   * the region's level gives no children: the caller checks it against `regionLevel`. Only the `sections` given
   * (all by default) are read from Neo4j: the fields made of the others hold counts over nothing and must not be served.
   */
  async coverage(
    region: string,
    on: string,
    options: { by?: RegionLevelValue | null; countyOnly?: boolean; sections?: ReadonlySet<CoverageSection> } = {},
  ): Promise<Found<CoverageRecord>> {
    const countyOnly = options.countyOnly ?? false;
    const params = { region, on, countyOnly, ranks: LEVEL_RANKS, byRank: options.by ? LEVEL_RANKS[options.by] : null };
    const query = coverageQuery(options.sections ?? ALL_COVERAGE_SECTIONS);
    const result = await this.db.read((tx) => tx.run(query, params));
    const r = result.records[0];
    if (!r.get('found')) return { found: false, what: countyOnly ? 'county' : 'region' };
    const regionName = r.get('regionName') as string;
    const regionLevel = r.get('regionLevel') as RegionLevelValue;
    const entries = toPlain(r.get('entries')) as unknown as Pick<RegionCoverageRecord, 'code' | 'name' | 'level' | 'regionPaired'>[];
    const groups = toPlain(r.get('villageGroups')) as unknown as VillageGroup[];
    const units = toPlain(r.get('unitGroups')) as unknown as { kind: UnitKindValue; demonstration: boolean; kinds: PairingKindValue[]; n: number }[];
    const supportingRows = toPlain(r.get('supporting')) as unknown as { unit: UnitRecord; activeKinds: PairingKindValue[]; ended: number }[];
    const byEntry = new Map(groups.map((g) => [g.entry, g]));
    const counts = (g: VillageGroup[]): VillageCounts => {
      const n = (key: 'villages' | 'paired' | 'demonstration' | 'demonstrationPaired') => g.reduce((sum, x) => sum + x[key], 0);
      return {
        villages: n('villages'),
        paired: n('paired'),
        unpaired: n('villages') - n('paired'),
        demonstration: n('demonstration'),
        demonstrationPaired: n('demonstrationPaired'),
        demonstrationUnpaired: n('demonstration') - n('demonstrationPaired'),
      };
    };
    const children: RegionCoverageRecord[] = entries.map((e) => {
      const g = byEntry.get(e.code);
      return { ...e, ...counts(g ? [g] : []) };
    });
    const townships: TownshipCoverageRecord[] = children.map(({ level: _level, regionPaired, ...rest }) => ({ ...rest, townshipPaired: regionPaired }));
    const total: TownshipCoverageRecord = {
      code: region,
      name: regionName,
      ...counts(groups),
      townshipPaired: children.length > 0 && children.every((t) => t.regionPaired),
    };
    const count = (list: typeof units) => list.reduce((n, u) => n + u.n, 0);
    const kinds: KindCoverageRecord[] = PAIRING_KINDS.map((kind) => {
      const eligible = units.filter((u) => PAIRING_KIND_ENDS[kind].supported.includes(u.kind));
      const paired = eligible.filter((u) => u.kinds.includes(kind));
      const demo = eligible.filter((u) => u.demonstration);
      const demoPaired = demo.filter((u) => u.kinds.includes(kind));
      const carriers = supportingRows.filter((s) => s.activeKinds.includes(kind));
      return {
        kind,
        units: count(eligible),
        paired: count(paired),
        unpaired: count(eligible) - count(paired),
        demonstrationPaired: count(demoPaired),
        demonstrationUnpaired: count(demo) - count(demoPaired),
        pairings: carriers.reduce((n, s) => n + s.activeKinds.filter((k) => k === kind).length, 0),
        supportingUnits: carriers.length,
      };
    });
    const supporting = supportingRows.map((s) => ({
      unit: s.unit,
      partners: s.activeKinds.length,
      ended: s.ended,
      kinds: [...new Set(s.activeKinds)].sort(),
    }));
    return {
      found: true,
      value: {
        regionCode: region,
        regionName,
        regionLevel,
        countyCode: region,
        countyName: regionName,
        activeOn: on,
        children,
        townships,
        total,
        kinds,
        supporting,
      },
    };
  }

  /** Returns the unit's kind and side and its candidates, or not-found for an unknown unit. */
  async suggestionCandidates(
    unitId: string,
    on: string,
  ): Promise<Found<{ kind: UnitKindValue; side: string | null; townshipName: string | null; candidates: CandidateRecord[] }>> {
    const result = await this.db.read((tx) => tx.run(SUGGESTION_CANDIDATES, { unitId, candidateKinds: CANDIDATE_KINDS, on }));
    const r = result.records[0];
    if (!r.get('found')) return { found: false, what: 'unit' };
    return {
      found: true,
      value: {
        kind: r.get('kind') as UnitKindValue,
        side: r.get('side') as string | null,
        townshipName: r.get('townshipName') as string | null,
        candidates: toPlain(r.get('candidates')) as unknown as CandidateRecord[],
      },
    };
  }

  /** Returns the shortest path between two units, null when none within `maxHops`, or not-found. */
  async connection(fromId: string, toId: string, maxHops: number): Promise<Found<PathRecord | null>> {
    const result = await this.db.read((tx) => tx.run(connectionQuery(maxHops), { fromId, toId }));
    const r = result.records[0];
    if (!r.get('fromFound')) return { found: false, what: 'fromId' };
    if (!r.get('toFound')) return { found: false, what: 'toId' };
    return { found: true, value: toPlain(r.get('path')) as unknown as PathRecord | null };
  }

  /** Returns started and ended pairings per year and kind into any unit within the region, or not-found naming `region` or `county`. */
  async timeline(scope: RegionScope): Promise<Found<TimelineRecord[]>> {
    const countyOnly = scope.countyOnly ?? false;
    const result = await this.db.read((tx) => tx.run(TIMELINE, { region: scope.region, countyOnly }));
    const r = result.records[0];
    if (!r.get('found')) return { found: false, what: countyOnly ? 'county' : 'region' };
    return { found: true, value: toPlain(r.get('rows')) as unknown as TimelineRecord[] };
  }
}
