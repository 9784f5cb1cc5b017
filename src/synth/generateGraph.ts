import { PAIRING_KIND_SECTORS, type PairingKindValue, type RegionLevelValue, type SectorValue, type SideValue, type UnitKindValue } from '../domain/vocabulary';
import { namesOf, pinyinOf, type PinyinForms, type SearchFields } from '../search/pinyinOf';
import type { SeedGraph, SeedNode, SeedRelationship } from '../seed/SeedGraph';
import { activityProfile, cooperationActivities, pairingActivities, SYNTH_REFERENCE_DATE, type ActivityProfile, type ActivitySink } from './generateActivities';
import { dayOf, fnv1a, isoDay, Rng } from './Rng';

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

/** The sector of each pairing kind, as in the seed. */
export const SYNTH_SECTORS = PAIRING_KIND_SECTORS;

/** County-level units per city: a province has ceil(counties / 10) cities. */
const COUNTIES_PER_CITY = 10;
const PROVENANCE = 'IMPORTED';
/** Length of one yearly agreement, in days. */
const YEAR_DAYS = 365;

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

// ---------------------------------------------------------------------------------------------
// Names and pinyin. Every name is a Chinese word, a space and numbers; pinyin is composed from the
// word's pinyin (computed once) and the digits, which is what searchFieldsOf gives for such names.

const pinyinCache = new Map<string, PinyinForms>();

function composedSearchFields(name: string, word: string, numbers: string): SearchFields {
  let w = pinyinCache.get(word);
  if (!w) {
    w = pinyinOf(word);
    pinyinCache.set(word, w);
  }
  const digits = numbers.replace(/[^0-9]/g, '');
  const forms = { pinyin: w.pinyin + digits, initials: w.initials + digits };
  return { ...forms, names: namesOf(name, [], forms) };
}

const WORDS: Partial<Record<UnitKindValue, string>> = {
  PROVINCE: '合成省',
  CITY: '合成市',
  DISTRICT: '合成区',
  COUNTY: '合成县',
  STREET: '合成街道',
  AREA: '合成地区',
  TOWN: '合成镇',
  TOWNSHIP: '合成乡',
  VILLAGE: '合成村',
  COMMUNITY: '合成社区',
  SCHOOL: '合成学校',
  HOSPITAL: '合成医院',
  ENTERPRISE: '合成企业',
  SOCIAL_ORGANIZATION: '合成社会组织',
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');


// ---------------------------------------------------------------------------------------------

type OrgKind = 'SCHOOL' | 'HOSPITAL' | 'ENTERPRISE' | 'SOCIAL_ORGANIZATION';

/** What the supported chunks need to know of a supporting district (kept for the whole run: small). */
interface DistrictInfo {
  code: string;
  streets: string[];
  localities: string[];
  orgs: Record<OrgKind, string[]>;
}

interface CountyPlan {
  code: string;
  ordinal: number;
  side: SideValue;
  parent: string;
  /** Supported counties: the indexes (into `districts`) of the one or two districts that serve it. */
  partners: number[];
}

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
  const sourceId = `${prefix}-source`;
  const relProps = { provenance: PROVENANCE, source: sourceId };

  let nodes: SeedNode[] = [];
  let relationships: SeedRelationship[] = [];
  const flush = (): SeedGraph => {
    const chunk = { nodes, relationships };
    nodes = [];
    relationships = [];
    return chunk;
  };
  const link = (from: string, type: string, to: string) => relationships.push({ type, from, to, props: { ...relProps } });

  const unitProps = (kind: UnitKindValue, numbers: string, side: SideValue) => {
    const name = `${WORDS[kind]} ${numbers}`;
    const props: SeedNode['props'] = { name, kind, side, provenance: PROVENANCE, source: sourceId };
    if (o.pinyin) Object.assign(props, composedSearchFields(name, WORDS[kind]!, numbers));
    props.synth = prefix;
    return props;
  };
  const region = (code: string, level: RegionLevelValue, kind: UnitKindValue, numbers: string, side: SideValue, parent: string | null, demonstration?: boolean) => {
    const props: SeedNode['props'] = { id: code, level, ...unitProps(kind, numbers, side) };
    if (level === 'VILLAGE') {
      props.demonstration = demonstration ?? false;
      props.demonstrationProvenance = side === 'SUPPORTED' ? PROVENANCE : null;
    }
    nodes.push({ labels: ['Node', 'Unit', 'Region'], id: code, props });
    if (parent) link(code, 'PART_OF', parent);
  };
  let orgSeq = 0;
  const organization = (kind: OrgKind, side: SideValue, locatedIn: string) => {
    orgSeq += 1;
    const id = `${prefix}-o-${orgSeq}`;
    nodes.push({ labels: ['Node', 'Unit', 'Organization'], id, props: { id, ...unitProps(kind, String(orgSeq), side) } });
    link(id, 'LOCATED_IN', locatedIn);
    return id;
  };

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

  nodes.push({
    labels: ['Node', 'Source'],
    id: sourceId,
    props: { id: sourceId, title: 'Synthetic graph', kind: 'SYNTHETIC', provenance: 'REPORTED', source: sourceId, synth: prefix },
  });
  provinceDigits.forEach((digit, p) => {
    const side: SideValue = p < o.supportingProvinces ? 'SUPPORTING' : 'SUPPORTED';
    const pp = `9${digit}`;
    const provinceCode = `${pp}0000000000`;
    region(provinceCode, 'PROVINCE', 'PROVINCE', String(p + 1), side, null);
    const count = side === 'SUPPORTING' ? o.districtsPerProvince : o.countiesPerProvince;
    const cities = Math.ceil(count / COUNTIES_PER_CITY);
    const mine: number[] = [];
    for (let c = 0; c < cities; c++) {
      const cityCode = `${pp}${pad(1 + ((cityBase + c) % 99), 2)}00000000`;
      region(cityCode, 'CITY', 'CITY', `${p + 1}-${c + 1}`, side, provinceCode);
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
  yield flush();

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
    const rng = new Rng(o.seed, `district:${d.ordinal}`);
    const info: DistrictInfo = { code: d.code, streets: [], localities: [], orgs: { SCHOOL: [], HOSPITAL: [], ENTERPRISE: [], SOCIAL_ORGANIZATION: [] } };
    region(d.code, 'COUNTY', 'DISTRICT', String(d.ordinal), 'SUPPORTING', d.parent);
    const streetCount = rng.around(o.townshipsPerCounty, 0.25);
    for (let t = 1; t <= streetCount; t++) {
      const streetCode = `${d.code.slice(0, 6)}${pad(t, 3)}000`;
      region(streetCode, 'TOWNSHIP', rng.chance(0.8) ? 'STREET' : 'AREA', `${d.ordinal}-${t}`, 'SUPPORTING', d.code);
      info.streets.push(streetCode);
      const villageCount = rng.around(o.villagesPerTownship, 0.5);
      for (let v = 1; v <= villageCount; v++) {
        const code = `${streetCode.slice(0, 9)}${pad(v, 3)}`;
        region(code, 'VILLAGE', rng.chance(0.7) ? 'COMMUNITY' : 'VILLAGE', `${d.ordinal}-${t}-${v}`, 'SUPPORTING', streetCode);
        info.localities.push(code);
      }
    }
    const first: OrgKind[] = ['SCHOOL', 'HOSPITAL', 'ENTERPRISE', 'SOCIAL_ORGANIZATION'];
    for (let j = 0; j < o.orgsPerDistrict; j++) {
      const kind =
        j < first.length
          ? first[j]
          : rng.weighted<OrgKind>([
              ['SCHOOL', 0.3],
              ['HOSPITAL', 0.15],
              ['ENTERPRISE', 0.35],
              ['SOCIAL_ORGANIZATION', 0.2],
            ]);
      const at = rng.chance(0.5) ? d.code : rng.pick(info.streets);
      info.orgs[kind].push(organization(kind, 'SUPPORTING', at));
    }
    infos.push(info);
    yield flush();
  }

  // --- Supported counties: townships, villages, schools and hospitals, and their pairings.
  const asOf = `${o.toYear}-12-31`;
  const firstDay = dayOf(o.fromYear, 1, 1);
  const lastDay = dayOf(o.toYear, 12, 31);
  let pairingSeq = 0;
  const referenceDay = Math.round(Date.parse(`${o.referenceDate}T00:00:00Z`) / 86400000);
  for (const c of counties) {
    const rng = new Rng(o.seed, `county:${c.ordinal}`);
    // The ledger draws from a stream of its own: the graph without activities is the same graph.
    const activityRng = new Rng(o.seed, `activities:${c.ordinal}`);
    const sink: ActivitySink | null = o.activities ? { nodes, relationships, prefix, sourceId, provenance: PROVENANCE, referenceDay } : null;
    const partners = c.partners.map((i) => infos[i]);
    const all = <T>(get: (d: DistrictInfo) => T[]) => partners.flatMap(get);
    const pools = {
      streets: all((d) => d.streets),
      localities: all((d) => d.localities),
      SCHOOL: all((d) => d.orgs.SCHOOL),
      HOSPITAL: all((d) => d.orgs.HOSPITAL),
      ENTERPRISE: all((d) => d.orgs.ENTERPRISE),
      SOCIAL_ORGANIZATION: all((d) => d.orgs.SOCIAL_ORGANIZATION),
    };
    /** With cooperations: the cooperation of each unit of a partner district (by the district's place in `partners`). */
    const cooperationOf = new Map<string, string>();
    const record = (kind: PairingKindValue, supporter: string, supported: string, sinceDay: number, untilDay: number | null, ended: boolean, profile: ActivityProfile | null) => {
      pairingSeq += 1;
      const id = `${prefix}-p-${pairingSeq}`;
      nodes.push({
        labels: ['Node', 'Pairing'],
        id,
        props: {
          id,
          kind,
          sector: SYNTH_SECTORS[kind],
          since: isoDay(sinceDay),
          until: untilDay === null ? null : isoDay(untilDay),
          asOf,
          status: ended ? 'ENDED' : 'ACTIVE',
          agreementId: null,
          provenance: PROVENANCE,
          source: sourceId,
          synth: prefix,
        },
      });
      link(id, 'SUPPORTER', supporter);
      link(id, 'SUPPORTED', supported);
      const cooperation = cooperationOf.get(supporter);
      if (cooperation) link(id, 'IN_COOPERATION', cooperation);
      if (sink && profile) pairingActivities(sink, activityRng, id, sinceDay, untilDay, profile);
    };
    const pair = (kind: PairingKindValue, supporter: string, supported: string) => {
      const sinceDay = firstDay + rng.int(Math.max(1, lastDay - firstDay));
      const ended = rng.chance(o.endedShare) && sinceDay < lastDay;
      const untilDay = ended ? sinceDay + 1 + rng.int(lastDay - sinceDay) : null;
      const profile = sink ? activityProfile(activityRng, referenceDay) : null;
      if (!o.yearlyRecords) return record(kind, supporter, supported, sinceDay, untilDay, ended, profile);
      // Yearly agreements: each year's record ends the day before the next one starts.
      const end = untilDay ?? lastDay;
      let start = sinceDay;
      while (start + YEAR_DAYS <= end) {
        record(kind, supporter, supported, start, start + YEAR_DAYS - 1, true, profile);
        start += YEAR_DAYS;
      }
      if (start <= end) record(kind, supporter, supported, start, untilDay, ended, profile);
    };

    region(c.code, 'COUNTY', 'COUNTY', String(c.ordinal), 'SUPPORTED', c.parent);
    if (o.cooperations) {
      partners.forEach((d, k) => {
        const id = `${prefix}-c-${c.ordinal}-${k + 1}`;
        nodes.push({
          labels: ['Node', 'Entity', 'Cooperation'],
          id,
          props: {
            id,
            name: `合成协作 ${c.ordinal}-${k + 1}`,
            kind: 'EAST_WEST_COOPERATION',
            provenance: PROVENANCE,
            source: sourceId,
            propertyKeys: ['since'],
            p_since: String(o.fromYear),
            synth: prefix,
          },
        });
        link(id, 'SUPPORTING_SIDE', d.code);
        link(id, 'SUPPORTED_SIDE', c.code);
        if (sink) cooperationActivities(sink, activityRng, id, firstDay);
        for (const unit of [...d.streets, ...d.localities, ...Object.values(d.orgs).flat()]) if (!cooperationOf.has(unit)) cooperationOf.set(unit, id);
      });
    }
    const townships: string[] = [];
    const villages: string[] = [];
    const townshipCount = rng.around(o.townshipsPerCounty, 0.25);
    for (let t = 1; t <= townshipCount; t++) {
      const townshipCode = `${c.code.slice(0, 6)}${pad(t, 3)}000`;
      region(townshipCode, 'TOWNSHIP', rng.chance(0.5) ? 'TOWN' : 'TOWNSHIP', `${c.ordinal}-${t}`, 'SUPPORTED', c.code);
      townships.push(townshipCode);
      const villageCount = rng.around(o.villagesPerTownship, 0.5);
      for (let v = 1; v <= villageCount; v++) {
        const code = `${townshipCode.slice(0, 9)}${pad(v, 3)}`;
        const isVillage = rng.chance(0.9);
        const demonstration = isVillage && rng.chance(o.demonstrationShare);
        region(code, 'VILLAGE', isVillage ? 'VILLAGE' : 'COMMUNITY', `${c.ordinal}-${t}-${v}`, 'SUPPORTED', townshipCode, demonstration);
        if (isVillage) villages.push(code);
      }
    }
    const schools = Array.from({ length: 2 + rng.int(4) }, () => organization('SCHOOL', 'SUPPORTED', c.code));
    const hospitals = Array.from({ length: 1 + rng.int(2) }, () => organization('HOSPITAL', 'SUPPORTED', c.code));

    for (const s of schools) if (pools.SCHOOL.length > 0 && rng.chance(0.8)) pair('SCHOOL_SCHOOL', rng.pick(pools.SCHOOL), s);
    for (const h of hospitals) if (pools.HOSPITAL.length > 0 && rng.chance(0.9)) pair('HOSPITAL_HOSPITAL', rng.pick(pools.HOSPITAL), h);
    for (const t of townships) if (rng.chance(0.5)) pair('STREET_TOWNSHIP', rng.pick(pools.streets), t);
    for (const v of villages) {
      if (!rng.chance(o.pairingShare)) continue;
      const partnerCount = rng.weighted([
        [1, 0.8],
        [2, 0.16],
        [3, 0.04],
      ]);
      const taken = new Set<string>();
      for (let k = 0; k < partnerCount; k++) {
        for (let attempt = 0; attempt < 5; attempt++) {
          let kind = rng.weighted<PairingKindValue>([
            ['COMMUNITY_VILLAGE', 0.45],
            ['ENTERPRISE_VILLAGE', 0.35],
            ['SOCIAL_ORGANIZATION_VILLAGE', 0.2],
          ]);
          let pool = kind === 'ENTERPRISE_VILLAGE' ? pools.ENTERPRISE : kind === 'SOCIAL_ORGANIZATION_VILLAGE' ? pools.SOCIAL_ORGANIZATION : pools.localities;
          if (pool.length === 0) {
            kind = 'COMMUNITY_VILLAGE';
            pool = pools.localities;
          }
          const supporter = rng.pick(pool);
          if (taken.has(supporter)) continue;
          taken.add(supporter);
          pair(kind, supporter, v);
          break;
        }
      }
    }
    yield flush();
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
