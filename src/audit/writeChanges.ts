import { randomBytes } from 'node:crypto';
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import type { ChangeActionValue } from './ChangeRecord';

/** Who makes a set of changes, when, and through what. */
export interface ChangeMeta {
  actor: string;
  role: string | null;
  /** A mutation's name, or `import`. */
  operation: string;
  at: Date;
  /** The :Source of the write, if it has one. */
  source: string | null;
}

/** One changed record, with the changed fields' values before (null: a new record) and after (null: removed). */
export interface ChangeEntry {
  targetType: 'Unit' | 'Region' | 'Pairing' | 'Person' | 'Cooperation' | 'Activity';
  targetId: string;
  action: ChangeActionValue;
  fields: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const CREATE_CHANGES = `
  UNWIND $rows AS row
  CREATE (c:Change)
  SET c = row, c.at = $at
  RETURN count(*) AS written`;

/** Returns a prefix of change ids that sorts by time: `chg-<UTC time to the millisecond>-<random>`. */
export function changeIdPrefix(at: Date): string {
  return `chg-${at.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
}

/**
 * Records `entries` as :Change nodes inside `tx` (so that a change and its record commit or fail together),
 * with ids `<prefix>-<position>`; values are stored as JSON text. Throws when the database wrote fewer.
 */
export async function writeChanges(tx: ManagedTransaction, entries: readonly ChangeEntry[], meta: ChangeMeta, prefix = changeIdPrefix(meta.at), offset = 0): Promise<void> {
  if (!entries.length) return;
  const rows = entries.map((e, i) => ({
    id: `${prefix}-${String(offset + i + 1).padStart(7, '0')}`,
    actor: meta.actor,
    role: meta.role,
    operation: meta.operation,
    source: meta.source,
    targetType: e.targetType,
    targetId: e.targetId,
    action: e.action,
    fields: e.fields,
    before: e.before === null ? null : JSON.stringify(e.before),
    after: e.after === null ? null : JSON.stringify(e.after),
  }));
  const result = await tx.run(CREATE_CHANGES, { rows, at: neo4j.types.DateTime.fromStandardDate(meta.at) });
  const written = result.records[0]?.get('written');
  if (Number(written) !== rows.length) throw new Error(`invariant: audit trail wrote ${String(written)} of ${rows.length} changes`);
}
