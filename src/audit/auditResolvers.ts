import { checkId } from '../graphql/checkId';
import { requireRole } from '../auth/requireRole';
import type { Resolvers } from '../generated/resolvers';
import { checkPageSize } from '../graphql/errors';
import { decodeCursor, toConnection } from '../graphql/cursor';
import type { FieldChangeRecord } from './ChangeRecord';

/** Returns the JSON text of `key` in a JSON map, or null when absent or null. */
function valueIn(json: string | null, key: string): string | null {
  if (json === null) return null;
  const value = (JSON.parse(json) as Record<string, unknown>)[key];
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Resolvers of `changes` (admin only) and the `Change` type. */
export const auditResolvers: Resolvers = {
  Query: {
    changes: async (_, { where, first, after }, { repos, caller }) => {
      requireRole(caller, 'admin', 'reading the audit trail');
      const filter = { targetId: checkId('where.targetId', where?.targetId ?? null), actor: where?.actor ?? null, operation: where?.operation ?? null, since: where?.since ?? null };
      return toConnection(await repos.audit.changes(filter, checkPageSize(first, 500), decodeCursor(after)));
    },
  },
  Change: {
    fields: (c): FieldChangeRecord[] => c.fieldNames.map((field) => ({ field, before: valueIn(c.before, field), after: valueIn(c.after, field) })),
    source: (c, _, { loaders }) => (c.source ? loaders.source.load(c.source) : null),
  },
};
