import type { Caller } from '../auth/Caller';
import type { Database } from '../db/Database';
import { params } from '../db/params';
import { toPlain } from '../db/toPlain';
import { ACTIVITY_FORMS, MEASURE_UNITS, type ActivityFormValue, type MeasureUnitValue, type ProvenanceValue } from '../domain/vocabulary';
import type { Page } from '../graphql/cursor';
import type { PairingRecord } from '../pairing/PairingRecord';
import { ACTIVITIES_BY_IDS, activityPageQuery, ACTIVITY_SUMMARY, DORMANT_PAIRINGS, RECONCILIATION, type ActivityScope } from './activityQueries';
import type { ActivityRecord } from './ActivityRecord';
import { checkActivity, type ActivityInputRow, type ActivityProblem, type CheckedActivity } from './checkActivity';
import { FIGURE_FORMS, roundSum, type FigureLedgerRecord } from './figureForms';
import { deleteActivityIn, writeActivities, type ActivityWriteResult } from './writeActivities';

/** Where a listing of activities starts; at most one of the ids (none: every activity of the period). */
export interface ActivityFilter {
  pairingId?: string | null;
  cooperationId?: string | null;
  unitId?: string | null;
  /** A 12-digit division code. */
  region?: string | null;
  from?: string | null;
  to?: string | null;
  forms?: ActivityFormValue[] | null;
}

/** A dormant pairing: the mapper of the GraphQL `DormantPairing` type. */
export interface DormantPairingRecord {
  pairing: PairingRecord;
  lastActivity: ActivityRecord | null;
  silentDays: number | null;
}

/** A sum of one unit of measure: how many activities carry it, and the total. */
export interface MeasureSumRecord {
  unit: MeasureUnitValue;
  count: number;
  value: number;
}

/** How many activities a group holds and their sums per unit. */
export interface TallyRecord {
  count: number;
  sums: MeasureSumRecord[];
}

/** The summary of a region's activities: the mapper of the GraphQL `ActivitySummary` type. */
export interface ActivitySummaryRecord {
  regionCode: string;
  from: string | null;
  to: string | null;
  total: TallyRecord;
  byForm: (TallyRecord & { form: ActivityFormValue })[];
  byChildRegion: RegionTallyRecord[];
  bySupportingUnit: UnitTallyRecord[];
}

/** The tally of a child region: the mapper of the GraphQL `RegionTally` type; `regionCode` null: at the region itself. */
export interface RegionTallyRecord extends TallyRecord {
  regionCode: string | null;
}

/** The tally of a supporting unit: the mapper of the GraphQL `UnitTally` type. */
export interface UnitTallyRecord extends TallyRecord {
  unitId: string;
}

/** Who records a batch of activities, and with what provenance and source. */
export interface ActivityBatchMeta {
  caller: Caller;
  /** A mutation's name, or `import`. */
  operation: string;
  /** Today in China, `YYYY-MM-DD`: no activity may lie after it. */
  today: string;
  provenance?: ProvenanceValue;
  /** The batch's :Source id (an import's), for rows that name none. */
  source?: string | null;
}

const EARLIEST = '0001-01-01';
const LATEST = '9999-12-31';

/** Returns the caller's subject, which every change needs. */
function actorOf(caller: Caller): string {
  if (!caller.subject) throw new Error('invariant: a change without an authenticated caller');
  return caller.subject;
}

/** Returns the date parameters of a period (open ends as the earliest and latest dates). */
const period = (from?: string | null, to?: string | null) => ({ from: from ?? EARLIEST, to: to ?? LATEST });

/** Records, changes, removes and reads support activities (帮扶台账). */
export class ActivityRepository {
  constructor(private readonly db: Database) {}

  /**
   * Checks every row (checkActivity, then against the graph) and writes them all in one transaction with their
   * audit entries, or nothing: returns each row's outcome (CREATE, UPDATE, UNCHANGED) or every problem, each
   * naming its row (from 0), field and value. With `mustExist`, each row's id must name a stored activity.
   * The roster import calls this with its rows. Throws only on database errors.
   */
  async recordActivities(rows: readonly ActivityInputRow[], meta: ActivityBatchMeta, mustExist = false): Promise<ActivityWriteResult> {
    const actor = actorOf(meta.caller);
    const problems: ActivityProblem[] = [];
    const checked = rows.map((row, i) => checkActivity(i, row, meta.today, problems)).filter((a): a is CheckedActivity => a !== null);
    const writeMeta = { actor, role: meta.caller.role, operation: meta.operation, at: new Date(), provenance: meta.provenance ?? 'IMPORTED', source: meta.source ?? null };
    // Rows whose fields are sound are checked against the graph too, so that a batch is refused with all its problems at once.
    return this.db.write((tx) => writeActivities(tx, checked, writeMeta, mustExist, problems));
  }

  /** Removes an activity and records it in the audit trail, in one transaction; returns it as it was, or null when no activity has `id`. */
  async deleteActivity(id: string, caller: Caller): Promise<ActivityRecord | null> {
    const actor = actorOf(caller);
    return this.db.write((tx) => deleteActivityIn(tx, id, { actor, role: caller.role, operation: 'deleteActivity', at: new Date() }));
  }

  /** Returns the activities with these ids (unknown ids absent); one round trip. */
  async findByIds(ids: readonly string[]): Promise<ActivityRecord[]> {
    const result = await this.db.read((tx) => tx.run(ACTIVITIES_BY_IDS, { ids }));
    return result.records.map((r) => toPlain(r.get('row')) as unknown as ActivityRecord);
  }

  /**
   * Returns one page of the scope's activities within the period, newest first (date descending, then id),
   * after the keyset `after`; the total only `withTotal` (-1 otherwise); null when the scope's pairing,
   * cooperation, unit or region does not exist. One round trip from the scope's index entry.
   */
  async list(filter: ActivityFilter, first: number, after: { date: string; id: string } | null, withTotal: boolean): Promise<Page<ActivityRecord> | null> {
    const scope: ActivityScope = filter.pairingId ? 'pairing' : filter.cooperationId ? 'cooperation' : filter.unitId ? 'unit' : filter.region ? 'region' : 'all';
    const parameters = params(
      { ...filter, ...period(filter.from, filter.to), forms: filter.forms?.length ? filter.forms : null, afterDate: after?.date, afterId: after?.id, limit: first + 1 },
      ['limit'],
    );
    const result = await this.db.read((tx) => tx.run(activityPageQuery(scope, withTotal), parameters));
    const record = result.records[0];
    if (!record.get('found')) return null;
    const rows = toPlain(record.get('rows')) as unknown as ActivityRecord[];
    const total = toPlain(record.get('total')) as number | null;
    return { items: rows.slice(0, first), hasNextPage: rows.length > first, totalCount: total ?? -1 };
  }

  /** Returns the dormant pairings of a region (see DORMANT_PAIRINGS), or null when no region has that code; one round trip. */
  async dormantPairings(region: string, since: string, today: string, limit: number): Promise<DormantPairingRecord[] | null> {
    const result = await this.db.read((tx) => tx.run(DORMANT_PAIRINGS, params({ region, since, on: today, limit }, ['limit'])));
    const record = result.records[0];
    if (!record.get('found')) return null;
    return toPlain(record.get('rows')) as unknown as DormantPairingRecord[];
  }

  /**
   * Returns the tallies of a region's activities over the period: in all, per form (vocabulary order), per
   * child region (by code, the region itself first) and per supporting unit (by id); null when no region has
   * that code. One round trip.
   */
  async summary(region: string, from: string | null, to: string | null): Promise<ActivitySummaryRecord | null> {
    const result = await this.db.read((tx) => tx.run(ACTIVITY_SUMMARY, { region, ...period(from, to), forms: null, units: MEASURE_UNITS }));
    const record = result.records[0];
    if (!record.get('found')) return null;
    const rows = toPlain(record.get('rows')) as unknown as ({ dim: string; key: string | null } & TallyRecord)[];
    const tallyOf = (r: TallyRecord): TallyRecord => ({ count: r.count, sums: r.sums.map((s) => ({ ...s, value: roundSum(s.value) })) });
    const of = (dim: string) => rows.filter((r) => r.dim === dim).sort((x, y) => ((x.key ?? '') < (y.key ?? '') ? -1 : (x.key ?? '') > (y.key ?? '') ? 1 : 0));
    return {
      regionCode: region,
      from,
      to,
      total: tallyOf(of('TOTAL')[0] ?? { count: 0, sums: [] }),
      byForm: of('FORM')
        .map((r) => ({ form: r.key as ActivityFormValue, ...tallyOf(r) }))
        .sort((x, y) => ACTIVITY_FORMS.indexOf(x.form) - ACTIVITY_FORMS.indexOf(y.form)),
      byChildRegion: of('REGION').map((r) => ({ regionCode: r.key, ...tallyOf(r) })),
      bySupportingUnit: of('SUPPORTER').map((r) => ({ unitId: r.key!, ...tallyOf(r) })),
    };
  }

  /**
   * Returns, for each figure id in order, the figure beside the ledger (FIGURE_FORMS: the sum of the recorded
   * activities of its form and unit within its period, and the difference), or null for a figure that is no
   * total of a form; `values` gives each figure's reported value. One round trip.
   */
  async reconcile(figures: readonly { id: string; value: number }[]): Promise<(FigureLedgerRecord | null)[]> {
    const items = figures.filter((f) => FIGURE_FORMS[f.id]).map((f) => ({ figureId: f.id, form: FIGURE_FORMS[f.id].form, unit: FIGURE_FORMS[f.id].unit }));
    if (!items.length) return figures.map(() => null);
    const result = await this.db.read((tx) => tx.run(RECONCILIATION, { items }));
    const byId = new Map(result.records.map((r) => [r.get('figureId') as string, { count: Number(toPlain(r.get('count'))), recorded: Number(toPlain(r.get('recorded')) ?? 0) }]));
    return figures.map((f) => {
      const table = FIGURE_FORMS[f.id];
      const found = byId.get(f.id);
      if (!table || !found) return null;
      const reported = roundSum(f.value * table.factor);
      const recorded = roundSum(found.recorded);
      return { form: table.form, unit: table.unit, reported, recorded, difference: roundSum(reported - recorded), activityCount: found.count };
    });
  }
}
