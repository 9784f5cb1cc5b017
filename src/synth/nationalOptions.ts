import { SYNTH_REFERENCE_DATE } from './generateActivities';
import type { SynthOptions } from './generateGraph';

/**
 * The national-scale graph at scale 1: 3 supporting provinces of 20 districts each serve 7 provinces of 80
 * counties, each county of about 12 townships of about 40 villages (counties as large as real ones, so that a
 * question about one county costs the same at every scale), with yearly pairing records since 2017 and the
 * cooperations that pairings belong to, and the ledger (src/synth/generateActivities.ts): without activities 1.23
 * million nodes and 3.03 million relationships, with them 3.25 and 5.05 million (2.02 million activities; a pairing record
 * brings three relationships, a division or organization one, so the model cannot reach three per node).
 */
export const NATIONAL_AT_SCALE_1 = {
  supportingProvinces: 3,
  supportedProvinces: 7,
  districtsPerProvince: 20,
  countiesPerProvince: 80,
  townshipsPerCounty: 12,
  villagesPerTownship: 40,
  orgsPerDistrict: 400,
  pairingShare: 0.7,
  demonstrationShare: 0.08,
  endedShare: 0.15,
  fromYear: 2017,
  toYear: 2024,
  pinyin: true,
  cooperations: true,
  yearlyRecords: true,
  activities: true,
  referenceDate: SYNTH_REFERENCE_DATE,
} as const satisfies Omit<SynthOptions, 'seed' | 'idPrefix'>;

/**
 * Returns the generator options of the national-scale graph at `scale` (1: about a million nodes): the number
 * of counties and districts grows with the scale, their size does not. Throws a RangeError for a scale
 * outside (0, 8] or one that the generator's code space cannot hold.
 */
export function nationalOptions(seed: number, idPrefix: string, scale = 1, overrides: Partial<SynthOptions> = {}): SynthOptions {
  if (!(scale > 0 && scale <= 8)) throw new RangeError(`synth: scale must be in (0, 8], got ${scale}`);
  const n = NATIONAL_AT_SCALE_1;
  return {
    ...n,
    districtsPerProvince: Math.max(1, Math.round(n.districtsPerProvince * scale)),
    countiesPerProvince: Math.max(1, Math.round(n.countiesPerProvince * scale)),
    ...overrides,
    seed,
    idPrefix,
  };
}
