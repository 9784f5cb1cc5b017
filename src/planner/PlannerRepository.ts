import type { Database } from '../db/Database';
import { toPlain } from '../db/toPlain';
import { PAIRING_KINDS, type PairingKindValue, type UnitKindValue } from '../domain/vocabulary';
import type { UnitRecord } from '../unit/UnitRecord';
import { COVERAGE, connectionQuery, SUGGESTION_CANDIDATES, TIMELINE, UNPAIRED_VILLAGES } from './plannerQueries';
import {
  PAIRING_KIND_ENDS,
  type CoverageRecord,
  type KindCoverageRecord,
  type PathRecord,
  type TimelineRecord,
  type TownshipCoverageRecord,
  type UnpairedVillageRecord,
} from './plannerRecords';

/** For each kind of supported unit, the kinds of supporting unit that may pair with it. */
const CANDIDATE_KINDS: Record<string, UnitKindValue[]> = {};
for (const ends of Object.values(PAIRING_KIND_ENDS)) {
  for (const target of ends.supported) CANDIDATE_KINDS[target] = [...new Set([...(CANDIDATE_KINDS[target] ?? []), ...ends.supporting])];
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

  /** Returns the villages lacking an active pairing (of `supportingKinds` when given) on `on`. */
  async unpairedVillages(args: {
    county: string;
    township: string | null;
    demonstrationOnly: boolean;
    on: string;
    supportingKinds: UnitKindValue[] | null;
  }): Promise<Found<UnpairedVillageRecord[]>> {
    const result = await this.db.read((tx) => tx.run(UNPAIRED_VILLAGES, args));
    const r = result.records[0];
    if (!r.get('countyFound')) return { found: false, what: 'county' };
    if (!r.get('townshipFound')) return { found: false, what: 'township' };
    const rows = toPlain(r.get('rows')) as unknown as UnpairedVillageRecord[];
    return { found: true, value: rows.map((row) => ({ ...row, pairedKinds: [...row.pairedKinds].sort() })) };
  }

  /** Returns the coverage of a county on `on`, or not-found when `county` is no county. */
  async coverage(county: string, on: string): Promise<Found<CoverageRecord>> {
    const result = await this.db.read((tx) => tx.run(COVERAGE, { county, on }));
    const r = result.records[0];
    if (!r.get('found')) return { found: false, what: 'county' };
    const townships = (toPlain(r.get('townships')) as unknown as Omit<TownshipCoverageRecord, 'unpaired' | 'demonstrationUnpaired'>[]).map(
      (t) => ({ ...t, unpaired: t.villages - t.paired, demonstrationUnpaired: t.demonstration - t.demonstrationPaired }),
    );
    const units = toPlain(r.get('units')) as unknown as { kind: UnitKindValue; demonstration: boolean; kinds: PairingKindValue[] }[];
    const supportingRows = toPlain(r.get('supporting')) as unknown as { unit: UnitRecord; activeKinds: PairingKindValue[]; ended: number }[];
    const sum = (key: keyof TownshipCoverageRecord) => townships.reduce((n, t) => n + (t[key] as number), 0);
    const total: TownshipCoverageRecord = {
      code: county,
      name: r.get('countyName') as string,
      villages: sum('villages'),
      paired: sum('paired'),
      unpaired: sum('unpaired'),
      demonstration: sum('demonstration'),
      demonstrationPaired: sum('demonstrationPaired'),
      demonstrationUnpaired: sum('demonstrationUnpaired'),
      townshipPaired: townships.length > 0 && townships.every((t) => t.townshipPaired),
    };
    const kinds: KindCoverageRecord[] = PAIRING_KINDS.map((kind) => {
      const eligible = units.filter((u) => PAIRING_KIND_ENDS[kind].supported.includes(u.kind));
      const paired = eligible.filter((u) => u.kinds.includes(kind));
      const demo = eligible.filter((u) => u.demonstration);
      const demoPaired = demo.filter((u) => u.kinds.includes(kind));
      const carriers = supportingRows.filter((s) => s.activeKinds.includes(kind));
      return {
        kind,
        units: eligible.length,
        paired: paired.length,
        unpaired: eligible.length - paired.length,
        demonstrationPaired: demoPaired.length,
        demonstrationUnpaired: demo.length - demoPaired.length,
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
    return { found: true, value: { countyCode: county, countyName: total.name, activeOn: on, townships, total, kinds, supporting } };
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

  /** Returns started and ended pairings per year and kind for a county. */
  async timeline(county: string): Promise<Found<TimelineRecord[]>> {
    const result = await this.db.read((tx) => tx.run(TIMELINE, { county }));
    const r = result.records[0];
    if (!r.get('found')) return { found: false, what: 'county' };
    return { found: true, value: toPlain(r.get('rows')) as unknown as TimelineRecord[] };
  }
}
