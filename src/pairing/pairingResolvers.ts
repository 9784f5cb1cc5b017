import { checkId } from '../graphql/checkId';
import { checkPageSize, notFound } from '../graphql/errors';
import { decodeCursor, toConnection } from '../graphql/cursor';
import { parseIsoDate } from '../graphql/DateScalar';
import { selectsField, selectsFieldIn } from '../graphql/selectsField';
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
      // The count costs a walk of every match: only when the client asks for it. The units and sources asked
      // come in the same round trip and wait in the loaders for their resolvers.
      const page = await repos.pairings.list(filter, checkPageSize(first, 500), decodeCursor(after), {
        withTotal: selectsField(info, 'totalCount'),
        withUnits: selectsFieldIn(info, 'edges.node', ['supporting', 'supported']),
        withSources: selectsField(info, 'edges.node.source'),
      });
      for (const unit of page.units) loaders.unit.prime(unit.id, unit);
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
    supporting: (p, _, { loaders }) => requiredUnit(loaders.unit.load(p.supportingId), p.supportingId),
    supported: (p, _, { loaders }) => requiredUnit(loaders.unit.load(p.supportedId), p.supportedId),
    source: (p, _, { loaders }) => (p.source ? loaders.source.load(p.source) : null),
  },
};
