import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Database, TransactionOptions } from '../db/Database';
import { toPlain } from '../db/toPlain';
import type { DivisionListRow } from './chinaDivisionRows';
import { levelOfCode } from './divisionKind';
import { APPLY_OLDER_LIST, CREATE_FORMER_DIVISIONS } from './divisionQueries';
import { pinyinOf } from '../search/pinyinOf';
import { divisionRecord } from './loadDivisions';
import type { DivisionSource } from './divisionSources';

/** What {@link loadOlderList} did. */
export interface OlderListSummary {
  /** Regions that got an older name as a former name. */
  formerNames: number;
  /** Codes the newer list no longer has, created as not current. */
  formerDivisions: number;
}

/**
 * Returns the rows of an older division list file (`code,name,parent_code`, 12-digit codes).
 * Throws naming the file and line of a malformed row.
 */
export function readOlderList(file: string): DivisionListRow[] {
  const records = parse(readFileSync(file, 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((r, i) => {
    if (!/^\d{12}$/.test(r.code ?? '') || !r.name || (r.parent_code && !/^\d{12}$/.test(r.parent_code))) {
      throw new Error(`${file}, line ${i + 2}: code and parent_code must be 12 digits and name non-empty`);
    }
    return { code: r.code, name: r.name, parent: r.parent_code || null, level: levelOfCode(r.code) };
  });
}

/**
 * Applies an older list after the newer one: where the older name differs, it is kept as a former name
 * with its year (马连坝村委会, 2021), so that a roster of that year still finds the division; a code the
 * graph does not hold (dropped by the newer list) is created as not current since `newerYear`. Idempotent.
 * Returns the counts; throws the database's error (one transaction: nothing is half-written).
 */
export async function loadOlderList(
  db: Database,
  rows: DivisionListRow[],
  source: DivisionSource,
  newerYear: number,
  tx?: TransactionOptions,
): Promise<OlderListSummary> {
  const records = rows.map((r) => ({ ...divisionRecord(r, source), namePinyin: pinyinOf(r.name).pinyin }));
  return db.write(async (t) => {
    const created = await t.run(CREATE_FORMER_DIVISIONS, { rows: records, newerYear });
    const renamed = await t.run(APPLY_OLDER_LIST, { rows: records });
    return {
      formerDivisions: Number(toPlain(created.records[0].get('created'))),
      formerNames: Number(toPlain(renamed.records[0].get('renamed'))),
    };
  }, tx);
}
