import path from 'node:path';
import type { Database, TransactionOptions } from '../db/Database';
import { projectRoot } from '../util/projectRoot';
import type { DivisionScope } from './DivisionScope';
import { inScope } from './DivisionScope';
import { NBS_2021_ZHUOZI, NBS_2023 } from './divisionSources';
import { loadOlderList, readOlderList, type OlderListSummary } from './loadOlderList';

/** The older lists the project keeps, each with the county it covers. */
const OLDER_LISTS = [{ file: 'seed/divisions/zhuozi-divisions-2021.csv', county: '150921', source: NBS_2021_ZHUOZI }];

/**
 * Applies every older list the project keeps whose county lies in `scope` (today 卓资县's 2021 list), after
 * the national list: former names with their year, and codes the 2023 list dropped as not current.
 * Returns the counts summed; throws the database's error or a malformed file's.
 */
export async function loadSeedOlderLists(db: Database, scope: DivisionScope, tx?: TransactionOptions): Promise<OlderListSummary> {
  const total: OlderListSummary = { formerNames: 0, formerDivisions: 0 };
  for (const list of OLDER_LISTS) {
    if (!inScope({ ...scope, downTo: 'VILLAGE' }, list.county, 'COUNTY')) continue;
    const rows = readOlderList(path.join(projectRoot(), list.file)).filter((r) => inScope(scope, r.code.slice(0, 12), r.level));
    const s = await loadOlderList(db, rows, list.source, NBS_2023.year, tx);
    total.formerNames += s.formerNames;
    total.formerDivisions += s.formerDivisions;
  }
  return total;
}
