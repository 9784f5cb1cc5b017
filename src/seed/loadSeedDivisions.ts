import type { Database } from '../db/Database';
import { loadDivisions, type DivisionLoadSummary, type LoadProgress } from '../region/loadDivisions';
import { loadSeedOlderLists } from '../region/loadSeedOlderLists';
import { readSeedFiles } from './readSeedFiles';

/** Which divisions a first start loads: the national tree down to townships and the seed's counties down to villages, or those counties alone. */
export type SeedDivisions = 'national' | 'counties';

/**
 * Loads the divisions the seed stands on: with `national`, every province, prefecture, county and township of
 * China (about 45,000); in both modes, the counties the seed names (seed/divisions.json `villagesOf`) down to
 * their villages, then 卓资县's 2021 names as former names. Batched and idempotent: a killed load completes
 * when run again. Returns the summaries of the loads; throws the database's error.
 */
export async function loadSeedDivisions(db: Database, mode: SeedDivisions, onProgress?: LoadProgress): Promise<DivisionLoadSummary[]> {
  const counties = readSeedFiles().divisionsFile.villagesOf;
  const summaries: DivisionLoadSummary[] = [];
  if (mode === 'national') summaries.push(await loadDivisions(db, { all: true, provinces: [], counties: [], downTo: 'TOWNSHIP' }, { onProgress }));
  const scope = { all: false, provinces: [], counties, downTo: 'VILLAGE' as const };
  summaries.push(await loadDivisions(db, scope, { onProgress }));
  await loadSeedOlderLists(db, scope);
  return summaries;
}
