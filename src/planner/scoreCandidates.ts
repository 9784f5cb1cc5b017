import { PAIRING_KINDS, type PairingKindValue, type UnitKindValue } from '../domain/vocabulary';
import type { CandidateRecord } from './PlannerRepository';
import { PAIRING_KIND_ENDS, type SuggestionRecord } from './plannerRecords';

/** The points of each reason; the README documents the same table. */
export const REASON_POINTS = { SAME_TOWNSHIP: 3, SAME_SECTOR: 2, SAME_KIND_AS_PARTNERS: 1, SAME_COUNTY: 1, FEWEST_PARTNERS: 2 } as const;

/** Returns the kind of pairing a supporting unit of `from` would make with a supported unit of `to`. */
export function pairingKindFor(from: UnitKindValue, to: UnitKindValue): PairingKindValue | null {
  return PAIRING_KINDS.find((k) => PAIRING_KIND_ENDS[k].supporting.includes(from) && PAIRING_KIND_ENDS[k].supported.includes(to)) ?? null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Returns the candidates scored and ranked, best first, at most `first`: the sum of the reasons'
 * points, ties broken by fewer current partners, then id. Deterministic; never throws.
 */
export function scoreCandidates(target: UnitKindValue, candidates: CandidateRecord[], first: number, townshipName: string | null): SuggestionRecord[] {
  const maxLoad = Math.max(0, ...candidates.map((c) => c.load));
  const scored: SuggestionRecord[] = [];
  for (const c of candidates) {
    const pairingKind = pairingKindFor(c.unit.kind, target);
    if (!pairingKind) continue;
    const reasons: SuggestionRecord['reasons'] = [];
    if (c.inTownship > 0) {
      reasons.push({ code: 'SAME_TOWNSHIP', points: REASON_POINTS.SAME_TOWNSHIP, detail: `已在${townshipName ?? '同乡镇'}结对 ${c.inTownship} 个单位` });
    }
    if (c.inCounty > 0) reasons.push({ code: 'SAME_COUNTY', points: REASON_POINTS.SAME_COUNTY, detail: `已在本县结对 ${c.inCounty} 个单位` });
    if (c.sameSectors.length > 0) {
      reasons.push({ code: 'SAME_SECTOR', points: REASON_POINTS.SAME_SECTOR, detail: `同领域：${[...c.sameSectors].sort().join('、')}` });
    }
    if (c.sameKind) reasons.push({ code: 'SAME_KIND_AS_PARTNERS', points: REASON_POINTS.SAME_KIND_AS_PARTNERS, detail: '与现有结对方同类' });
    const lightness = maxLoad === 0 ? 1 : (maxLoad - c.load) / maxLoad;
    if (lightness > 0) {
      reasons.push({ code: 'FEWEST_PARTNERS', points: round(REASON_POINTS.FEWEST_PARTNERS * lightness), detail: `现有结对 ${c.load} 个（最多者 ${maxLoad} 个）` });
    }
    scored.push({ unit: c.unit, score: round(reasons.reduce((n, r) => n + r.points, 0)), currentPartners: c.load, pairingKind, reasons });
  }
  scored.sort((a, b) => b.score - a.score || a.currentPartners - b.currentPartners || (a.unit.id < b.unit.id ? -1 : a.unit.id > b.unit.id ? 1 : 0));
  return scored.slice(0, first);
}
