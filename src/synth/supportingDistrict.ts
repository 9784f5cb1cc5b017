import { Rng } from './Rng';
import { pad, type CountyPlan, type OrgKind, type SynthChunk } from './SynthChunk';
import type { ResolvedSynthOptions } from './SynthOptions';

/** What the supported chunks need to know of a supporting district (kept for the whole run: small). */
export interface DistrictInfo {
  code: string;
  streets: string[];
  localities: string[];
  orgs: Record<OrgKind, string[]>;
}

/** Adds a supporting district to `chunk`: its streets/areas, communities/villages and organizations. Returns what the supported counties need of it; never throws. */
export function supportingDistrict(chunk: SynthChunk, o: ResolvedSynthOptions, d: CountyPlan): DistrictInfo {
  const rng = new Rng(o.seed, `district:${d.ordinal}`);
  const info: DistrictInfo = { code: d.code, streets: [], localities: [], orgs: { SCHOOL: [], HOSPITAL: [], ENTERPRISE: [], SOCIAL_ORGANIZATION: [] } };
  chunk.region(d.code, 'COUNTY', 'DISTRICT', String(d.ordinal), 'SUPPORTING', d.parent);
  const streetCount = rng.around(o.townshipsPerCounty, 0.25);
  for (let t = 1; t <= streetCount; t++) {
    const streetCode = `${d.code.slice(0, 6)}${pad(t, 3)}000`;
    chunk.region(streetCode, 'TOWNSHIP', rng.chance(0.8) ? 'STREET' : 'AREA', `${d.ordinal}-${t}`, 'SUPPORTING', d.code);
    info.streets.push(streetCode);
    const villageCount = rng.around(o.villagesPerTownship, 0.5);
    for (let v = 1; v <= villageCount; v++) {
      const code = `${streetCode.slice(0, 9)}${pad(v, 3)}`;
      chunk.region(code, 'VILLAGE', rng.chance(0.7) ? 'COMMUNITY' : 'VILLAGE', `${d.ordinal}-${t}-${v}`, 'SUPPORTING', streetCode);
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
    info.orgs[kind].push(chunk.organization(kind, 'SUPPORTING', at));
  }
  return info;
}
