import { checkId } from '../graphql/checkId';
import { GraphQLError } from 'graphql';
import type { ManagedTransaction } from 'neo4j-driver';
import { requireRole } from '../auth/requireRole';
import type { Context } from '../context/Context';
import type { MutationResolvers, Resolvers } from '../generated/resolvers';
import { badUserInput, notFound } from '../graphql/errors';
import type { RecordResult } from './index';
import { rosterInputError } from './rosterInputError';
import type { CellValue } from './values';
import { findPairingsIn } from '../pairing/PairingRepository';
import type { PairingRecord } from '../pairing/PairingRecord';
import { findUnitsIn } from '../unit/UnitRepository';
import type { UnitRecord } from '../unit/UnitRecord';

const UNIT_PATHS = { id: 'input.id', name: 'input.name', kind: 'input.kind', region: 'input.region', replaces: 'placeholder', demonstration: 'input.demonstration' };
const UPDATE_PATHS = { ...UNIT_PATHS, id: 'id' };
const PAIRING_PATHS = Object.fromEntries(['id', 'supporting', 'supported', 'kind', 'sector', 'since', 'until', 'agreement', 'note'].map((f) => [f, `input.${f}`]));
const END_PATHS = { id: 'id', until: 'until', since: 'until' };

/** Returns the action the API reports for a written record. */
function actionOf(result: RecordResult): 'CREATE' | 'UPDATE' | 'REPLACE' | 'UNCHANGED' {
  const plan = result.plan!;
  if (plan.action === 'create') return 'CREATE';
  if (plan.action === 'unchanged') return 'UNCHANGED';
  return plan.replaces ? 'REPLACE' : 'UPDATE';
}

/** Reads a unit inside the write that changed it. */
const unitIn = async (tx: ManagedTransaction, id: string) => (await findUnitsIn(tx, [id]))[0] ?? null;
/** Reads a pairing inside the write that changed it. */
const pairingIn = async (tx: ManagedTransaction, id: string) => (await findPairingsIn(tx, [id]))[0] ?? null;

/** Returns the answer of a unit mutation: the action and the unit as the write stored it. */
function unitAnswer(result: RecordResult & { record: UnitRecord | null }) {
  if (!result.record) throw new Error(`invariant: unit ${result.plan!.id} missing after its write`);
  return { action: actionOf(result), changedFields: result.plan!.changes, unit: result.record };
}

/** Returns the answer of a pairing mutation: the action and the pairing as the write stored it. */
function pairingAnswer(result: RecordResult & { record: PairingRecord | null }) {
  if (!result.record) throw new Error(`invariant: pairing ${result.plan!.id} missing after its write`);
  return { action: actionOf(result), changedFields: result.plan!.changes, pairing: result.record };
}

/** Returns the fields without those left undefined (a field left out keeps its stored value). */
function defined(fields: Record<string, CellValue | undefined>): Record<string, CellValue> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<string, CellValue>;
}

const mutations: MutationResolvers = {
  createUnit: async (_, { input }, ctx) => {
    requireRole(ctx.caller, 'planner', 'createUnit');
    const result = await ctx.repos.roster.save('units', { ...input }, ctx.caller, 'createUnit', unitIn, true);
    if (!result.ok) throw rosterInputError(result.problems, UNIT_PATHS);
    return unitAnswer(result);
  },
  updateUnit: async (_, { id, input }, ctx) => {
    requireRole(ctx.caller, 'planner', 'updateUnit');
    checkId('id', id);
    const [current] = await ctx.repos.units.findByIds([id]);
    if (!current) throw notFound('unit', id);
    const fields = defined({ id, name: input.name ?? current.name, kind: input.kind ?? current.kind, region: input.region ?? current.regionCode, demonstration: input.demonstration ?? undefined });
    const result = await ctx.repos.roster.save('units', fields, ctx.caller, 'updateUnit', unitIn);
    if (!result.ok) throw rosterInputError(result.problems, UPDATE_PATHS);
    return unitAnswer(result);
  },
  replacePlaceholder: async (_, { placeholder, input }, ctx) => {
    requireRole(ctx.caller, 'planner', 'replacePlaceholder');
    // An empty placeholder would read as an empty 替换占位单位 cell (no replacement) and create the unit.
    checkId('placeholder', placeholder);
    const result = await ctx.repos.roster.save('units', { ...input, replaces: placeholder }, ctx.caller, 'replacePlaceholder', unitIn);
    if (!result.ok) throw rosterInputError(result.problems, UNIT_PATHS);
    return unitAnswer(result);
  },
  pairUnits: async (_, { input }, ctx) => {
    requireRole(ctx.caller, 'planner', 'pairUnits');
    // The default id is made of the two units' ids: a malformed one is named, not the id made of it.
    if (input.id === undefined || input.id === null) {
      checkId('input.supporting', input.supporting);
      checkId('input.supported', input.supported);
    }
    const id = input.id ?? `pair-${input.supporting}-${input.supported}-${input.since ? input.since.replace(/-/g, '') : 'open'}`;
    const result = await ctx.repos.roster.save('pairings', defined({ ...input, id }), ctx.caller, 'pairUnits', pairingIn);
    if (!result.ok) throw rosterInputError(result.problems, PAIRING_PATHS);
    return pairingAnswer(result);
  },
  endPairing: async (_, { id, until }, ctx) => {
    requireRole(ctx.caller, 'planner', 'endPairing');
    checkId('id', id);
    const [current] = await ctx.repos.pairings.findByIds([id]);
    if (!current) throw notFound('pairing', id);
    const fields = { id, supporting: current.supportingId, supported: current.supportedId, until: until ?? ctx.today };
    const result = await ctx.repos.roster.save('pairings', fields, ctx.caller, 'endPairing', pairingIn);
    if (!result.ok) throw rosterInputError(result.problems, END_PATHS);
    return pairingAnswer(result);
  },
  deletePairing: async (_, { id }, ctx) => {
    requireRole(ctx.caller, 'admin', 'deletePairing');
    checkId('id', id);
    const outcome = await ctx.repos.roster.deletePairing(id, ctx.caller);
    if (outcome.status === 'missing') throw notFound('pairing', id);
    if (outcome.status === 'linked') {
      throw new GraphQLError(`id: the pairing has ${outcome.activities} activit${outcome.activities === 1 ? 'y' : 'ies'} in the ledger; delete those first, or end the pairing (endPairing) to keep its history (got '${id}')`, {
        extensions: { code: 'BAD_USER_INPUT', field: 'id', value: id, activities: outcome.activities },
      });
    }
    return { id, deleted: true };
  },
  deleteUnit: async (_, { id }, ctx) => {
    requireRole(ctx.caller, 'admin', 'deleteUnit');
    checkId('id', id);
    const outcome = await ctx.repos.roster.deleteUnit(id, ctx.caller);
    if (outcome.status === 'missing') throw notFound('unit', id);
    if (outcome.status === 'division') throw badUserInput('id', 'divisions come from the official list and cannot be removed', id);
    if (outcome.status === 'linked') {
      throw new GraphQLError(`id: the unit has ${outcome.pairings} pairing(s) and ${outcome.links} other link(s); delete those first (got '${id}')`, {
        extensions: { code: 'BAD_USER_INPUT', field: 'id', value: id, pairings: outcome.pairings, links: outcome.links },
      });
    }
    return { id, deleted: true };
  },
};

/** Resolvers of the roster mutations: createUnit, updateUnit, replacePlaceholder, pairUnits, endPairing, deletePairing, deleteUnit. */
export const rosterResolvers: Resolvers = { Mutation: mutations };
