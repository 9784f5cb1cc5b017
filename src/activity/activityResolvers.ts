import { requireRole } from '../auth/requireRole';
import type { Context } from '../context/Context';
import type { Resolvers } from '../generated/resolvers';
import { checkId } from '../graphql/checkId';
import { decodeCursor, encodeCursor } from '../graphql/cursor';
import { parseIsoDate } from '../graphql/DateScalar';
import { badUserInput, checkPageSize, notFound } from '../graphql/errors';
import { selectsField } from '../graphql/selectsField';
import { regionCode } from '../planner/regionArgument';
import { activityInputError } from './activityInputError';
import type { ActivityInputRow } from './checkActivity';
import { monthsBefore } from './monthsBefore';
import type { ActivityWritten } from './writeActivities';

/** Returns the one outcome of a one-row batch, or throws its problems as BAD_USER_INPUT. */
async function single(ctx: Context, row: ActivityInputRow, operation: string, mustExist: boolean): Promise<ActivityWritten> {
  const result = await ctx.repos.activities.recordActivities([row], { caller: ctx.caller, operation, today: ctx.today }, mustExist);
  if (!result.ok) throw activityInputError(result.problems, 'input.', mustExist ? ['id'] : []);
  return result.written[0];
}

/** Returns the keyset of a cursor of `activities` (its date and id), or null for none; BAD_USER_INPUT naming `after` for another. */
function afterOf(cursor: string | null | undefined): { date: string; id: string } | null {
  const inner = decodeCursor(cursor);
  if (inner === null) return null;
  const m = /^(\d{4}-\d{2}-\d{2}):(.+)$/.exec(inner);
  if (!m) throw badUserInput('after', 'not a cursor of activities', cursor);
  return { date: m[1], id: m[2] };
}

/** Returns the given date argument checked, or null. */
const dateArg = (value: string | null | undefined) => (value ? parseIsoDate(value) : null);

/** Resolvers of the ledger: `activities`, `dormantPairings`, `activitySummary`, the three mutations, and `Figure.ledger`. */
export const activityResolvers: Resolvers = {
  Query: {
    activities: async (_, args, { repos }, info) => {
      const scopes = (['pairingId', 'cooperationId', 'unitId', 'region'] as const).filter((k) => args[k] !== null && args[k] !== undefined);
      if (scopes.length > 1) throw badUserInput(scopes[1], `give at most one of pairingId, cooperationId, unitId and region (got ${scopes.join(' and ')})`, args[scopes[1]]);
      for (const k of ['pairingId', 'cooperationId', 'unitId'] as const) checkId(k, args[k]);
      const filter = {
        pairingId: args.pairingId,
        cooperationId: args.cooperationId,
        unitId: args.unitId,
        region: args.region ? regionCode('region', args.region) : null,
        from: dateArg(args.from),
        to: dateArg(args.to),
        forms: args.forms,
      };
      const page = await repos.activities.list(filter, checkPageSize(args.first, 500), afterOf(args.after), selectsField(info, 'totalCount'));
      if (!page) throw notFound(scopes[0] === 'region' ? 'region' : scopes[0].replace(/Id$/, ''), String(args[scopes[0]]));
      const edges = page.items.map((node) => ({ cursor: encodeCursor(`${node.date}:${node.id}`), node }));
      return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null }, totalCount: page.totalCount };
    },
    dormantPairings: async (_, { region, since, first }, { repos, today }) => {
      const code = regionCode('region', region);
      const rows = await repos.activities.dormantPairings(code, dateArg(since) ?? monthsBefore(today, 12), today, checkPageSize(first, 5000, 'first', 500));
      if (!rows) throw notFound('region', region);
      return rows;
    },
    activitySummary: async (_, { region, from, to }, { repos }) => {
      const summary = await repos.activities.summary(regionCode('region', region), dateArg(from), dateArg(to));
      if (!summary) throw notFound('region', region);
      return summary;
    },
  },
  Mutation: {
    recordActivity: (_, { input }, ctx) => {
      requireRole(ctx.caller, 'planner', 'recordActivity');
      return single(ctx, input, 'recordActivity', false);
    },
    updateActivity: async (_, { id, input }, ctx) => {
      requireRole(ctx.caller, 'planner', 'updateActivity');
      checkId('id', id);
      const [current] = await ctx.repos.activities.findByIds([id]);
      if (!current) throw notFound('activity', id);
      const moved = input.pairingId != null || input.cooperationId != null;
      const keep = <K extends 'participants' | 'note' | 'source'>(k: K) => (input[k] === undefined ? current[k] : input[k]);
      const row: ActivityInputRow = {
        id,
        pairingId: moved ? input.pairingId : current.pairingId,
        cooperationId: moved ? input.cooperationId : current.cooperationId,
        date: input.date ?? current.date,
        form: input.form ?? current.form,
        measures: input.measures ?? current.measures,
        participants: keep('participants'),
        note: keep('note'),
        source: keep('source'),
      };
      return single(ctx, row, 'updateActivity', true);
    },
    deleteActivity: async (_, { id }, ctx) => {
      requireRole(ctx.caller, 'admin', 'deleteActivity');
      checkId('id', id);
      const removed = await ctx.repos.activities.deleteActivity(id, ctx.caller);
      if (!removed) throw notFound('activity', id);
      return removed;
    },
  },
  Activity: {
    pairing: (a, _, { loaders }) => (a.pairingId ? loaders.pairing.load(a.pairingId) : null),
    cooperation: (a, _, { loaders }) => (a.cooperationId ? loaders.cooperation.load(a.cooperationId) : null),
    source: (a, _, { loaders }) => (a.source ? loaders.source.load(a.source) : null),
  },
  RegionTally: {
    region: (t, _, { loaders }) => (t.regionCode ? loaders.unit.load(t.regionCode) : null),
  },
  UnitTally: {
    unit: async (t, _, { loaders }) => {
      const unit = await loaders.unit.load(t.unitId);
      if (!unit) throw new Error(`invariant: activity tally names missing unit ${t.unitId}`);
      return unit;
    },
  },
  ActivitySummary: {
    region: async (s, _, { loaders }) => {
      const region = await loaders.unit.load(s.regionCode);
      if (!region) throw new Error(`invariant: summary of missing region ${s.regionCode}`);
      return region;
    },
  },
  Figure: {
    ledger: (f, _, { loaders }) => loaders.figureLedger.load({ id: f.id, value: f.value }),
  },
};

