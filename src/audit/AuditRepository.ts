import type { Database } from '../db/Database';
import { params } from '../db/params';
import { toPlain } from '../db/toPlain';
import type { Page } from '../graphql/cursor';
import type { ChangeRecord } from './ChangeRecord';

/** Filters of the audit trail; null: any. */
export interface ChangeFilterValues {
  targetId: string | null;
  actor: string | null;
  operation: string | null;
  /** `YYYY-MM-DD`: changes on or after this day (UTC). */
  since: string | null;
}

const FILTER = `($targetId IS NULL OR c.targetId = $targetId)
    AND ($actor IS NULL OR c.actor = $actor)
    AND ($operation IS NULL OR c.operation = $operation)
    AND ($since IS NULL OR c.at >= datetime({date: date($since), timezone: 'UTC'}))`;

const CHANGES_PAGE = `
  CALL () { MATCH (c:Change) WHERE ${FILTER} RETURN count(c) AS total }
  CALL () {
    MATCH (c:Change) WHERE ${FILTER} AND ($after IS NULL OR c.id < $after)
    WITH c ORDER BY c.id DESC LIMIT $limit + 1
    RETURN collect(c { .id, .actor, .role, .operation, .targetType, .targetId, .action, .before, .after, .source,
      at: toString(datetime({datetime: c.at, timezone: '+00:00'})), fieldNames: c.fields }) AS rows
  }
  RETURN total, rows`;

/** Reads the audit trail (:Change nodes). */
export class AuditRepository {
  constructor(private readonly db: Database) {}

  /** Returns a page of changes matching `filter`, newest first, after the change with id `after`; one round trip. */
  async changes(filter: ChangeFilterValues, limit: number, after: string | null): Promise<Page<ChangeRecord>> {
    const result = await this.db.read((tx) => tx.run(CHANGES_PAGE, params({ ...filter, after, limit }, ['limit'])));
    const record = result.records[0];
    const total = Number(toPlain(record?.get('total') ?? 0));
    const rows = toPlain(record?.get('rows') ?? []) as unknown as ChangeRecord[];
    return { items: rows.slice(0, limit), hasNextPage: rows.length > limit, totalCount: total };
  }
}
