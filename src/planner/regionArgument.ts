import { badUserInput } from '../graphql/errors';
import type { RegionScope } from './PlannerRepository';

/** Returns a 12-digit code from a 6-, 9- or 12-digit one (the deprecated `county` and `township` arguments); throws BAD_USER_INPUT naming `field`. */
export function fullCode(field: string, code: string): string {
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(code)) throw badUserInput(field, 'must be a 6-, 9- or 12-digit division code', code);
  return code.padEnd(12, '0');
}

/** Returns a 12-digit code from a 2- (province), 4- (prefecture), 6-, 9- or 12-digit one; throws BAD_USER_INPUT naming `field`. */
export function regionCode(field: string, code: string): string {
  if (!/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(code)) throw badUserInput(field, 'must be a 2-, 4-, 6-, 9- or 12-digit division code', code);
  return code.padEnd(12, '0');
}

/**
 * Returns the region a planner question is about, from exactly one of `region` (any level) and the
 * deprecated `county` (which must then name a county). Throws BAD_USER_INPUT naming `region` when
 * neither is given, `county` when both are, or the argument whose code is malformed.
 */
export function regionArgument(args: { region?: string | null; county?: string | null }): RegionScope {
  const hasRegion = args.region !== null && args.region !== undefined;
  const hasCounty = args.county !== null && args.county !== undefined;
  if (hasRegion && hasCounty) throw badUserInput('county', 'give region or county, not both (county is deprecated: use region)', args.county);
  if (hasRegion) return { region: regionCode('region', args.region!), countyOnly: false };
  if (hasCounty) return { region: fullCode('county', args.county!), countyOnly: true };
  throw badUserInput('region', 'is required (a division code of any level, e.g. 150921); or give the deprecated county');
}
