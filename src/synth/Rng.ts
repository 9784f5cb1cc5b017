/** A count's upper bound: region codes have three digits. */
const MAX_CODE_3 = 999;

// ---------------------------------------------------------------------------------------------
// Randomness: mulberry32 streams, one per chunk, keyed by the seed and a name, so that each chunk
// depends only on the seed, the options and the chunks before it.

/** Returns the 32-bit FNV-1a hash of a string. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seeded stream of pseudo-random numbers (mulberry32); never fails. */
export class Rng {
  private state: number;
  constructor(seed: number, key: string) {
    this.state = fnv1a(`${seed}:${key}`);
  }
  /** mulberry32: a float in [0, 1). */
  float(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let x = this.float() * choices.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of choices) {
      x -= w;
      if (x < 0) return v;
    }
    return choices[choices.length - 1][0];
  }
  shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }
  /** A count around `mean`: mean × [1 - spread, 1 + spread), at least 1 and at most 999. */
  around(mean: number, spread: number): number {
    return Math.min(MAX_CODE_3, Math.max(1, Math.round(mean * (1 - spread + 2 * spread * this.float()))));
  }
}


/** Returns a day number (days since 1970-01-01, UTC) as YYYY-MM-DD. */
export const isoDay = (day: number) => new Date(day * 86400000).toISOString().slice(0, 10);
/** Returns the day number of a calendar date (UTC). */
export const dayOf = (year: number, month: number, date: number) => Math.round(Date.UTC(year, month - 1, date) / 86400000);
