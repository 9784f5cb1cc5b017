import { checkId } from '../graphql/checkId';
import { checkPageSize, notFound } from '../graphql/errors';
import { decodeCursor, toConnection } from '../graphql/cursor';
import { parseIsoDate } from '../graphql/DateScalar';
import { selectedFieldNames, selectsField } from '../graphql/selectsField';
import { unitKeysFor } from '../unit/unitKeysFor';
import type { Resolvers } from '../generated/resolvers';

/** Returns a unit the graph must hold; a pairing without its end is an impossible state. */
async function requiredUnit<T>(load: Promise<T | null>, id: string): Promise<T> {
  const unit = await load;
  if (!unit) throw new Error(`invariant: pairing names unit '${id}' that does not exist`);
  return unit;
}

/** Resolvers of `pairings`, `counterparts` and the `Pairing` and `Counterpart` types. */
export const pairingResolvers: Resolvers = {
  Query: {
    pairings: async (_, { where, first, after }, { repos, loaders }, info) => {
      const filter = { ...where, activeOn: where?.activeOn ? parseIsoDate(where.activeOn) : null };
      // The count costs a walk of every match: only when the client asks for it. The units (only the fields
      // selected) and sources asked come in the same round trip; the units go on their rows, the sources wait
      // in their loader.
      const unitFields = new Set([...selectedFieldNames(info, 'edges.node.supporting'), ...selectedFieldNames(info, 'edges.node.supported')]);
      const page = await repos.pairings.list(filter, checkPageSize(first, 500), decodeCursor(after), {
        withTotal: selectsField(info, 'totalCount'),
        withUnits: unitFields.size > 0,
        unitKeys: unitKeysFor(unitFields),
        withSources: selectsField(info, 'edges.node.source'),
      });
      if (unitFields.size > 0) {
        const units = new Map(page.units.map((u) => [u.id, u]));
        for (const p of page.items) {
          p.supportingUnit = units.get(p.supportingId);
          p.supportedUnit = units.get(p.supportedId);
        }
      }
      for (const source of page.sources) loaders.source.prime(source.id, source);
      return toConnection(page);
    },
    counterparts: async (_, { unitId, activeOn }, { repos, today, loaders }) => {
      const rows = await repos.pairings.counterparts(checkId('unitId', unitId), activeOn ? parseIsoDate(activeOn) : today);
      if (!rows) throw notFound('unit', unitId);
      for (const row of rows) loaders.unit.prime(row.unit.id, row.unit);
      return rows;
    },
  },
  Pairing: {
    supporting: (p, _, { loaders }) => p.supportingUnit ?? requiredUnit(loaders.unit.load(p.supportingId), p.supportingId),
    supported: (p, _, { loaders }) => p.supportedUnit ?? requiredUnit(loaders.unit.load(p.supportedId), p.supportedId),
    source: (p, _, { loaders }) => (p.source ? loaders.source.load(p.source) : null),
  },
};
