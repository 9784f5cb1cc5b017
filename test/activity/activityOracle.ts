import type { Driver } from 'neo4j-driver';
import { cypher } from '../support/testDatabase';

/**
 * The independent side of the ledger's tests: the graph's facts read by plain Cypher (pairings, their ends'
 * chains of divisions, cooperations and their sides), a seeded random ledger over them, and the answers to
 * the ledger's questions computed in plain TypeScript.
 */

/** A step of a chain from the top division down to a unit: its id and whether it is a division. */
export interface Step {
  id: string;
  region: boolean;
}

/** What an activity may belong to, as the oracle sees it. */
export interface Owner {
  id: string;
  type: 'Pairing' | 'Cooperation';
  since: string | null;
  until: string | null;
  /** A pairing's ends, a cooperation's sides: each the chain from the top division down to it. */
  places: Step[][];
  /** A pairing's supporting unit, a cooperation's supporting side. */
  supporter: string;
  /** The cooperation a pairing is in, a cooperation itself. */
  cooperation: string | null;
}

/** An activity of the generated ledger. */
export interface OracleActivity {
  id: string;
  owner: Owner;
  date: string;
  form: string;
  measures: { value: number; unit: string }[];
}

/** The units of measure in their documented order. */
export const UNITS = ['WAN_YUAN', 'PERSON_TIMES', 'PERSONS', 'SESSIONS', 'ITEMS'];

/** Returns a seeded pseudo-random generator (mulberry32) of numbers in [0, 1): the same seed, the same ledger. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Reads every pairing and cooperation with the chains of its ends or sides. */
export async function readOwners(driver: Driver): Promise<Owner[]> {
  const pairings = await cypher<{ id: string; since: string | null; until: string | null; s: string; t: string; coop: string | null; ps: Step[]; pt: Step[] }>(
    driver,
    `MATCH (s:Unit)<-[:SUPPORTER]-(p:Pairing)-[:SUPPORTED]->(t:Unit)
     OPTIONAL MATCH (p)-[:IN_COOPERATION]->(c:Cooperation)
     OPTIONAL MATCH ps = (s)-[:LOCATED_IN*0..1]->(:Region)-[:PART_OF*0..6]->(a:Region) WHERE NOT (a)-[:PART_OF]->(:Region)
     OPTIONAL MATCH pt = (t)-[:LOCATED_IN*0..1]->(:Region)-[:PART_OF*0..6]->(b:Region) WHERE NOT (b)-[:PART_OF]->(:Region)
     RETURN p.id AS id, toString(p.since) AS since, toString(p.until) AS until, s.id AS s, t.id AS t, c.id AS coop,
       [n IN reverse(nodes(ps)) | {id: n.id, region: n:Region}] AS ps, [n IN reverse(nodes(pt)) | {id: n.id, region: n:Region}] AS pt`,
  );
  const cooperations = await cypher<{ id: string; sinceYear: number | null; a: string; pa: Step[]; pb: Step[] }>(
    driver,
    `MATCH (a:Region)<-[:SUPPORTING_SIDE]-(c:Cooperation)-[:SUPPORTED_SIDE]->(b:Region)
     MATCH pa = (a)-[:PART_OF*0..5]->(x:Region) WHERE NOT (x)-[:PART_OF]->(:Region)
     MATCH pb = (b)-[:PART_OF*0..5]->(y:Region) WHERE NOT (y)-[:PART_OF]->(:Region)
     RETURN c.id AS id, toInteger(c.p_since) AS sinceYear, a.id AS a,
       [n IN reverse(nodes(pa)) | {id: n.id, region: true}] AS pa, [n IN reverse(nodes(pb)) | {id: n.id, region: true}] AS pb`,
  );
  const seen = new Set<string>();
  return [
    ...pairings.filter((p) => !seen.has(p.id) && seen.add(p.id)).map((p) => ({ id: p.id, type: 'Pairing' as const, since: p.since, until: p.until, places: [p.ps ?? [], p.pt ?? []], supporter: p.s, cooperation: p.coop })),
    ...cooperations.map((c) => ({
      id: c.id,
      type: 'Cooperation' as const,
      since: c.sinceYear === null ? null : `${c.sinceYear}-01-01`,
      until: null,
      places: [c.pa, c.pb],
      supporter: c.a,
      cooperation: c.id,
    })),
  ];
}

/** Returns `date` moved by `days`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
}

/** Returns the whole days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

/** Returns whether the activity has an end (or a side) within region `r`. */
export function inRegion(a: OracleActivity, r: string): boolean {
  return a.owner.places.some((chain) => chain.some((s) => s.id === r));
}

/** Returns the distinct child regions of `r` that the activity's ends or sides within `r` lie in (null: at `r` itself). */
export function childrenOf(a: OracleActivity, r: string): (string | null)[] {
  const out = new Set<string | null>();
  for (const chain of a.owner.places) {
    const i = chain.findIndex((s) => s.id === r);
    if (i < 0) continue;
    const next = chain[i + 1];
    out.add(next && next.region ? next.id : null);
  }
  return [...out];
}

/** Returns the tally of a group of activities as the API answers it (sums rounded to 6 decimals). */
export function tallyOf(acts: OracleActivity[]): { count: number; sums: { unit: string; count: number; value: number }[] } {
  const sums = UNITS.map((unit) => {
    const carrying = acts.filter((a) => a.measures.some((m) => m.unit === unit));
    const sum = carrying.reduce((t, a) => t + a.measures.find((m) => m.unit === unit)!.value, 0);
    // The API rounds sums to 6 decimals (万元 with 2 decimals add up with binary noise).
    return { unit, count: carrying.length, value: Math.round(sum * 1e6) / 1e6 };
  }).filter((s) => s.count > 0);
  return { count: acts.length, sums };
}

/** Returns the activities sorted as the listing pages them: newest first, then by id. */
export function newestFirst(acts: OracleActivity[]): OracleActivity[] {
  return [...acts].sort((x, y) => (x.date !== y.date ? (x.date < y.date ? 1 : -1) : x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** A dormant pairing as the oracle answers it: its id, its last activity (id and date) and how long it has been silent. */
export interface OracleDormant {
  pairing: string;
  last: [string, string] | null;
  silentDays: number | null;
}

/**
 * Returns the dormant pairings of region `r` (12 digits) since `since`: pairings active on `today` with an end
 * within `r` and no activity on or after `since`, the never active first (by since), then by last activity.
 */
export function dormantOracle(owners: Owner[], ledger: OracleActivity[], r: string, since: string, today: string): OracleDormant[] {
  const active = owners.filter((o) => o.type === 'Pairing' && o.places.some((c) => c.some((s) => s.id === r)) && (o.since === null || o.since <= today) && (o.until === null || o.until >= today));
  const lastOf = new Map<string, OracleActivity>();
  for (const a of newestFirst(ledger)) if (!lastOf.has(a.owner.id)) lastOf.set(a.owner.id, a);
  const rows = active.map((o) => ({ o, last: lastOf.get(o.id) ?? null }));
  const silent = rows.filter(({ last }) => last === null || last.date < since);
  silent.sort((x, y) => {
    if ((x.last === null) !== (y.last === null)) return x.last === null ? -1 : 1;
    const kx = x.last?.date ?? x.o.since ?? '0001-01-01';
    const ky = y.last?.date ?? y.o.since ?? '0001-01-01';
    return kx !== ky ? (kx < ky ? -1 : 1) : x.o.id < y.o.id ? -1 : 1;
  });
  return silent.map(({ o, last }) => ({
    pairing: o.id,
    last: last ? [last.id, last.date] : null,
    silentDays: last ? daysBetween(last.date, today) : o.since ? daysBetween(o.since, today) : null,
  }));
}

/** Returns the activity summary of `acts` (those of region `code`, 12 digits) as the API answers it: in all, per form, per child region, per supporting unit. */
export function summaryOracle(acts: OracleActivity[], code: string, forms: readonly string[]) {
  const groups = <K extends string | null>(keys: (a: OracleActivity) => K[]) => {
    const map = new Map<K, OracleActivity[]>();
    for (const a of acts) for (const k of new Set(keys(a))) map.set(k, [...(map.get(k) ?? []), a]);
    return [...map.entries()].sort(([x], [y]) => ((x ?? '') < (y ?? '') ? -1 : 1));
  };
  return {
    total: tallyOf(acts),
    byForm: groups((a) => [a.form])
      .sort(([x], [y]) => forms.indexOf(x) - forms.indexOf(y))
      .map(([form, list]) => ({ form, ...tallyOf(list) })),
    byChildRegion: groups((a) => childrenOf(a, code)).map(([child, list]) => ({ region: child ? { code: child } : null, ...tallyOf(list) })),
    bySupportingUnit: groups((a) => [a.owner.supporter]).map(([unit, list]) => ({ unit: { id: unit }, ...tallyOf(list) })),
  };
}
