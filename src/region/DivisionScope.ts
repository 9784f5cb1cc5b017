import type { RegionLevelValue } from '../domain/vocabulary';
import { levelRank } from './divisionCode';

/** Which divisions a load reads: all of them, or those within some provinces or counties with their ancestors, down to a level. */
export interface DivisionScope {
  /** Every division of the country. */
  all: boolean;
  /** 2-digit province codes: everything within them. */
  provinces: string[];
  /** 6-digit county codes: everything within them, and the province and prefecture above. */
  counties: string[];
  /** The deepest level read (VILLAGE for everything). */
  downTo: RegionLevelValue;
}

/** Returns whether the division `code` (its significant digits) at `level` lies in `scope`. */
export function inScope(scope: DivisionScope, code: string, level: RegionLevelValue): boolean {
  if (levelRank(level) > levelRank(scope.downTo)) return false;
  if (scope.all) return true;
  if (scope.provinces.some((p) => code.startsWith(p))) return true;
  return scope.counties.some((c) => code.startsWith(c) || c.startsWith(code));
}

/** Returns the scope in words, for summaries and errors: `all`, `provinces 15, 11; counties 150921 (down to TOWNSHIP)`. */
export function describeScope(scope: DivisionScope): string {
  const parts: string[] = [];
  if (scope.all) parts.push('all of China');
  if (scope.provinces.length) parts.push(`provinces ${scope.provinces.join(', ')}`);
  if (scope.counties.length) parts.push(`counties ${scope.counties.join(', ')}`);
  return `${parts.join('; ') || 'nothing'}${scope.downTo === 'VILLAGE' ? '' : ` (down to ${scope.downTo})`}`;
}
