import { SYNTH_REFERENCE_DATE } from './generateActivities';
import { isoDay } from './Rng';

/**
 * Options of a synthetic pairing graph. Counts named "per" are means: each county, township and village
 * count varies around them (townships ±25 %, villages ±50 %), except `orgsPerDistrict`, which is exact.
 */
export interface SynthOptions {
  /** Seed of the generator: the same seed and options give byte-identical output. */
  seed: number;
  /** Unique per test (e.g. 't123'): prefixes every non-region id, is stored as `synth` on every node, and picks the region codes. */
  idPrefix: string;
  supportingProvinces?: number;
  supportedProvinces?: number;
  /** County-level districts (区) of each supporting province. */
  districtsPerProvince?: number;
  /** Counties (县) of each supported province. */
  countiesPerProvince?: number;
  /** Mean township-level units (streets, areas, towns, townships) of a district or county. */
  townshipsPerCounty?: number;
  /** Mean village-level units (villages, communities) of a township-level unit. */
  villagesPerTownship?: number;
  /** Organizations (schools, hospitals, enterprises, social organizations) of each supporting district. */
  orgsPerDistrict?: number;
  /** Share of the supported villages that are paired. */
  pairingShare?: number;
  /** Share of the supported villages that are demonstration villages (drawn independently of pairing). */
  demonstrationShare?: number;
  /** Share of pairings that have ended (status ENDED, `until` set). */
  endedShare?: number;
  /** First year of `since` dates. */
  fromYear?: number;
  /** Last year of `since`/`until` dates; `asOf` is its 31 December. */
  toYear?: number;
  /** Whether units carry their search fields pinyin/initials/names (as `searchFieldsOf` gives them); default true. */
  pinyin?: boolean;
  /**
   * Whether each supported county gets one `:Entity:Cooperation` per district serving it (SUPPORTING_SIDE and
   * SUPPORTED_SIDE links, as the seed's 朝阳—卓资 cooperation) and every pairing an IN_COOPERATION link to the
   * cooperation of its supporter's district, as imports make them. Default false.
   */
  cooperations?: boolean;
  /**
   * Whether a pairing is recorded as yearly agreements (history): one :Pairing per year from its start, each
   * ENDED the day before the next begins, the last ACTIVE unless the pairing ended. Default false (one record).
   */
  yearlyRecords?: boolean;
  /**
   * Whether pairings and cooperations get activities (the ledger, `:Activity` with ACTIVITY_OF, natural-key ids
   * and `synth` set) as src/synth/generateActivities.ts describes them. Default false. The rest of the graph is
   * the same with or without them.
   */
  activities?: boolean;
  /** YYYY-MM-DD: no activity is dated after it, and dormancy is relative to it. Default SYNTH_REFERENCE_DATE. */
  referenceDate?: string;
}

/** The options with every default filled in, as {@link resolveSynthOptions} returns them. */
export type ResolvedSynthOptions = Required<SynthOptions>;

/** Defaults: about 3,000 units and 1,000 pairings (some 4,000 nodes and 5,000 relationships). */
export const SYNTH_DEFAULTS: Omit<ResolvedSynthOptions, 'seed' | 'idPrefix'> = {
  supportingProvinces: 2,
  supportedProvinces: 2,
  districtsPerProvince: 4,
  countiesPerProvince: 5,
  townshipsPerCounty: 8,
  villagesPerTownship: 20,
  orgsPerDistrict: 16,
  pairingShare: 0.6,
  demonstrationShare: 0.08,
  endedShare: 0.15,
  fromYear: 2017,
  toYear: 2024,
  pinyin: true,
  cooperations: false,
  yearlyRecords: false,
  activities: false,
  referenceDate: SYNTH_REFERENCE_DATE,
};

/** County-level units per city: a province has ceil(counties / 10) cities. */
export const COUNTIES_PER_CITY = 10;

/** Returns the options with defaults filled in; throws a RangeError naming the first invalid option. */
export function resolveSynthOptions(options: SynthOptions): ResolvedSynthOptions {
  const o = { ...SYNTH_DEFAULTS, ...stripUndefined(options) } as ResolvedSynthOptions;
  if (!Number.isFinite(o.seed)) throw new RangeError('synth: seed must be a finite number');
  if (typeof o.idPrefix !== 'string' || !/^[A-Za-z0-9_-]+$/.test(o.idPrefix)) throw new RangeError('synth: idPrefix must be letters, digits, - or _');
  const int = (name: keyof ResolvedSynthOptions, min: number, max: number) => {
    const v = o[name] as number;
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`synth: ${name} must be an integer in ${min}..${max}, got ${v}`);
  };
  int('supportingProvinces', 1, 9);
  int('supportedProvinces', 1, 9);
  if (o.supportingProvinces + o.supportedProvinces > 10) throw new RangeError('synth: at most 10 provinces in all (codes 90…99)');
  int('districtsPerProvince', 1, 99 * COUNTIES_PER_CITY);
  int('countiesPerProvince', 1, 99 * COUNTIES_PER_CITY);
  int('townshipsPerCounty', 1, 799);
  int('villagesPerTownship', 1, 666);
  int('orgsPerDistrict', 0, 100000);
  int('fromYear', 1000, 9998);
  int('toYear', o.fromYear, 9998);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.referenceDate) || isoDay(Math.round(Date.parse(`${o.referenceDate}T00:00:00Z`) / 86400000)) !== o.referenceDate) {
    throw new RangeError(`synth: referenceDate must be a calendar date YYYY-MM-DD, got ${o.referenceDate}`);
  }
  for (const name of ['pairingShare', 'demonstrationShare', 'endedShare'] as const) {
    if (!(o[name] >= 0 && o[name] <= 1)) throw new RangeError(`synth: ${name} must be in 0..1, got ${o[name]}`);
  }
  return o;
}

function stripUndefined(o: SynthOptions): Partial<SynthOptions> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<SynthOptions>;
}
