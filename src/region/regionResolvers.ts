import { notFound } from '../graphql/errors';
import { regionCode } from '../planner/regionArgument';
import type { Resolvers } from '../generated/resolvers';
import { unitsPage } from '../unit/unitsPage';

/** Resolvers of `region`, `regions` (a level of the tree: one round trip) and the `Region` type (a division is a unit with a level). */
export const regionResolvers: Resolvers = {
  Query: {
    region: async (_, { code }, { loaders }) => {
      const unit = await loaders.unit.load(code);
      return unit?.level ? unit : null;
    },
    regions: async (_, { parent }, { repos }) => {
      const code = parent === null || parent === undefined ? null : regionCode('parent', parent);
      const found = await repos.regions.regionsUnder(code);
      if (!found) throw notFound('region', parent ?? '');
      return found;
    },
  },
  Region: {
    code: (region) => region.id,
    level: (region) => region.level ?? 'VILLAGE',
    displayName: (region) => region.shortName ?? region.name,
    formerNames: (region) => (region.formerNames ?? []).map((name, i) => ({ name, year: region.formerNameYears?.[i] ?? 0 })),
    current: (region) => region.current !== false,
    parent: (region, _, { loaders }) => (region.regionCode ? loaders.unit.load(region.regionCode) : null),
    ancestors: (region, _, { loaders }) => loaders.ancestors.load(region.id),
    children: (region, _, { loaders }) => loaders.children.load(region.id),
    unit: (region) => region,
    units: (region, { kind, first, after }, context, info) => unitsPage({ regionCode: region.id, kind }, first, after, context, info),
    source: (region, _, { loaders }) => (region.source ? loaders.source.load(region.source) : null),
  },
};
