import type { ManagedTransaction } from 'neo4j-driver';
import type { PairingWrite, RawRow } from './RowPlan';
import type { RowProblems } from './RowProblems';
import { reason } from './problems';

/** The first activity of each pairing dated after the end a row gives it, walked from the pairing (found by its id). */
const FIRST_ACTIVITY_AFTER = `
UNWIND $rows AS row
MATCH (p:Pairing {id: row.id})
CALL (p, row) {
  MATCH (p)<-[:ACTIVITY_OF]-(a:Activity) WHERE a.date > date(row.until)
  RETURN a ORDER BY a.date, a.id LIMIT 1
}
RETURN row.id AS id, a.id AS activityId, toString(a.date) AS date`;

/**
 * Removes from `plans` the pairing rows that set `until` before an activity the ledger records of that pairing,
 * adding to the row's problems (`problemsOf`) an UNTIL_BEFORE_ACTIVITY naming the pairing, the end and the first
 * activity after it (id and date); one read in `tx`. Returns the plans kept; throws only on database errors.
 */
export async function refuseEndsBeforeActivities<T extends { row: number }>(
  tx: ManagedTransaction,
  plans: T[],
  rows: readonly RawRow[],
  problemsOf: (raw: RawRow) => RowProblems,
): Promise<T[]> {
  const ending = plans.filter((p): p is T & PairingWrite => (p as unknown as PairingWrite).type === 'pairing' && typeof (p as unknown as PairingWrite).values.until === 'string');
  if (!ending.length) return plans;
  const result = await tx.run(FIRST_ACTIVITY_AFTER, { rows: ending.map((p) => ({ id: p.id, until: p.values.until })) });
  const after = new Map(result.records.map((r) => [r.get('id') as string, { id: r.get('activityId') as string, date: r.get('date') as string }]));
  if (!after.size) return plans;
  const rawOf = new Map(rows.map((raw) => [raw.row, raw]));
  const refused = new Set<number>();
  for (const p of ending) {
    const a = after.get(p.id);
    if (!a) continue;
    refused.add(p.row);
    const until = p.values.until!;
    problemsOf(rawOf.get(p.row)!).add(
      'until',
      'UNTIL_BEFORE_ACTIVITY',
      reason(
        `结对 ${p.id} 的结束日期 ${until} 早于台账中已记录的活动 ${a.id}（${a.date}）；请先修改或删除该活动，或将结束日期设为 ${a.date} 或之后`,
        `pairing ${p.id} cannot end on ${until}: the ledger records activity ${a.id} on ${a.date} after it; change or delete that activity first, or end the pairing on ${a.date} or later`,
      ),
      until,
    );
  }
  return plans.filter((p) => !refused.has(p.row));
}
