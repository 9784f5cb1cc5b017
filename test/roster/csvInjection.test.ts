import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Driver } from 'neo4j-driver';
import type { Database } from '../../src/db/Database';
import { FORMULA_STARTS } from '../../src/csv/formulaGuard';
import { csvFileWriter, exportRoster, fileInput, importRecord, importRosters, rosterFileWriter } from '../../src/roster';
import { cypher, testDatabase, testDriver } from '../support/testDatabase';

/** Spreadsheet formula injection (OWASP CSV injection) through the roster export and import, against the real Neo4j. */
const P = `fi${process.pid}`;
let driver: Driver;
let db: Database;
let dir: string;
const file = (name: string) => path.join(dir, `${P}-${name}`);

/** Names that a spreadsheet would take for formulas, and names that only look guarded. */
const NAMES: Record<string, string> = {
  [`${P}-F1`]: '=HYPERLINK("http://example.org/x","点此")',
  [`${P}-F2`]: "=cmd|' /C calc'!A0",
  [`${P}-F3`]: '-5',
  [`${P}-F4`]: '+86 学校',
  [`${P}-F5`]: '@SUM(A1:A9)',
  [`${P}-F6`]: "'=1+1",
  [`${P}-F7`]: "'abc 学校",
  [`${P}-F8`]: '＝全角等号学校',
  [`${P}-F9`]: "''-2",
};

beforeAll(async () => {
  driver = testDriver();
  db = testDatabase(driver);
  dir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-csv-injection-'));
  for (const [id, name] of Object.entries(NAMES)) {
    const r = await importRecord(db, 'units', { id, name, kind: 'SCHOOL', region: '110105000000' }, { importedBy: 'tester', sourceTitle: `${P}-records` });
    expect(r.problems).toEqual([]);
  }
}, 120_000);

afterAll(async () => {
  await cypher(driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $p DETACH DELETE n', { p: P });
  await cypher(driver, "MATCH (s:Source {kind: 'IMPORT'}) WHERE s.title STARTS WITH $p OPTIONAL MATCH (c:Change {source: s.id}) DETACH DELETE c, s", { p: P });
  await driver.close();
  rmSync(dir, { recursive: true, force: true });
});

const storedNames = async () =>
  Object.fromEntries(
    (await cypher<{ id: string; name: string }>(driver, 'MATCH (u:Unit) WHERE u.id STARTS WITH $p RETURN u.id AS id, u.name AS name', { p: P })).map((r) => [r.id, r.name]),
  );

describe('CSV export and import against formula injection', () => {
  it('exports no cell that a spreadsheet evaluates, and importing the export changes nothing: every name comes back byte for byte', async () => {
    const csv = file('units.csv');
    await exportRoster(db, 'units', csvFileWriter(csv));
    const rows = parse(readFileSync(csv, 'utf8'), { bom: true }) as string[][];
    // Not one cell of the whole export starts as a formula would.
    const formulaCells = rows.flat().filter((c) => FORMULA_STARTS.some((s) => c.startsWith(s)));
    expect(formulaCells).toEqual([]);
    const byId = new Map(rows.map((r) => [r[0], r[1]]));
    expect(byId.get(`${P}-F1`)).toBe(`'${NAMES[`${P}-F1`]}`);
    expect(byId.get(`${P}-F3`)).toBe("'-5");
    expect(byId.get(`${P}-F6`)).toBe("''=1+1");
    expect(byId.get(`${P}-F7`)).toBe("'abc 学校");

    const before = await storedNames();
    const result = await importRosters(db, [fileInput(csv)], { importedBy: 'tester' });
    expect(result.problems).toEqual([]);
    const roster = result.rosters[0];
    expect(roster.created + roster.updated).toBe(0);
    expect(await storedNames()).toEqual(before);
    expect(before).toEqual(NAMES);
  });

  it("reads a leading ' before = + - @ TAB or CR as the guard and keeps every other leading quote", async () => {
    const csv = file('guarded.csv');
    const rows = [
      ['单位编码', '单位名称', '类型', '所在地区编码'],
      [`${P}-G1`, "'=1+1", '学校', '110105000000'],
      [`${P}-G2`, "'abc", '学校', '110105000000'],
      [`${P}-G3`, "'-3 号学校", '学校', '110105000000'],
      [`${P}-G4`, "'123", '学校', '110105000000'],
    ];
    writeFileSync(csv, rows.map((r) => r.join(',')).join('\r\n') + '\r\n');
    const result = await importRosters(db, [fileInput(csv)], { importedBy: 'tester' });
    expect(result.problems).toEqual([]);
    const names = await storedNames();
    expect([names[`${P}-G1`], names[`${P}-G2`], names[`${P}-G3`], names[`${P}-G4`]]).toEqual(['=1+1', "'abc", '-3 号学校', "'123"]);
  });

  it('writes a name such as =1+1 into .xlsx as a text cell, never a formula', async () => {
    const xlsx = file('units.xlsx');
    await exportRoster(db, 'units', rosterFileWriter(xlsx, 'units', 'xlsx', 'zh'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const values: unknown[] = [];
    wb.worksheets[0].eachRow((row) => {
      if (String(row.getCell(1).value).startsWith(`${P}-F`)) values.push(row.getCell(2).value);
    });
    expect(values).toHaveLength(Object.keys(NAMES).length);
    for (const v of values) expect(typeof v).toBe('string');
    expect(values).toContain('=HYPERLINK("http://example.org/x","点此")');
  });
});
