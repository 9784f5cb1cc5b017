import { checkId } from '../graphql/checkId';
import { requireRole } from '../auth/requireRole';
import type { Resolvers } from '../generated/resolvers';
import { notFound } from '../graphql/errors';
import { checkContact } from './checkContact';
import { findCooperationIn } from './CooperationRepository';
import { rosterInputError } from '../roster/rosterInputError';
import { COOPERATION_FIELDS } from '../roster/columns';

const COOPERATION_PATHS = Object.fromEntries(COOPERATION_FIELDS.map((f) => [f, `input.${f}`]));

/** Returns a division the graph must hold; a cooperation without its side is an impossible state. */
async function requiredRegion<T>(load: Promise<T | null>, code: string): Promise<T> {
  const region = await load;
  if (!region) throw new Error(`invariant: cooperation names missing division ${code}`);
  return region;
}

/** Resolvers of `cooperations`, `cooperation`, `entity`, `createCooperation`, `setContact` and the `Cooperation` and `Entity` types. */
export const cooperationResolvers: Resolvers = {
  Query: {
    cooperations: (_, __, { repos }) => repos.cooperation.cooperations(null),
    cooperation: async (_, { id }, { repos }) => (await repos.cooperation.cooperations(checkId('id', id)))[0] ?? null,
    entity: async (_, { id }, { repos }) => (await repos.cooperation.entitiesByIds([checkId('id', id)]))[0] ?? null,
  },
  Cooperation: {
    supporting: (c, _, { loaders }) => requiredRegion(loaders.unit.load(c.supportingCode), c.supportingCode),
    supported: (c, _, { loaders }) => requiredRegion(loaders.unit.load(c.supportedCode), c.supportedCode),
    entities: async (c, { label }, { repos }) => (await repos.cooperation.entitiesOf([c.id], label ?? null))[0],
  },
  Entity: {
    relations: (e, _, { loaders }) => loaders.relations.load(e.id),
    source: (e, _, { loaders }) => (e.source ? loaders.source.load(e.source) : null),
    contact: (e, _, { caller }) => {
      if (e.label !== 'Person') return null;
      requireRole(caller, 'planner', 'contact details');
      return e.contact;
    },
  },
  Mutation: {
    createCooperation: async (_, { input }, ctx) => {
      requireRole(ctx.caller, 'planner', 'createCooperation');
      // A field left out or null takes its default (the id: made of the two codes); the rest is checked as a roster row.
      const fields = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null));
      const result = await ctx.repos.roster.save('cooperations', fields, ctx.caller, 'createCooperation', findCooperationIn, true);
      if (!result.ok) throw rosterInputError(result.problems, COOPERATION_PATHS);
      if (!result.record) throw new Error(`invariant: cooperation ${result.plan!.id} missing after its write`);
      return result.record;
    },
    setContact: async (_, { personId, input }, { repos, caller }) => {
      requireRole(caller, 'planner', 'setContact');
      checkId('personId', personId);
      const entity = await repos.cooperation.setContact(personId, checkContact(input), caller);
      if (!entity) throw notFound('person', personId);
      return entity;
    },
  },
};
