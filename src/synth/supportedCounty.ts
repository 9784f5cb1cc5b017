import { PAIRING_KIND_SECTORS, type PairingKindValue } from '../domain/vocabulary';
import { activityProfile, cooperationActivities, pairingActivities, type ActivityProfile, type ActivitySink } from './generateActivities';
import { isoDay, Rng } from './Rng';
import { pad, PROVENANCE, type CountyPlan, type SynthChunk } from './SynthChunk';
import type { ResolvedSynthOptions } from './SynthOptions';
import type { DistrictInfo } from './supportingDistrict';

/** Length of one yearly agreement, in days. */
const YEAR_DAYS = 365;

/** The days that bound a graph's pairings, and the reference day of its activities (as day numbers, `asOf` as YYYY-MM-DD). */
export interface SynthDays {
  asOf: string;
  firstDay: number;
  lastDay: number;
  referenceDay: number;
}

/**
 * Adds a supported county to `chunk`: its townships, villages, schools and hospitals, with cooperations
 * and activities when the options ask for them, and the pairings by which the districts of `infos` its plan
 * names support them. Never throws.
 */
export function supportedCounty(chunk: SynthChunk, o: ResolvedSynthOptions, c: CountyPlan, infos: readonly DistrictInfo[], days: SynthDays): void {
  const prefix = o.idPrefix;
  const { asOf, firstDay, lastDay, referenceDay } = days;
  const rng = new Rng(o.seed, `county:${c.ordinal}`);
  // The ledger draws from a stream of its own: the graph without activities is the same graph.
  const activityRng = new Rng(o.seed, `activities:${c.ordinal}`);
  const sink: ActivitySink | null = o.activities ? { nodes: chunk.nodes, relationships: chunk.relationships, prefix, sourceId: chunk.sourceId, provenance: PROVENANCE, referenceDay } : null;
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
    chunk.pairingSeq += 1;
    const id = `${prefix}-p-${chunk.pairingSeq}`;
    chunk.nodes.push({
      labels: ['Node', 'Pairing'],
      id,
      props: {
        id,
        kind,
        sector: PAIRING_KIND_SECTORS[kind],
        since: isoDay(sinceDay),
        until: untilDay === null ? null : isoDay(untilDay),
        asOf,
        status: ended ? 'ENDED' : 'ACTIVE',
        agreementId: null,
        provenance: PROVENANCE,
        source: chunk.sourceId,
        synth: prefix,
      },
    });
    chunk.link(id, 'SUPPORTER', supporter);
    chunk.link(id, 'SUPPORTED', supported);
    const cooperation = cooperationOf.get(supporter);
    if (cooperation) chunk.link(id, 'IN_COOPERATION', cooperation);
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

  chunk.region(c.code, 'COUNTY', 'COUNTY', String(c.ordinal), 'SUPPORTED', c.parent);
  if (o.cooperations) {
    partners.forEach((d, k) => {
      const id = `${prefix}-c-${c.ordinal}-${k + 1}`;
      chunk.nodes.push({
        labels: ['Node', 'Entity', 'Cooperation'],
        id,
        props: {
          id,
          name: `合成协作 ${c.ordinal}-${k + 1}`,
          kind: 'EAST_WEST_COOPERATION',
          provenance: PROVENANCE,
          source: chunk.sourceId,
          propertyKeys: ['since'],
          p_since: String(o.fromYear),
          synth: prefix,
        },
      });
      chunk.link(id, 'SUPPORTING_SIDE', d.code);
      chunk.link(id, 'SUPPORTED_SIDE', c.code);
      if (sink) cooperationActivities(sink, activityRng, id, firstDay);
      for (const unit of [...d.streets, ...d.localities, ...Object.values(d.orgs).flat()]) if (!cooperationOf.has(unit)) cooperationOf.set(unit, id);
    });
  }
  const townships: string[] = [];
  const villages: string[] = [];
  const townshipCount = rng.around(o.townshipsPerCounty, 0.25);
  for (let t = 1; t <= townshipCount; t++) {
    const townshipCode = `${c.code.slice(0, 6)}${pad(t, 3)}000`;
    chunk.region(townshipCode, 'TOWNSHIP', rng.chance(0.5) ? 'TOWN' : 'TOWNSHIP', `${c.ordinal}-${t}`, 'SUPPORTED', c.code);
    townships.push(townshipCode);
    const villageCount = rng.around(o.villagesPerTownship, 0.5);
    for (let v = 1; v <= villageCount; v++) {
      const code = `${townshipCode.slice(0, 9)}${pad(v, 3)}`;
      const isVillage = rng.chance(0.9);
      const demonstration = isVillage && rng.chance(o.demonstrationShare);
      chunk.region(code, 'VILLAGE', isVillage ? 'VILLAGE' : 'COMMUNITY', `${c.ordinal}-${t}-${v}`, 'SUPPORTED', townshipCode, demonstration);
      if (isVillage) villages.push(code);
    }
  }
  const schools = Array.from({ length: 2 + rng.int(4) }, () => chunk.organization('SCHOOL', 'SUPPORTED', c.code));
  const hospitals = Array.from({ length: 1 + rng.int(2) }, () => chunk.organization('HOSPITAL', 'SUPPORTED', c.code));

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
}
