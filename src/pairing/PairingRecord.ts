import type { PairingKindValue, PairingStatusValue, ProvenanceValue, SectorValue, SideValue } from '../domain/vocabulary';
import type { UnitRecord } from '../unit/UnitRecord';

/** A pairing as stored: the mapper of the GraphQL `Pairing` type. */
export interface PairingRecord {
  id: string;
  kind: PairingKindValue;
  sector: SectorValue;
  supportingId: string;
  supportedId: string;
  since: string | null;
  until: string | null;
  asOf: string | null;
  status: PairingStatusValue;
  agreementId: string | null;
  provenance: ProvenanceValue;
  source: string | null;
  /**
   * The two units as a pairings page read them, with only the fields its client selected (see unitKeysFor):
   * for the `supporting` and `supported` resolvers of that page alone, never for a loader's cache.
   */
  supportingUnit?: UnitRecord;
  supportedUnit?: UnitRecord;
}

/** A counterpart as read: the mapper of the GraphQL `Counterpart` type. */
export interface CounterpartRecord {
  unit: UnitRecord;
  side: SideValue;
  pairing: PairingRecord;
}

/**
 * Returns the Cypher expression of a pairing's status today (in China): ENDED once its last day has
 * passed, ACTIVE otherwise. Computed at read time, so that a stored status can never go stale.
 */
export function statusOf(p: string): string {
  return `(CASE WHEN ${p}.until IS NOT NULL AND ${p}.until < date({timezone: 'Asia/Shanghai'}) THEN 'ENDED' ELSE 'ACTIVE' END)`;
}

/** Returns the Cypher projection of pairing `p` between supporting unit `s` and supported unit `t`. */
export function pairingProjection(p: string, s: string, t: string): string {
  return `${p} { .id, .kind, .sector, .since, .until, .asOf, status: ${statusOf(p)}, .agreementId, .provenance, .source,
    supportingId: ${s}.id, supportedId: ${t}.id }`;
}

/** Returns the Cypher condition that pairing `p` is active on the date parameter `$on`. */
export function activeOn(p: string): string {
  return `((${p}.since IS NULL OR ${p}.since <= date($on)) AND (${p}.until IS NULL OR ${p}.until >= date($on)))`;
}
