import { checkId } from '../graphql/checkId';
import type { Resolvers } from '../generated/resolvers';
import { parseIsoDate } from '../graphql/DateScalar';
import { badUserInput, checkPageSize, notFound } from '../graphql/errors';
import type { Found } from './PlannerRepository';
import { scoreCandidates } from './scoreCandidates';

/** Returns a 12-digit code from a 6-, 9- or 12-digit one; throws BAD_USER_INPUT naming `field`. */
export function fullCode(field: string, code: string): string {
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(code)) throw badUserInput(field, 'must be a 6-, 9- or 12-digit division code', code);
  return code.padEnd(12, '0');
}

/** Returns the value of a lookup, or throws NOT_FOUND naming what was missing. */
function orNotFound<T>(result: Found<T>, ids: Record<string, string>): T {
  if (result.found) return result.value;
  throw notFound(result.what, ids[result.what] ?? '');
}

/** Resolvers of the planner's questions: thin, each one repository call. */
export const plannerResolvers: Resolvers = {
  Query: {
    unpairedVillages: async (_, args, { repos, today }) => {
      const county = fullCode('county', args.county);
      const township = args.township ? fullCode('township', args.township) : null;
      const result = await repos.planner.unpairedVillages({
        county,
        township,
        demonstrationOnly: args.demonstrationOnly ?? true,
        on: args.activeOn ? parseIsoDate(args.activeOn) : today,
        supportingKinds: args.supportingKinds?.length ? args.supportingKinds : null,
      });
      return orNotFound(result, { county, township: township ?? '' });
    },
    coverage: async (_, args, { repos, today }) => {
      const county = fullCode('county', args.county);
      return orNotFound(await repos.planner.coverage(county, args.activeOn ? parseIsoDate(args.activeOn) : today), { county });
    },
    suggestPartners: async (_, { unitId, first }, { repos, today }) => {
      checkId('unitId', unitId);
      const limit = checkPageSize(first, 50, 'first', 5);
      const found = orNotFound(await repos.planner.suggestionCandidates(unitId, today), { unit: unitId });
      if (found.side !== 'SUPPORTED') throw badUserInput('unitId', 'only a unit on the supported side takes partners', unitId);
      return scoreCandidates(found.kind, found.candidates, limit, found.townshipName);
    },
    connection: async (_, { fromId, toId, maxHops }, { repos }) => {
      checkId('fromId', fromId);
      checkId('toId', toId);
      const hops = maxHops ?? 6;
      if (!Number.isInteger(hops) || hops < 1 || hops > 12) throw badUserInput('maxHops', 'must be between 1 and 12', hops);
      return orNotFound(await repos.planner.connection(fromId, toId, hops), { fromId, toId });
    },
    timeline: async (_, args, { repos }) => {
      const county = fullCode('county', args.county);
      return orNotFound(await repos.planner.timeline(county), { county });
    },
  },
};
