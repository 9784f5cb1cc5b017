import { buildSeedGraph } from './buildSeedGraph';
import type { SeedGraph } from './SeedGraph';
import { readSeedFiles, seedDivisionRows } from './readSeedFiles';

/** Returns the seed graph built from the files in `seedDir` (seed/ by default) and the national list's divisions of its counties. Throws on bad seed files. */
export async function readSeedGraph(seedDir?: string): Promise<SeedGraph> {
  const files = readSeedFiles(seedDir);
  return buildSeedGraph({ ...files, divisions: await seedDivisionRows(files) });
}
