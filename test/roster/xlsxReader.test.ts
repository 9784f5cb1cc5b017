import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Driver } from 'neo4j-driver';
import type { Database } from '../../src/db/Database';
import { exportRoster, fileInput, importRosters, rosterFileWriter, type ImportResult } from '../../src/roster';
import { readSheet, type SheetInfo, type SheetRow } from '../../src/roster/readSheet';
import { cypher, testDatabase, testDriver } from '../support/testDatabase';
import { fingerprint, writeCsv, writeXlsx, type Cell } from './rosterFiles';
import { sheetXml, writeWorkbook } from './zipFiles';

// Item 2 of issue 16: multi-byte text cut at the edge of a chunk must stay whole. This file uses only
// readSheet, fileInput, importRosters and exportRoster, so that it also runs against the old reader.

const P = `xr${process.pid}`;
const UNIT_HEADERS = ['单位编码', '单位名称', '类型', '所在地区编码'];
const PAIRING_HEADERS = ['结对编码', '支援方单位编码', '受援方单位编码', '结对类型', '开始日期'];

let driver: Driver;
let db: Database;
let dir: string;

beforeAll(() => {
  driver = testDriver();
  db = testDatabase(driver);
  dir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-xlsx-'));
});

afterAll(async () => {
  await cleanUp();
  await driver.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Removes every node this file created: ids and Source titles start with P. */
async function cleanUp(): Promise<void> {
  // In batches: tens of thousands of nodes and their audit entries.
  const batches = [
    'MATCH (n:Node) WHERE n.id STARTS WITH $p WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n',
    "MATCH (s:Source {kind: 'IMPORT'}) WHERE s.title STARTS WITH $p MATCH (c:Change {source: s.id}) WITH c LIMIT 5000 DETACH DELETE c RETURN count(*) AS n",
    "MATCH (s:Source {kind: 'IMPORT'}) WHERE s.title STARTS WITH $p DETACH DELETE s RETURN count(*) AS n",
  ];
  for (const query of batches) {
    while ((await cypher<{ n: number }>(driver, query, { p: P }))[0].n > 0);
  }
}

const file = (name: string) => path.join(dir, `${P}-${name}`);
const rowsOf = async (f: string, info?: SheetInfo): Promise<SheetRow[]> => {
  const rows: SheetRow[] = [];
  for await (const r of readSheet(f, { info })) rows.push(r);
  return rows;
};
const totals = (r: ImportResult) => ({
  created: r.rosters.reduce((n, x) => n + x.created, 0),
  updated: r.rosters.reduce((n, x) => n + x.updated, 0),
  unchanged: r.rosters.reduce((n, x) => n + x.unchanged, 0),
});

/** A seeded generator of names of 12 CJK characters drawn from the whole URO block (and one outside the BMP), so that the sheet compresses poorly and is cut often. */
function namer(seed: number): (i: number) => string {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return (i) => {
    let name = '朝阳区';
    for (let k = 0; k < 12; k++) name += String.fromCharCode(0x4e00 + Math.floor(next() * 20_900));
    // 𠮷 lies outside the BMP: four bytes in UTF-8, a surrogate pair in JavaScript.
    return `${name}𠮷结对社会组织 ${i}`;
  };
}

/**
 * Writes `rows` with exceljs's streaming writer: inline strings, as `pairing-graph export --format xlsx`
 * does, or a shared-strings table, as Excel does. (Not exceljs's in-memory `Workbook` writer: it writes
 * U+FFFD for characters outside the BMP, such as 𠮷, when they fall on the edge of its buffer.)
 */
async function writeXlsxStreamed(f: string, rows: readonly Cell[][], shared = false): Promise<string> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: f, useSharedStrings: shared, useStyles: true });
  const ws = wb.addWorksheet('单位');
  for (const r of rows) ws.addRow(r.map((c) => (c === null ? undefined : c))).commit();
  ws.commit();
  await wb.commit();
  return f;
}

/** Excel's serial day number of a UTC date (1900 system). */
const serial = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000 + 25_569;

describe('xlsx cells keep their meaning', () => {
  it('reads shared, rich, inline, numeric, boolean, error, formula and date cells, placed by their column letters', async () => {
    const day = serial(2023, 8, 22);
    const shared = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
      <si><t>单位编码</t></si>
      <si><r><rPr><b/></rPr><t>单位</t></r><r><t xml:space="preserve">名称 </t></r></si>
      <si><t>类型</t><rPh sb="0" eb="2"><t>lei xing</t></rPh></si></sst>`;
    const styles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
      <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
      <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
      <cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="2"/><xf numFmtId="31"/></cellXfs></styleSheet>`;
    const rows = [
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>',
      `<row r="3"><c r="A3" t="inlineStr"><is><t>甲&amp;乙 &lt;丙&gt;</t></is></c><c r="C3"><v>42</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="e"><v>#N/A</v></c>`,
      `<c r="F3"><f>1+1</f><v>2</v></c><c r="G3" t="str"><f>A1</f><v>单位编码</v></c><c r="H3" s="1"><v>${day}</v></c><c r="I3" s="2"><v>${day}</v></c>`,
      `<c r="J3" s="3"><v>${day}</v></c><c r="K3" t="inlineStr"><is><r><t>北京</t></r><r><t>朝阳</t></r></is></c><c r="L3" t="d"><v>2023-08-22T00:00:00Z</v></c>`,
      `<c r="M3" s="4"><v>${day}</v></c><c r="N3" t="b"><f>TRUE()</f><v>0</v></c></row>`,
      '<row><c t="inlineStr"><is><t>无引用</t></is></c><c><v>1.5</v></c></row>',
      '<row r="5"><c r="A5" s="1"/><c r="B5"><f>NA()</f></c></row>',
    ].join('');
    const f = await writeWorkbook(file('cells.xlsx'), { sheet: sheetXml(rows), sharedStrings: shared, styles });
    const info: SheetInfo = { format: 'xlsx' };
    const read = await rowsOf(f, info);
    const date = new Date(Date.UTC(2023, 7, 22));
    expect(read).toEqual([
      { row: 1, cells: ['单位编码', '单位名称 ', '类型'] },
      { row: 3, cells: ['甲&乙 <丙>', null, 42, true, '#N/A', 2, '单位编码', date, date, day, '北京朝阳', date, date, false] },
      { row: 4, cells: ['无引用', 1.5] },
      { row: 5, cells: [] },
    ]);
    // The first sheet in the workbook's order, though its part comes second in the zip.
    expect(info.sheet).toBe('名册');
  });

  it('counts dates from 1904 when the workbook says so', async () => {
    const styles = '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>';
    const f = await writeWorkbook(file('1904.xlsx'), { sheet: sheetXml(`<row r="1"><c r="A1" s="1"><v>${serial(2023, 8, 22) - 1462}</v></c></row>`), styles, date1904: true });
    expect(await rowsOf(f)).toEqual([{ row: 1, cells: [new Date(Date.UTC(2023, 7, 22))] }]);
  });

  it('reads back what exceljs wrote (shared strings, numbers, dates, booleans, gaps)', async () => {
    const written: Cell[][] = [
      ['编码', '名称', '数', '日期', '是否'],
      ['A-1', '卓资县第一中学', 150921000000, new Date(Date.UTC(2016, 0, 31)), true],
      ['A-2', null, 1.25, null, false],
    ];
    const f = await writeXlsx(file('exceljs.xlsx'), written);
    const read = await rowsOf(f);
    expect(read.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(read.map((r) => r.cells)).toEqual(written);
  });
});

describe('xlsx text cut at chunk edges (issue 16, item 2)', () => {
  const COUNT = 6_000;
  // Each case's rows go before the next: the round trip exports, re-imports and fingerprints the whole database.
  afterEach(cleanUp, 120_000);

  it.each(['inline strings (as the export writes)', 'shared strings (as Excel writes)'] as const)(
    `%s: ${COUNT.toLocaleString('en-US')} rows of multi-byte names read back whole and import with no problem`,
    async (how) => {
      const name = namer(how.startsWith('inline') ? 7 : 11);
      const tag = how.startsWith('inline') ? 'inline' : 'shared';
      const rows: Cell[][] = [UNIT_HEADERS, ...Array.from({ length: COUNT }, (_, i) => [`${P}-${tag}-${i}`, name(i), '社会组织', '110105000000'])];
      const f = file(`multibyte-${tag}.xlsx`);
      await writeXlsxStreamed(f, rows, tag === 'shared');
      // Large enough that the file is read in several chunks (the old reader cut characters there).
      expect(statSync(f).size).toBeGreaterThan(256 * 1024);

      let bytes = 0;
      const read: SheetRow[] = [];
      for await (const r of readSheet(f, { onBytes: (b) => (bytes += b) })) read.push(r);
      // Progress counts the compressed bytes read: nearly the whole file (theme and properties are not read).
      expect(bytes).toBeGreaterThan(0.9 * statSync(f).size);
      expect(bytes).toBeLessThanOrEqual(statSync(f).size);
      expect(read.filter((r) => r.cells.some((c) => typeof c === 'string' && c.includes('\uFFFD'))).map((r) => r.row)).toEqual([]);
      expect(read.map((r) => r.cells)).toEqual(rows);

      const result = await importRosters(db, [fileInput(f)], { importedBy: 'tester' });
      expect(result.problems).toEqual([]);
      expect(totals(result)).toEqual({ created: COUNT, updated: 0, unchanged: 0 });
      const stored = await cypher<{ id: string; name: string }>(driver, 'MATCH (u:Unit) WHERE u.id STARTS WITH $p RETURN u.id AS id, u.name AS name ORDER BY u.id', { p: `${P}-${tag}-` });
      expect(new Map(stored.map((s) => [s.id, s.name]))).toEqual(new Map(rows.slice(1).map((r) => [r[0] as string, r[1] as string])));
    },
    240_000,
  );

  it("the project's own xlsx export of a large graph imports with no problem and changes nothing (round trip)", async () => {
    // A large graph: 2,500 schools on each side with multi-byte names and 2,500 pairings, loaded as CSV: the units
    // export is over 256 KB (read in several chunks) and each roster spans more than one batch of the import (2,000 rows).
    const n = 2_500;
    const name = namer(13);
    const units: Cell[][] = [UNIT_HEADERS];
    const pairings: Cell[][] = [PAIRING_HEADERS];
    for (let i = 0; i < n; i++) {
      units.push([`${P}-E${i}`, `${name(i)}学校`, '学校', '110105000000'], [`${P}-W${i}`, `${name(i)}中学`, '学校', '150921000000']);
      pairings.push([`${P}-pair-${i}`, `${P}-E${i}`, `${P}-W${i}`, '学校—学校', '2023-08-22']);
    }
    const loaded = await importRosters(db, [fileInput(await writeCsv(file('graph-units.csv'), units)), fileInput(await writeCsv(file('graph-pairings.csv'), pairings))], { importedBy: 'tester' });
    expect(loaded.problems).toEqual([]);

    const before = await fingerprint(driver);
    const unitsFile = file('export-units.xlsx');
    const pairingsFile = file('export-pairings.xlsx');
    const unitRows = await exportRoster(db, 'units', rosterFileWriter(unitsFile, 'units', 'xlsx', 'zh'), 'zh');
    const pairingRows = await exportRoster(db, 'pairings', rosterFileWriter(pairingsFile, 'pairings', 'xlsx', 'zh'), 'zh');
    expect(unitRows).toBeGreaterThanOrEqual(2 * n);
    expect(pairingRows).toBeGreaterThanOrEqual(n);
    expect(statSync(unitsFile).size).toBeGreaterThan(256 * 1024);

    const result = await importRosters(db, [fileInput(unitsFile), fileInput(pairingsFile)], { importedBy: 'tester' });
    expect(result.problems).toEqual([]);
    expect(totals(result)).toEqual({ created: 0, updated: 0, unchanged: unitRows + pairingRows });
    expect(result.written).toBe(false);
    expect(await fingerprint(driver)).toEqual(before);
  }, 600_000);
});
