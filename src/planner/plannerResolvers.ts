import { checkId } from '../graphql/checkId';
import type { Resolvers } from '../generated/resolvers';
import { parseIsoDate } from '../graphql/DateScalar';
import { selectsField } from '../graphql/selectsField';
import { badUserInput, checkPageSize, notFound } from '../graphql/errors';
import { levelRank } from '../region/divisionCode';
import { coverageSections } from './coverageSections';
import type { Found } from './PlannerRepository';
import { fullCode, regionArgument } from './regionArgument';
import { scoreCandidates } from './scoreCandidates';

/** Returns the value of a lookup, or throws NOT_FOUND naming what was missing. */
function orNotFound<T>(result: Found<T>, ids: Record<string, string>): T {
  if (result.found) return result.value;
  throw notFound(result.what, ids[result.what] ?? '');
}

/** Resolvers of the planner's questions: thin, each one repository call. */
export const plannerResolvers: Resolvers = {
  Query: {
    unpairedVillages: async (_, args, { repos, today }, info) => {
      const scope = regionArgument(args);
      const township = args.township ? fullCode('township', args.township) : null;
      // The county costs a walk up from every village: only when selected.
      const county = selectsField(info, 'countyCode') || selectsField(info, 'countyName');
      const result = await repos.planner.unpairedVillages(
        {
          ...scope,
          township,
          demonstrationOnly: args.demonstrationOnly ?? true,
          on: args.activeOn ? parseIsoDate(args.activeOn) : today,
          supportingKinds: args.supportingKinds?.length ? args.supportingKinds : null,
        },
        { county },
      );
      return orNotFound(result, { region: scope.region, county: scope.region, township: township ?? '' });
    },
    coverage: async (_, args, { repos, today }, info) => {
      const scope = regionArgument(args);
      const on = args.activeOn ? parseIsoDate(args.activeOn) : today;
      // Each section costs a walk of the region: only those the selection reads.
      const sections = coverageSections(info);
      const found = await repos.planner.coverage(scope.region, on, { by: args.by ?? null, countyOnly: scope.countyOnly, sections });
      const coverage = orNotFound(found, { region: scope.region, county: scope.region });
      if (args.by && levelRank(args.by) <= levelRank(coverage.regionLevel)) {
        throw badUserInput('by', `must be a level below the region's (${coverage.regionName} is ${coverage.regionLevel})`, args.by);
      }
      return coverage;
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
      const scope = regionArgument(args);
      return orNotFound(await repos.planner.timeline(scope), { region: scope.region, county: scope.region });
    },
  },
};
