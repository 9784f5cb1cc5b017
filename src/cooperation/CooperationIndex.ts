import type { ManagedTransaction } from 'neo4j-driver';

/**
 * The cooperations of the graph held in memory (they are few: one per pair of divisions), to decide which
 * cooperation a pairing belongs to without a query per row. Division codes nest by prefix (150921212210 lies
 * in 150921212000, 150921000000, 150900000000 and 150000000000), so whether a unit lies in a cooperation's
 * region follows from the code of the division it lies in.
 */

/** One side of a cooperation: a division of any level. */
export interface CooperationRegion {
  code: string;
  name: string;
}

/** A cooperation as the pairing check needs it. */
export interface CooperationEntry {
  id: string;
  name: string;
  supporting: CooperationRegion;
  supported: CooperationRegion;
  kind?: string | null;
  sinceYear?: number | null;
  note?: string | null;
}

/** What a pairing's two ends find among the cooperations. */
export interface CooperationMatch {
  /** The narrowest cooperation whose supporting region holds the supporter and whose supported region holds the supported unit. */
  match: CooperationEntry | null;
  /** When there is no match: a cooperation that holds the two ends the other way round (they are swapped). */
  swapped: CooperationEntry | null;
}

/** Returns the codes of the divisions that hold `code`, widest first, `code` itself last (by prefix: 2, 4, 6, 9 and 12 digits). */
export function regionChain(code: string): string[] {
  if (!/^\d{12}$/.test(code)) return [];
  const chain: string[] = [];
  for (const n of [2, 4, 6, 9, 12]) {
    const c = code.slice(0, n).padEnd(12, '0');
    if (chain[chain.length - 1] !== c) chain.push(c);
    if (c === code) break;
  }
  return chain;
}

/** Returns the code of the county holding `code`, or `code` itself when it names a prefecture or a province. */
export function countyOrNearest(code: string): string {
  return regionChain(code).length >= 3 ? `${code.slice(0, 6)}000000` : code;
}

/** The cooperations, with the questions an import asks of them. */
export class CooperationIndex {
  private readonly byId = new Map<string, CooperationEntry>();

  constructor(entries: readonly CooperationEntry[] = []) {
    for (const e of entries) this.byId.set(e.id, e);
  }

  /** Adds (or replaces, by id) a cooperation: one that the same import creates. */
  add(entry: CooperationEntry): void {
    this.byId.set(entry.id, entry);
  }

  /** Returns the cooperation with `id`, or undefined. */
  get(id: string): CooperationEntry | undefined {
    return this.byId.get(id);
  }

  /** Returns every cooperation. */
  all(): CooperationEntry[] {
    return [...this.byId.values()];
  }

  /**
   * Returns the cooperation a pairing from a unit lying in division `supporting` to one lying in `supported`
   * belongs to: of those whose supporting region holds the first and whose supported region holds the
   * second, the narrowest (the deepest supported region, then the deepest supporting region, then the
   * smaller id); else, in `swapped`, one that holds them the other way round. Null codes (a unit without a
   * location) lie in no region. Never fails.
   */
  match(supporting: string | null, supported: string | null): CooperationMatch {
    const a = supporting ? regionChain(supporting) : [];
    const b = supported ? regionChain(supported) : [];
    const within = (chain: string[], region: CooperationRegion) => chain.includes(region.code);
    const matches = this.all().filter((c) => within(a, c.supporting) && within(b, c.supported));
    if (matches.length) {
      const depth = (code: string) => regionChain(code).length;
      matches.sort(
        (x, y) =>
          depth(y.supported.code) - depth(x.supported.code) || depth(y.supporting.code) - depth(x.supporting.code) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
      );
      return { match: matches[0], swapped: null };
    }
    const swapped = this.all().find((c) => within(a, c.supported) && within(b, c.supporting)) ?? null;
    return { match: null, swapped };
  }

  /** Returns whether a unit lying in division `code` lies in the supporting (or supported) region of any cooperation. */
  inAnySide(code: string | null, side: 'supporting' | 'supported'): boolean {
    const chain = code ? regionChain(code) : [];
    return this.all().some((c) => chain.includes(c[side].code));
  }
}

const COOPERATIONS = `
  MATCH (c:Cooperation)-[:SUPPORTING_SIDE]->(a:Region), (c)-[:SUPPORTED_SIDE]->(b:Region)
  RETURN c.id AS id, c.name AS name, a.id AS aCode, a.name AS aName, b.id AS bCode, b.name AS bName,
    c.kind AS kind, toInteger(c.p_since) AS sinceYear, c.p_note AS note`;

/** Reads every cooperation with its two regions (one round trip); returns them indexed. */
export async function loadCooperationIndex(tx: ManagedTransaction): Promise<CooperationIndex> {
  const result = await tx.run(COOPERATIONS);
  return new CooperationIndex(
    result.records.map((r) => ({
      id: r.get('id') as string,
      name: (r.get('name') as string | null) ?? '',
      supporting: { code: r.get('aCode') as string, name: (r.get('aName') as string | null) ?? '' },
      supported: { code: r.get('bCode') as string, name: (r.get('bName') as string | null) ?? '' },
      kind: (r.get('kind') as string | null) ?? null,
      sinceYear: r.get('sinceYear') === null ? null : Number(r.get('sinceYear')),
      note: (r.get('note') as string | null) ?? null,
    })),
  );
}
