import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context/Context';
import { decodeCursor, toConnection } from '../graphql/cursor';
import { checkPageSize } from '../graphql/errors';
import { selectsField } from '../graphql/selectsField';
import type { UnitListFilter } from './UnitRepository';

/**
 * Returns the connection of one units page (`units`, `Region.units`) in one round trip: the count, the units'
 * regions and sources only when the client selected them, the regions and sources put in the request's loaders
 * for their resolvers. Throws BAD_USER_INPUT naming `first` or `after` when they are out of range or malformed.
 */
export async function unitsPage(filter: UnitListFilter, first: number | null | undefined, after: string | null | undefined, { repos, loaders }: Context, info: GraphQLResolveInfo) {
  const page = await repos.units.list(filter, checkPageSize(first, 500), decodeCursor(after), {
    withTotal: selectsField(info, 'totalCount'),
    withRegions: selectsField(info, 'edges.node.region'),
    withSources: selectsField(info, 'edges.node.source'),
  });
  for (const region of page.regions) loaders.unit.prime(region.id, region);
  for (const source of page.sources) loaders.source.prime(source.id, source);
  return toConnection(page);
}
