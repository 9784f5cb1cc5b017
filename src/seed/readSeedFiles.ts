import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
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

/** seed/divisions.json. */
export interface DivisionsFile {
  files: { file: string; source: string }[];
  sources: SeedSource[];
  sides: Record<string, 'SUPPORTING' | 'SUPPORTED'>;
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
 * Returns the seed's data files read from `dir` (the project's seed/ by default).
 * Throws naming the file and row of the first malformed division row.
 */
export function readSeedFiles(dir = path.join(projectRoot(), 'seed')): SeedFiles {
  const divisionsFile = readJson<DivisionsFile>(path.join(dir, 'divisions.json'));
  const divisions: DivisionRow[] = [];
  for (const { file, source } of divisionsFile.files) {
    const rows = parse(readFileSync(path.join(dir, file), 'utf8'), { columns: true, skip_empty_lines: true, bom: true }) as Record<
      string,
      string
    >[];
    rows.forEach((row, i) => {
      if (!/^\d{12}$/.test(row.code ?? '') || !row.name) {
        throw new Error(`seed file ${file}, row ${i + 2}: code must be 12 digits and name non-empty`);
      }
      divisions.push({ code: row.code, name: row.name, parentCode: row.parent_code || null, source });
    });
  }
  return {
    divisions,
    divisionsFile,
    pairings: readJson<PairingsFile>(path.join(dir, 'pairings.json')),
    report: readJson<ReportFile>(path.join(dir, 'report.json')),
  };
}
