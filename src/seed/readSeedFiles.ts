import { readFileSync } from 'node:fs';
import { chinaDivisionRows } from '../region/chinaDivisionRows';
import { NBS_2023 } from '../region/divisionSources';
import path from 'node:path';
import { projectRoot } from '../util/projectRoot';

/** One row of a division list. */
export interface DivisionRow {
  code: string;
  name: string;
  parentCode: string | null;
  source: string;
}

/** A source record as the seed files give it. */
export interface SeedSource {
  id: string;
  title: string;
  publisher?: string;
  author?: string;
  published?: string;
  kind: string;
  note?: string;
}

/** seed/divisions.json: the counties whose villages the seed needs, and the seed's own sources. */
export interface DivisionsFile {
  /** 6-digit codes of the counties whose divisions are loaded down to villages (those the seed's cooperations name). */
  villagesOf: string[];
  sources: SeedSource[];
}

/** seed/pairings.json: how many pairings of each kind, and how the placeholders are chosen. */
export interface PairingsFile {
  cooperationId: string;
  source: string;
  asOf: string;
  salt: string;
  supportingCounty: string;
  supportedCounty: string;
  schools: number;
  hospitals: number;
  streets: { named: string[]; placeholders: number; townshipsEach: number };
  communities: number;
  enterprises: number;
  socialOrganizations: number;
  villages: number;
  relocationEstates: number;
  demonstration: { pairedByCommunities: number; pairedByEnterprises: number; unpaired: number };
}

/** seed/report.json: what the report states, transcribed. */
export interface ReportFile {
  sources: SeedSource[];
  nodes: {
    id: string;
    label: string;
    name: string;
    nameEn?: string;
    kind?: string;
    props?: Record<string, string | number | boolean | null>;
    source: string;
    provenance: string;
  }[];
  relationships: {
    from: string;
    type: string;
    to: string;
    props?: Record<string, string | number | boolean | null>;
    source: string;
    provenance: string;
  }[];
  figures: {
    id: string;
    group: string;
    label: string;
    labelEn: string;
    value: number;
    unit: string;
    qualifier: string;
    periodFrom: string | null;
    periodTo: string | null;
    periodLabel: string | null;
    subject: string | null;
    breakdownOf: string | null;
    quote: string;
    source: string;
  }[];
  groups: { key: string; name: string; nameEn: string; order: number }[];
}

/** Everything under seed/. */
export interface SeedFiles {
  divisions: DivisionRow[];
  divisionsFile: DivisionsFile;
  pairings: PairingsFile;
  report: ReportFile;
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new Error(`seed file ${file}: ${(err as Error).message}`);
  }
}

/**
 * Returns the seed's data files read from `dir` (the project's seed/ by default), with `divisions` empty:
 * {@link readSeedGraph} fills them from the national list. Throws naming the file that is malformed.
 */
export function readSeedFiles(dir = path.join(projectRoot(), 'seed')): SeedFiles {
  const divisionsFile = readJson<DivisionsFile>(path.join(dir, 'divisions.json'));
  for (const c of divisionsFile.villagesOf ?? []) {
    if (!/^\d{6}$/.test(c)) throw new Error(`seed file divisions.json: villagesOf must list 6-digit county codes, not '${c}'`);
  }
  return {
    divisions: [],
    divisionsFile,
    pairings: readJson<PairingsFile>(path.join(dir, 'pairings.json')),
    report: readJson<ReportFile>(path.join(dir, 'report.json')),
  };
}

/** Returns the divisions of the seed's counties (and those above them) as the national list gives them. */
export async function seedDivisionRows(files: SeedFiles): Promise<DivisionRow[]> {
  const rows: DivisionRow[] = [];
  const scope = { all: false, provinces: [], counties: files.divisionsFile.villagesOf, downTo: 'VILLAGE' as const };
  for await (const r of chinaDivisionRows(scope)) rows.push({ code: r.code, name: r.name, parentCode: r.parent, source: NBS_2023.id });
  return rows;
}
