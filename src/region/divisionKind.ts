import type { RegionLevelValue, UnitKindValue } from '../domain/vocabulary';

/**
 * Returns the level of a 12-digit statistics code (省 2 digits, 地 4, 县 6, 乡 9, 村 12 significant).
 * Throws for a string that is not 12 digits.
 */
export function levelOfCode(code: string): RegionLevelValue {
  if (!/^\d{12}$/.test(code)) throw new Error(`not a 12-digit division code: '${code}'`);
  if (code.endsWith('0000000000')) return 'PROVINCE';
  if (code.endsWith('00000000')) return 'CITY';
  if (code.endsWith('000000')) return 'COUNTY';
  if (code.endsWith('000')) return 'TOWNSHIP';
  return 'VILLAGE';
}

/** Returns the kind of a division from its level and name (区 → DISTRICT, 街道 → STREET, 镇 → TOWN, 村委会 → VILLAGE, …). */
export function kindOfDivision(level: RegionLevelValue, name: string): UnitKindValue {
  switch (level) {
    case 'PROVINCE':
      return 'PROVINCE';
    case 'CITY':
      return 'CITY';
    case 'COUNTY':
      return name.endsWith('区') ? 'DISTRICT' : 'COUNTY';
    case 'TOWNSHIP':
      if (name.endsWith('街道')) return 'STREET';
      if (name.endsWith('地区')) return 'AREA';
      if (name.endsWith('镇')) return 'TOWN';
      return 'TOWNSHIP';
    case 'VILLAGE':
      return /(居委会|社区|居民委员会)$/.test(name) ? 'COMMUNITY' : 'VILLAGE';
  }
}

/** Returns the 12-digit code of the province that contains `code`. */
export function provinceOf(code: string): string {
  return `${code.slice(0, 2)}0000000000`;
}
