import { PAIRING_KIND_SECTORS, type SideValue } from '../domain/vocabulary';
import type { SeedGraph } from '../seed/SeedGraph';
import { dayOf, fnv1a, Rng } from './Rng';
import { pad, SynthChunk, type CountyPlan } from './SynthChunk';
import { COUNTIES_PER_CITY, resolveSynthOptions, type SynthOptions } from './SynthOptions';
import { supportedCounty } from './supportedCounty';
import { supportingDistrict, type DistrictInfo } from './supportingDistrict';

export { resolveSynthOptions, SYNTH_DEFAULTS, type ResolvedSynthOptions, type SynthOptions } from './SynthOptions';

/** The sector of each pairing kind, as in the seed. */
export const SYNTH_SECTORS = PAIRING_KIND_SECTORS;

/**
 * Yields a synthetic pairing graph in chunks, in write order: first the source, provinces and cities;
 * then one chunk per supporting district (its streets, communities/villages and organizations); then
 * one chunk per supported county (its townships, villages, schools, hospitals and the pairings that
 * support them). Every relationship's ends are in its own chunk or an earlier one. Only the chunk
 * being built and a small index of the supporting side are held in memory.
 *
 * Region ids are their 12-digit codes: provinces 9x, with x, the city numbers and hence every code
 * chosen from a hash of `idPrefix` (not of the seed), so that graphs of different prefixes rarely
 * share codes below the province. Everything else (names, kinds, counts, pairings, dates) depends on
 * the seed and the other options only: two prefixes with one seed give the same graph under other ids.
 * Throws a RangeError for invalid options.
 */
export function* generateGraph(options: SynthOptions): Generator<SeedGraph> {
  const o = resolveSynthOptions(options);
  const prefix = o.idPrefix;
  const chunk = new SynthChunk(o);

  // --- Plan: province digits and city numbers from the prefix; counties; which districts serve which county.
  const codeRng = new Rng(fnv1a(prefix), 'codes');
  const provinceDigits = codeRng
    .shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    .slice(0, o.supportingProvinces + o.supportedProvinces)
    .sort((a, b) => a - b);
  const cityBase = codeRng.int(99);
  const districts: CountyPlan[] = [];
  const counties: CountyPlan[] = [];
  const districtsOfProvince: number[][] = [];
  let ordinal = 0;

  chunk.nodes.push({
    labels: ['Node', 'Source'],
    id: chunk.sourceId,
    props: { id: chunk.sourceId, title: 'Synthetic graph', kind: 'SYNTHETIC', provenance: 'REPORTED', source: chunk.sourceId, synth: prefix },
  });
  provinceDigits.forEach((digit, p) => {
    const side: SideValue = p < o.supportingProvinces ? 'SUPPORTING' : 'SUPPORTED';
    const pp = `9${digit}`;
    const provinceCode = `${pp}0000000000`;
    chunk.region(provinceCode, 'PROVINCE', 'PROVINCE', String(p + 1), side, null);
    const count = side === 'SUPPORTING' ? o.districtsPerProvince : o.countiesPerProvince;
    const cities = Math.ceil(count / COUNTIES_PER_CITY);
    const mine: number[] = [];
    for (let c = 0; c < cities; c++) {
      const cityCode = `${pp}${pad(1 + ((cityBase + c) % 99), 2)}00000000`;
      chunk.region(cityCode, 'CITY', 'CITY', `${p + 1}-${c + 1}`, side, provinceCode);
      for (let k = 0; k < Math.min(COUNTIES_PER_CITY, count - c * COUNTIES_PER_CITY); k++) {
        ordinal += 1;
        const plan = { code: `${cityCode.slice(0, 4)}${pad(k + 1, 2)}000000`, ordinal, side, parent: cityCode, partners: [] };
        if (side === 'SUPPORTING') {
          mine.push(districts.length);
          districts.push(plan);
        } else counties.push(plan);
      }
    }
    if (side === 'SUPPORTING') districtsOfProvince.push(mine);
  });
  yield chunk.flush();

  // Each supported province is served by one supporting province; each county by one or two of its districts.
  const planRng = new Rng(o.seed, 'plan');
  const shuffled = districtsOfProvince.map((ds) => planRng.shuffle([...ds]));
  let countyInProvince = 0;
  let lastProvince = '';
  for (const county of counties) {
    const province = county.code.slice(0, 2);
    if (province !== lastProvince) countyInProvince = 0;
    lastProvince = province;
    const partnerProvince = (provinceDigits.indexOf(Number(province[1])) - o.supportingProvinces) % o.supportingProvinces;
    const pool = shuffled[partnerProvince];
    const primary = pool[countyInProvince % pool.length];
    county.partners.push(primary);
    if (pool.length > 1 && planRng.chance(0.3)) {
      const others = pool.filter((d) => d !== primary);
      county.partners.push(planRng.pick(others));
    }
    countyInProvince += 1;
  }

  // --- Supporting districts: streets/areas, communities/villages, organizations.
  const infos: DistrictInfo[] = [];
  for (const d of districts) {
    infos.push(supportingDistrict(chunk, o, d));
    yield chunk.flush();
  }

  // --- Supported counties: townships, villages, schools and hospitals, and their pairings.
  const asOf = `${o.toYear}-12-31`;
  const firstDay = dayOf(o.fromYear, 1, 1);
  const lastDay = dayOf(o.toYear, 12, 31);
  const referenceDay = Math.round(Date.parse(`${o.referenceDate}T00:00:00Z`) / 86400000);
  for (const c of counties) {
    supportedCounty(chunk, o, c, infos, { asOf, firstDay, lastDay, referenceDay });
    yield chunk.flush();
  }
}

/** Returns the whole synthetic graph at once (for tests: a national-scale graph should be streamed). */
export function generateGraphAll(options: SynthOptions): SeedGraph {
  const out: SeedGraph = { nodes: [], relationships: [] };
  for (const chunk of generateGraph(options)) {
    for (const n of chunk.nodes) out.nodes.push(n);
    for (const r of chunk.relationships) out.relationships.push(r);
  }
  return out;
}
