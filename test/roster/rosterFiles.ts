import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Driver } from 'neo4j-driver';
import neo4j from 'neo4j-driver';

/** A spreadsheet row as a test writes it: text, numbers, dates (as a data officer's Excel holds them). */
export type Cell = string | number | Date | boolean | null;

/**
 * Writes `rows` as a CSV file with the spreadsheet library (exceljs, as Excel's "Save as CSV" would):
 * UTF-8, UTF-8 with a BOM, or GB18030 (what Excel on Chinese Windows saves).
 */
export async function writeCsv(file: string, rows: readonly Cell[][], encoding: 'utf8' | 'utf8bom' | 'gb18030' = 'utf8'): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r.map((c) => (c === null ? undefined : c)));
  const text = Buffer.from(await wb.csv.writeBuffer()).toString('utf8').replace(/^\uFEFF/, '');
  if (encoding === 'gb18030') writeFileSync(file, iconv.encode(text, 'gb18030'));
  else writeFileSync(file, (encoding === 'utf8bom' ? '\uFEFF' : '') + text, 'utf8');
  return file;
}

/** Writes `rows` as the first sheet of an .xlsx workbook with exceljs (dates as date cells, numbers as numbers). */
export async function writeXlsx(file: string, rows: readonly Cell[][], sheet = 'Sheet1'): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) {
    const row = ws.addRow(r.map((c) => (c === null ? undefined : c)));
    r.forEach((c, i) => {
      if (c instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
    });
  }
  await wb.xlsx.writeFile(file);
  return file;
}

/** Reads every row of the first sheet of an .xlsx file (values as exceljs gives them). */
export async function readXlsx(file: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** Returns a JSON text of `value` with object keys sorted (Neo4j integers and temporals included). */
function stable(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => {
    if (neo4j.isInt(v)) return `int:${v.toString()}`;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (neo4j.isDate(o) || neo4j.isDateTime(o) || neo4j.isLocalDateTime(o)) return `t:${String(o)}`;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}

/** Counts and a hash of every node (labels, properties) and relationship (ends, type, properties): the whole graph. */
export interface Fingerprint {
  nodes: number;
  relationships: number;
  hash: string;
}

/** Returns the {@link Fingerprint} of the database, read with plain Cypher. */
export async function fingerprint(driver: Driver): Promise<Fingerprint> {
  const database = process.env.NEO4J_DATABASE ?? 'neo4j';
  const nodes = await driver.executeQuery('MATCH (n) RETURN elementId(n) AS e, n.id AS id, labels(n) AS labels, properties(n) AS props', {}, { database });
  const rels = await driver.executeQuery(
    'MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props',
    {},
    { database },
  );
  const nodeLines = nodes.records.map((r) => stable([r.get('id'), [...(r.get('labels') as string[])].sort(), r.get('props')])).sort();
  const relLines = rels.records.map((r) => stable([r.get('a'), r.get('type'), r.get('b'), r.get('props')])).sort();
  const hash = createHash('sha256').update(nodeLines.join('\n')).update('\n--\n').update(relLines.join('\n')).digest('hex');
  return { nodes: nodeLines.length, relationships: relLines.length, hash };
}
