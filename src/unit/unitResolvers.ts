import { checkId } from '../graphql/checkId';
import { notFound } from '../graphql/errors';
import { parseIsoDate } from '../graphql/DateScalar';
import type { Resolvers } from '../generated/resolvers';
import { unitsPage } from './unitsPage';

/** Resolvers of `unit`, `units` and the `Unit` type. */
export const unitResolvers: Resolvers = {
  Query: {
    unit: (_, { id }, { loaders }) => loaders.unit.load(checkId('id', id)),
    units: (_, { where, first, after }, context, info) => unitsPage(where ?? {}, first, after, context, info),
  },
  Unit: {
    displayName: (unit) => unit.shortName ?? unit.name,
    region: (unit, _, { loaders }) => (unit.regionCode ? loaders.unit.load(unit.regionCode) : null),
    source: (unit, _, { loaders }) => (unit.source ? loaders.source.load(unit.source) : null),
    asRegion: (unit) => (unit.level ? unit : null),
    counterparts: async (unit, { activeOn }, { repos, today, loaders }) => {
      const rows = await repos.pairings.counterparts(unit.id, activeOn ? parseIsoDate(activeOn) : today);
      if (!rows) throw notFound('unit', unit.id);
      for (const row of rows) loaders.unit.prime(row.unit.id, row.unit);
      return rows;
    },
  },
};
