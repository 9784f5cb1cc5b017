import { checkId } from '../graphql/checkId';
import { isOneOf, PAIRING_KINDS, PROVENANCES, type PairingKindValue, type ProvenanceValue } from '../domain/vocabulary';
import { parseIsoDate } from '../graphql/DateScalar';
import { badUserInput } from '../graphql/errors';
import type { GraphSelection } from './GraphRecord';

/** The raw parameters of a selection, from GraphQL arguments or a query string. */
export interface RawSelection {
  centerId?: string | null;
  depth?: number | string | null;
  region?: string | null;
  kinds?: readonly string[] | string | null;
  provenance?: readonly string[] | string | null;
  activeOn?: string | null;
  limit?: number | string | null;
}

const list = (v: readonly string[] | string | null | undefined) =>
  v === null || v === undefined ? null : (typeof v === 'string' ? v.split(',') : [...v]).map((s) => s.trim()).filter(Boolean);

function integer(field: string, v: number | string, min: number, max: number): number {
  const n = typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw badUserInput(field, `must be a whole number from ${min} to ${max}`, v);
  return n;
}

/**
 * Returns a checked selection. `maxLimit` caps `limit`; `defaultLimit` null means no limit (exports).
 * Throws BAD_USER_INPUT naming the parameter for any bad value.
 */
export function parseSelection(raw: RawSelection, today: string, maxLimit: number, defaultLimit: number | null): GraphSelection {
  const kinds = list(raw.kinds);
  for (const k of kinds ?? []) if (!isOneOf(PAIRING_KINDS, k)) throw badUserInput('kinds', `unknown pairing kind (one of ${PAIRING_KINDS.join(', ')})`, k);
  const provenance = list(raw.provenance);
  for (const p of provenance ?? []) if (!isOneOf(PROVENANCES, p)) throw badUserInput('provenance', `unknown provenance (one of ${PROVENANCES.join(', ')})`, p);
  const text = (field: string, v: string | null | undefined) => {
    if (v === null || v === undefined || v === '') return null;
    if (v.length > 100) throw badUserInput(field, 'is too long', v.slice(0, 100));
    return v;
  };
  let activeOn = today;
  if (raw.activeOn) {
    try {
      activeOn = parseIsoDate(raw.activeOn);
    } catch {
      throw badUserInput('activeOn', 'must be a date written YYYY-MM-DD', raw.activeOn);
    }
  }
  return {
    centerId: checkId('centerId', text('centerId', raw.centerId)),
    depth: raw.depth === null || raw.depth === undefined || raw.depth === '' ? 1 : integer('depth', raw.depth, 1, 4),
    region: text('region', raw.region),
    kinds: kinds?.length ? (kinds as PairingKindValue[]) : null,
    provenance: provenance?.length ? (provenance as ProvenanceValue[]) : null,
    activeOn,
    limit: raw.limit === null || raw.limit === undefined || raw.limit === '' ? defaultLimit : integer('limit', raw.limit, 1, maxLimit),
  };
}
