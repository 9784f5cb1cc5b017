import type { ManagedTransaction } from 'neo4j-driver';
import type { Caller } from '../auth/Caller';
import { writeChanges } from '../audit/writeChanges';
import type { Database } from '../db/Database';
import { toPlain } from '../db/toPlain';
import { importRecord, type RecordResult } from './index';
import type { RosterKind } from './columns';
import type { CellValue } from './values';

/** Why a unit cannot be removed, or that it was. */
export type UnitRemoval = { status: 'deleted' } | { status: 'missing' } | { status: 'division' } | { status: 'linked'; pairings: number; links: number };

/** Why a pairing cannot be removed (its activities would lose their pairing), or that it was. */
export type PairingRemoval = { status: 'deleted' } | { status: 'missing' } | { status: 'linked'; activities: number };

// Locks the pairing first, so that an activity recorded meanwhile is counted (or waits for the removal).
const PAIRING_FOR_DELETE = `
  MATCH (p:Pairing {id: $id})
  SET p.pgLock = true
  REMOVE p.pgLock
  WITH p, COUNT { (p)<-[:ACTIVITY_OF]-(:Activity) } AS activities
  OPTIONAL MATCH (p)-[:SUPPORTER]->(a)
  OPTIONAL MATCH (p)-[:SUPPORTED]->(b)
  WITH p, activities, p { .kind, .sector, .agreementId, .note, .provenance, .source, since: toString(p.since), until: toString(p.until),
    supporting: a.id, supported: b.id } AS before
  CALL (p, activities) { WITH p WHERE activities = 0 DETACH DELETE p }
  RETURN before, activities`;

// Locks the unit first, so that a pairing created meanwhile is counted (or waits for the removal).
const UNIT_FOR_DELETE = `
  MATCH (n:Unit {id: $id})
  SET n.pgLock = true
  REMOVE n.pgLock
  WITH n
  RETURN n:Region AS division,
    COUNT { (n)<-[:SUPPORTER|SUPPORTED]-(:Pairing) } AS pairings,
    COUNT { (n)-[r]-() WHERE NOT type(r) IN ['LOCATED_IN', 'SUPPORTER', 'SUPPORTED'] } AS links,
    n { .name, .kind, .provenance, .source, region: [(n)-[:LOCATED_IN]->(r:Region) | r.id][0] } AS before`;

const DELETE_UNIT = `MATCH (n:Unit {id: $id}) WHERE NOT n:Region DETACH DELETE n RETURN count(*) AS deleted`;

/** Who changes data through GraphQL, as the audit trail records it. */
function actorOf(caller: Caller): { importedBy: string; role: string | null } {
  if (!caller.subject) throw new Error('invariant: a change without an authenticated caller');
  return { importedBy: caller.subject, role: caller.role };
}

/** Edits of units and pairings through GraphQL: the roster import's checks and writes for one record, and removals. */
export class RosterRepository {
  constructor(private readonly db: Database) {}

  /**
   * Checks and writes one unit or pairing given as roster fields, with the audit trail naming `operation`
   * and the caller, and returns what was written with the record as stored, read by `readBack` inside the
   * write's own transaction (so that a committed write is never answered with an error). With `mustCreate`,
   * an id already in use, when checked or when written, is a problem of field `id` (nothing written).
   * Throws only on database errors.
   */
  async save<R>(
    kind: RosterKind,
    fields: Record<string, CellValue>,
    caller: Caller,
    operation: string,
    readBack: (tx: ManagedTransaction, id: string) => Promise<R | null>,
    mustCreate = false,
  ): Promise<RecordResult & { record: R | null }> {
    const who = actorOf(caller);
    let record: R | null = null;
    const result = await importRecord(this.db, kind, fields, {
      ...who,
      operation,
      sourceTitle: `graphql ${operation}`,
      requireCreate: mustCreate,
      afterWrite: async (tx, plans) => {
        if (plans[0]) record = await readBack(tx, plans[0].id);
      },
    });
    // Nothing written (the record was as asked already): read it as it is.
    if (result.ok && record === null && result.plan) record = await this.db.read((tx) => readBack(tx, result.plan!.id));
    return { ...result, record };
  }

  /** Removes a pairing without activities and records it; answers why not otherwise (no such pairing, or its activities). One transaction. */
  async deletePairing(id: string, caller: Caller): Promise<PairingRemoval> {
    const who = actorOf(caller);
    return this.db.write(async (tx) => {
      const result = await tx.run(PAIRING_FOR_DELETE, { id });
      if (!result.records.length) return { status: 'missing' } as const;
      const activities = Number(toPlain(result.records[0].get('activities')));
      if (activities) return { status: 'linked', activities } as const;
      const before = toPlain(result.records[0].get('before')) as Record<string, unknown>;
      await writeChanges(tx, [{ targetType: 'Pairing', targetId: id, action: 'DELETE', fields: Object.keys(before).sort(), before, after: null }], {
        actor: who.importedBy,
        role: who.role,
        operation: 'deletePairing',
        at: new Date(),
        source: null,
      });
      return { status: 'deleted' } as const;
    });
  }

  /** Removes a unit that is not a division and has no pairing and no other link, and records it. One transaction. */
  async deleteUnit(id: string, caller: Caller): Promise<UnitRemoval> {
    const who = actorOf(caller);
    return this.db.write(async (tx) => {
      const found = await tx.run(UNIT_FOR_DELETE, { id });
      if (!found.records.length) return { status: 'missing' } as const;
      const r = found.records[0];
      if (r.get('division')) return { status: 'division' } as const;
      const pairings = Number(toPlain(r.get('pairings')));
      const links = Number(toPlain(r.get('links')));
      if (pairings || links) return { status: 'linked', pairings, links } as const;
      const before = toPlain(r.get('before')) as Record<string, unknown>;
      const deleted = await tx.run(DELETE_UNIT, { id });
      if (Number(toPlain(deleted.records[0].get('deleted'))) !== 1) throw new Error(`invariant: unit ${id} vanished during its removal`);
      await writeChanges(tx, [{ targetType: 'Unit', targetId: id, action: 'DELETE', fields: Object.keys(before).sort(), before, after: null }], {
        actor: who.importedBy,
        role: who.role,
        operation: 'deleteUnit',
        at: new Date(),
        source: null,
      });
      return { status: 'deleted' } as const;
    });
  }
}
