import type { GraphQLResolveInfo } from 'graphql';
import { selectsField } from '../graphql/selectsField';
import type { CoverageSection } from './plannerQueries';

/** The village counts of a coverage row (children, townships, total): they need the village groups. */
const VILLAGE_COUNTS = ['villages', 'paired', 'unpaired', 'demonstration', 'demonstrationPaired', 'demonstrationUnpaired'];
/** The fields of a KindCoverage counted over the units of each kind. */
const KIND_UNIT_COUNTS = ['units', 'paired', 'unpaired', 'demonstrationPaired', 'demonstrationUnpaired'];
/** The fields of a KindCoverage counted over the supporting units. */
const KIND_SUPPORT_COUNTS = ['pairings', 'supportingUnits'];

/**
 * Returns the sections of the coverage query that the client's selection of `coverage` needs (through fragments
 * and aliases): `entries` for `children`, `townships` and `total.townshipPaired`; `villageGroups` for their village
 * counts; `unitGroups` for the unit counts of `kinds`; `supporting` for `supporting` and the pairing counts of
 * `kinds`. The region's code, name, level and date need none. Never throws.
 */
export function coverageSections(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Set<CoverageSection> {
  const under = (field: string, names: string[]) => names.some((name) => selectsField(info, `${field}.${name}`));
  const sections = new Set<CoverageSection>();
  if (selectsField(info, 'children') || selectsField(info, 'townships') || selectsField(info, 'total.townshipPaired')) sections.add('entries');
  if (['children', 'townships', 'total'].some((field) => under(field, VILLAGE_COUNTS))) sections.add('villageGroups');
  if (under('kinds', KIND_UNIT_COUNTS)) sections.add('unitGroups');
  if (selectsField(info, 'supporting') || under('kinds', KIND_SUPPORT_COUNTS)) sections.add('supporting');
  return sections;
}
