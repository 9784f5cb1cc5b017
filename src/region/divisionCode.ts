import { REGION_LEVELS, type RegionLevelValue } from '../domain/vocabulary';

/** Returns the depth of a level in the division tree, 0 for PROVINCE to 4 for VILLAGE. */
export function levelRank(level: RegionLevelValue): number {
  return REGION_LEVELS.indexOf(level);
}
