import type { RegionLevelValue } from '../domain/vocabulary';

/** The levels from the top down, each with the number of significant digits of its codes. */
export const LEVEL_DIGITS: readonly [RegionLevelValue, number][] = [
  ['PROVINCE', 2],
  ['CITY', 4],
  ['COUNTY', 6],
  ['TOWNSHIP', 9],
  ['VILLAGE', 12],
];

/** Returns the rank of a level, 0 for PROVINCE to 4 for VILLAGE. */
export function levelRank(level: RegionLevelValue): number {
  return LEVEL_DIGITS.findIndex(([l]) => l === level);
}

/** Returns a 2-, 4-, 6-, 9- or 12-digit division code padded with zeros to 12 digits; throws for any other string. */
export function toCode12(code: string): string {
  if (!/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(code)) throw new Error(`not a division code: '${code}' (2, 4, 6, 9 or 12 digits)`);
  return code.padEnd(12, '0');
}

/** Returns the significant digits of a 12-digit code at its level (150921000000 → 150921). */
export function significantDigits(code12: string, level: RegionLevelValue): string {
  return code12.slice(0, LEVEL_DIGITS[levelRank(level)][1]);
}
