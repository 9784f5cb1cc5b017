import type { ManagedTransaction } from 'neo4j-driver';
import { writeChanges, type ChangeEntry } from '../audit/writeChanges';
import { toPlain } from '../db/toPlain';
import type { ProvenanceValue } from '../domain/vocabulary';
import { ACTIVITY_OF, activityProjection, type ActivityRecord } from './ActivityRecord';
import type { ActivityProblem, CheckedActivity } from './checkActivity';
import { ACTIVITIES_BY_IDS } from './activityQueries';

/** Who writes a batch of activities, when, and from what. */
export interface ActivityWriteMeta {
  actor: string;
  role: string | null;
  /** A mutation's name, or `import`. */
  operation: string;
  at: Date;
  provenance: ProvenanceValue;
  /** The batch's :Source id (an import's), used for rows that name none; null for none. */
  source: string | null;
}

/** What happened to one activity of a batch. */
export interface ActivityWritten {
  action: 'CREATE' | 'UPDATE' | 'UNCHANGED';
  changedFields: string[];
  activity: ActivityRecord;
}

/** The answer of a batch: every row written, or the problems of the rows and nothing written. */
export type ActivityWriteResult = { ok: true; written: ActivityWritten[] } | { ok: false; problems: ActivityProblem[] };

const OWNERS = `
  UNWIND $owners AS o
  OPTIONAL MATCH (p:Pairing {id: o.id}) WHERE o.type = 'Pairing'
  OPTIONAL MATCH (c:Cooperation {id: o.id}) WHERE o.type = 'Cooperation'
  RETURN o.id AS id, o.type AS type, coalesce(p, c) IS NOT NULL AS found,
    toString(p.since) AS since, toString(p.until) AS until, toInteger(c.p_since) AS sinceYear`;

const SOURCES = `UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN s.id AS id`;

/** Ids held by nodes other than activities (every node's id is unique). */
const TAKEN = `UNWIND $ids AS id MATCH (n:Node {id: id}) WHERE NOT n:Activity RETURN n.id AS id`;

const WRITE = `
  UNWIND $rows AS row
  MERGE (a:Activity {id: row.id})
  ON CREATE SET a:Node
  SET a.date = date(row.date), a.form = row.form, a.measureValues = row.measureValues, a.measureUnits = row.measureUnits,
    a.participants = row.participants, a.note = row.note, a.source = row.source, a.provenance = row.provenance
  WITH a, row
  CALL (a) { OPTIONAL MATCH (a)-[old:${ACTIVITY_OF}]->() DELETE old }
  WITH a, row
  OPTIONAL MATCH (p:Pairing {id: row.ownerId}) WHERE row.ownerType = 'Pairing'
  OPTIONAL MATCH (c:Cooperation {id: row.ownerId}) WHERE row.ownerType = 'Cooperation'
  WITH a, row, coalesce(p, c) AS o
  CREATE (a)-[:${ACTIVITY_OF} {provenance: row.provenance, source: row.source}]->(o)
  RETURN count(*) AS written`;

const DELETE = `
  MATCH (a:Activity {id: $id})-[:${ACTIVITY_OF}]->(o)
  WITH a, ${activityProjection('a', 'o')} AS row
  DETACH DELETE a
  RETURN row`;

interface Owner {
  found: boolean;
  since: string | null;
  until: string | null;
  sinceYear: number | null;
}

/** The fields the audit trail and the comparison of a stored activity with a new one look at. */
const COMPARED = ['pairingId', 'cooperationId', 'date', 'form', 'measures', 'participants', 'note', 'source'] as const;

/** Returns field `f` of `r` as text that equal values share (measures as unit=value, whatever the order of their keys). */
function comparable(r: ActivityRecord, f: (typeof COMPARED)[number]): string {
  return f === 'measures' ? r.measures.map((m) => `${m.unit}=${m.value}`).join(';') : JSON.stringify(r[f] ?? null);
}

/** Returns the stored form of a checked activity. */
function recordOf(a: CheckedActivity, meta: Pick<ActivityWriteMeta, 'provenance' | 'source'>): ActivityRecord {
  return {
    id: a.id,
    date: a.date,
    form: a.form,
    measures: a.measures,
    participants: a.participants,
    note: a.note,
    source: a.source ?? meta.source,
    provenance: meta.provenance,
    pairingId: a.ownerType === 'Pairing' ? a.ownerId : null,
    cooperationId: a.ownerType === 'Cooperation' ? a.ownerId : null,
  };
}

/** Returns the compared fields of `r` as the audit trail stores them. */
function auditFields(r: ActivityRecord, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, r[f as keyof ActivityRecord] ?? null]));
}

/** Returns the problems an activity has with its pairing or cooperation (unknown; before it began; after it ended). */
function ownerProblems(a: CheckedActivity, owner: Owner | undefined): ActivityProblem[] {
  const field = a.ownerType === 'Pairing' ? 'pairingId' : 'cooperationId';
  const what = a.ownerType === 'Pairing' ? 'pairing' : 'cooperation';
  if (!owner?.found) return [{ row: a.row, field, value: a.ownerId, message: `no ${what} has this id`, messageZh: a.ownerType === 'Pairing' ? '结对不存在' : '协作不存在' }];
  const begins = owner.since ?? (owner.sinceYear !== null ? `${owner.sinceYear}-01-01` : null);
  if (begins !== null && a.date < begins) {
    return [{ row: a.row, field: 'date', value: a.date, message: `is before the ${what} began (${owner.since ?? owner.sinceYear})`, messageZh: `早于${a.ownerType === 'Pairing' ? '结对' : '协作'}开始日期（${begins}）` }];
  }
  if (owner.until !== null && a.date > owner.until) {
    return [{ row: a.row, field: 'date', value: a.date, message: `is after the pairing ended (${owner.until})`, messageZh: `晚于结对结束日期（${owner.until}）` }];
  }
  return [];
}

/** The plan of a batch checked against the graph: each row's outcome, and the stored activities it compared them with. */
export type ActivityPlan = { ok: true; written: ActivityWritten[]; existing: ReadonlyMap<string, ActivityRecord> } | { ok: false; problems: ActivityProblem[] };

/**
 * Checks `rows` (each already through checkActivity) against the graph inside `tx` — the pairing or cooperation
 * exists, the date is not before it began nor after the pairing ended, a named source exists, no two rows are the
 * same activity, and with `mustExist` the activity is stored already — and returns each row's outcome (CREATE,
 * UPDATE, or UNCHANGED for an activity stored as given), or every problem (with the `earlier` ones of rows refused
 * before, by row). Writes nothing; throws only on database errors.
 */
export async function planActivities(
  tx: ManagedTransaction,
  rows: readonly CheckedActivity[],
  meta: Pick<ActivityWriteMeta, 'provenance' | 'source'> & { keepSource?: boolean },
  mustExist = false,
  earlier: readonly ActivityProblem[] = [],
): Promise<ActivityPlan> {
  const ownerKeys = [...new Map(rows.map((a) => [`${a.ownerType}:${a.ownerId}`, { id: a.ownerId, type: a.ownerType }])).values()];
  const owners = new Map(
    (await tx.run(OWNERS, { owners: ownerKeys })).records.map((r) => [`${r.get('type') as string}:${r.get('id') as string}`, toPlain(r.toObject()) as unknown as Owner]),
  );
  const sourceIds = [...new Set(rows.map((a) => a.source).filter((s): s is string => s !== null))];
  const sources = new Set((await tx.run(SOURCES, { ids: sourceIds })).records.map((r) => r.get('id') as string));
  const existing = new Map(
    (await tx.run(ACTIVITIES_BY_IDS, { ids: rows.map((a) => a.id) })).records.map((r) => {
      const rec = toPlain(r.get('row')) as unknown as ActivityRecord;
      return [rec.id, rec];
    }),
  );
  const taken = new Set((await tx.run(TAKEN, { ids: rows.filter((a) => a.idGiven).map((a) => a.id) })).records.map((r) => r.get('id') as string));
  const problems: ActivityProblem[] = [...earlier];
  const firstRow = new Map<string, number>();
  for (const a of rows) {
    problems.push(...ownerProblems(a, owners.get(`${a.ownerType}:${a.ownerId}`)));
    if (a.source !== null && !sources.has(a.source)) problems.push({ row: a.row, field: 'source', value: a.source, message: 'no source has this id', messageZh: '资料来源不存在' });
    if (taken.has(a.id)) problems.push({ row: a.row, field: 'id', value: a.id, message: 'is the id of another node (not an activity)', messageZh: '编码已被其他节点使用' });
    if (mustExist && !existing.has(a.id)) problems.push({ row: a.row, field: 'id', value: a.id, message: 'no activity has this id', messageZh: '活动不存在' });
    const earlier = firstRow.get(a.id);
    if (earlier !== undefined) {
      const why = a.idGiven ? 'has the id of' : 'is the same activity (same pairing or cooperation, date, form and measures) as';
      problems.push({ row: a.row, field: 'id', value: a.id, message: `${why} row ${earlier + 1}; give it an id of its own if it is another act`, messageZh: `与第 ${earlier + 1} 行是同一活动` });
    } else firstRow.set(a.id, a.row);
  }
  if (problems.length) return { ok: false, problems: problems.sort((x, y) => x.row - y.row) };

  const written: ActivityWritten[] = rows.map((a) => {
    const before = existing.get(a.id);
    // keepSource (a roster's check): a row that names no source keeps the stored activity's.
    const after = recordOf(a, meta.keepSource && a.source === null && before ? { ...meta, source: before.source } : meta);
    if (!before) return { action: 'CREATE', changedFields: [...COMPARED], activity: after };
    const changedFields = COMPARED.filter((f) => comparable(before, f) !== comparable(after, f));
    return changedFields.length ? { action: 'UPDATE', changedFields, activity: after } : { action: 'UNCHANGED', changedFields, activity: before };
  });
  return { ok: true, written, existing };
}

/** Writes the rows of a plan that create or change an activity, with their audit entries, inside `tx`. Throws only on database errors. */
export async function storeActivities(tx: ManagedTransaction, written: readonly ActivityWritten[], existing: ReadonlyMap<string, ActivityRecord>, meta: ActivityWriteMeta): Promise<void> {
  const toWrite = written.filter((w) => w.action !== 'UNCHANGED');
  if (toWrite.length) {
    const params = toWrite.map(({ activity: r }) => ({
      ...r,
      ownerType: r.pairingId !== null ? 'Pairing' : 'Cooperation',
      ownerId: r.pairingId ?? r.cooperationId,
      measureValues: r.measures.map((m) => m.value),
      measureUnits: r.measures.map((m) => m.unit),
    }));
    const result = await tx.run(WRITE, { rows: params });
    if (Number(toPlain(result.records[0]?.get('written'))) !== toWrite.length) throw new Error(`invariant: wrote ${String(result.records[0]?.get('written'))} of ${toWrite.length} activities`);
    const entries: ChangeEntry[] = toWrite.map((w) => {
      const before = existing.get(w.activity.id);
      return {
        targetType: 'Activity',
        targetId: w.activity.id,
        action: w.action as 'CREATE' | 'UPDATE',
        fields: w.changedFields,
        before: before ? auditFields(before, w.changedFields) : null,
        after: auditFields(w.activity, w.changedFields),
      };
    });
    await writeChanges(tx, entries, { actor: meta.actor, role: meta.role, operation: meta.operation, at: meta.at, source: meta.source });
  }
}

/**
 * Checks `rows` against the graph inside `tx` ({@link planActivities}) and then writes them all with their audit
 * entries ({@link storeActivities}); returns every row's outcome, or every problem with nothing written. Throws
 * only on database errors.
 */
export async function writeActivities(
  tx: ManagedTransaction,
  rows: readonly CheckedActivity[],
  meta: ActivityWriteMeta,
  mustExist = false,
  earlier: readonly ActivityProblem[] = [],
): Promise<ActivityWriteResult> {
  const plan = await planActivities(tx, rows, meta, mustExist, earlier);
  if (!plan.ok) return plan;
  await storeActivities(tx, plan.written, plan.existing, meta);
  return { ok: true, written: plan.written };
}

/** Removes the activity `id` and records it in the audit trail inside `tx`; returns it as it was, or null when no activity has that id. */
export async function deleteActivityIn(tx: ManagedTransaction, id: string, meta: Omit<ActivityWriteMeta, 'provenance' | 'source'>): Promise<ActivityRecord | null> {
  const result = await tx.run(DELETE, { id });
  if (!result.records.length) return null;
  const before = toPlain(result.records[0].get('row')) as unknown as ActivityRecord;
  await writeChanges(tx, [{ targetType: 'Activity', targetId: id, action: 'DELETE', fields: [...COMPARED], before: auditFields(before, COMPARED), after: null }], { ...meta, source: null });
  return before;
}
