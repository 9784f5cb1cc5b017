import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import ExcelJS from 'exceljs';
import type { Driver } from 'neo4j-driver';
import type { Database } from '../../src/db/Database';
import { DEFAULT_IMPORT_LIMITS, fileInput, importRosters, type ImportLimits } from '../../src/roster';
import { readSheet, SheetReadError } from '../../src/roster/readSheet';
import { fingerprint } from '../security/fingerprint';
import { runCli } from '../support/runCli';
import { testDatabase, testDriver } from '../support/testDatabase';
import { patchDeclaredSize, repeatedBytes, sheetXml, writeWorkbook, writeZip } from './zipFiles';

// Item 5 of issue 16: hostile workbooks are refused while they stream, quickly, in little memory, and
// without a temporary file. Every file is built here; the reading runs in a child process (the reader
// bundled from the sources) whose peak RSS and time it prints.

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/**
 * The bounds: refused in under 10 s and under 300 MB resident. The seconds are the reader's CPU time, not
 * the wall clock, so that a busy machine (the suites run beside a second jest process) cannot fail the case while
 * a reader that inflated the whole bomb still would.
 */
const MAX_SECONDS = 10;
const MAX_RSS_MB = 300;
/** Limits with the compression-ratio check off, so that the other checks are reached. */
const NO_RATIO: Partial<ImportLimits> = { maxRatio: 1e9 };

let dir: string;
let child: string;
let driver: Driver;
let db: Database;
const bombs: Record<string, string> = {};

const HEAD = sheetXml('').replace('</sheetData></worksheet>', '');
const TAIL = '</sheetData></worksheet>';
const SST_HEAD = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
const UNITS_HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>单位编码</t></is></c><c r="B1" t="inlineStr"><is><t>单位名称</t></is></c><c r="C1" t="inlineStr"><is><t>类型</t></is></c><c r="D1" t="inlineStr"><is><t>所在地区编码</t></is></c></row>';
/** A real row of a units roster, repeated by the bombs. */
const ROW = '<row r="2"><c r="A2" t="inlineStr"><is><t>CY-ORG-5</t></is></c><c r="B2" t="inlineStr"><is><t>朝阳区结对社会组织 5</t></is></c><c r="C2" t="inlineStr"><is><t>社会组织</t></is></c><c r="D2" t="inlineStr"><is><t>110105000000</t></is></c></row>';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-bombs-'));
  child = path.join(dir, 'xlsxChild.js');
  buildSync({ entryPoints: [path.join(__dirname, 'xlsxChild.ts')], bundle: true, platform: 'node', target: 'node20', outfile: child, logLevel: 'silent' });
  driver = testDriver();
  db = testDatabase(driver);
  const f = (name: string) => path.join(dir, name);

  // A 2 GiB sheet of real rows, deflated to a few MB; then the same with forged declared sizes.
  const rowCount = Math.ceil((2 * GiB) / Buffer.byteLength(ROW));
  bombs.sheet2g = await writeWorkbook(f('sheet-2g.xlsx'), { sheet: repeatedBytes(HEAD + UNITS_HEADER, ROW, rowCount, TAIL) });
  for (const [name, size] of [['sheet2gDeclares100m', 100 * MiB], ['sheet2gDeclares16m', 16 * MiB], ['sheet2gDeclares0', 0]] as const) {
    bombs[name] = f(`${name}.xlsx`);
    copyFileSync(bombs.sheet2g, bombs[name]);
    patchDeclaredSize(bombs[name], 'xl/worksheets/sheet1.xml', size);
  }
  // 30 million shared strings, with and without the count they declare.
  const sheet = sheetXml(UNITS_HEADER + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>');
  bombs.sst30m = await writeWorkbook(f('sst-30m.xlsx'), { sheet, sharedStrings: repeatedBytes(SST_HEAD.replace('>', ' count="30000000" uniqueCount="30000000">'), '<si><t>a</t></si>', 30_000_000, '</sst>') });
  bombs.sst30mUncounted = await writeWorkbook(f('sst-30m-uncounted.xlsx'), { sheet, sharedStrings: repeatedBytes(SST_HEAD, '<si><t>a</t></si>', 30_000_000, '</sst>') });
  // Shared strings of 30,000 characters each, 600 MB in all (Chinese: 3 bytes a character).
  bombs.sstChars = await writeWorkbook(f('sst-chars.xlsx'), { sheet, sharedStrings: repeatedBytes(SST_HEAD, `<si><t>${'结'.repeat(30_000)}</t></si>`, 6_700, '</sst>') });
  // One cell of 50 MB, inline and shared.
  bombs.cell50m = await writeWorkbook(f('cell-50m.xlsx'), { sheet: repeatedBytes(HEAD + UNITS_HEADER + '<row r="2"><c r="A2" t="inlineStr"><is><t>', 'x', 50 * MiB, `</t></is></c></row>${TAIL}`) });
  bombs.sharedCell50m = await writeWorkbook(f('shared-cell-50m.xlsx'), { sheet, sharedStrings: repeatedBytes(`${SST_HEAD}<si><t>`, 'x', 50 * MiB, '</t></si></sst>') });
  // An attribute of 50 MB: no event for the parser to end, the guard must stop it.
  bombs.attribute50m = await writeWorkbook(f('attribute-50m.xlsx'), { sheet: repeatedBytes(`${HEAD}<row r="1" x="`, 'x', 50 * MiB, `"/>${TAIL}`) });
  // Three million empty rows, and one row numbered past Excel's last row.
  bombs.rows3m = await writeWorkbook(f('rows-3m.xlsx'), { sheet: repeatedBytes(HEAD + UNITS_HEADER, '<row/>', 3_000_000, TAIL) });
  bombs.rowNumber = await writeWorkbook(f('row-number.xlsx'), { sheet: sheetXml(`${UNITS_HEADER}<row r="99999999"><c r="A99999999"><v>1</v></c></row>`) });
  // A cell in column XFD (16,384) after a valid header and row.
  bombs.column = await writeWorkbook(f('column.xlsx'), { sheet: sheetXml(UNITS_HEADER + ROW + '<row r="3"><c r="XFD3"><v>1</v></c></row>') });
  // Elements nested a million deep.
  bombs.deep = await writeWorkbook(f('deep.xlsx'), { sheet: repeatedBytes(HEAD + UNITS_HEADER + '<row r="2"><c r="A2"><v>', '<x>', 1_000_000, `</v></c></row>${TAIL}`) });
}, 600_000);

afterAll(async () => {
  await driver?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface ChildResult {
  rows: number;
  error: { code?: string; row: number; en: string; zh: string } | null;
  ms: number;
  cpuMs: number;
  maxRssMb: number;
}

/** Runs the child on `file` with `limits` and a fresh TMPDIR; returns what it printed and what it left in TMPDIR. */
function readInChild(file: string, limits: Partial<ImportLimits> = {}, kill?: NodeJS.Signals): Promise<{ result: ChildResult | null; leftInTmp: string[]; signal: NodeJS.Signals | null }> {
  const tmp = mkdtempSync(path.join(dir, 'tmp-'));
  const args = [child, file, JSON.stringify(limits), ...(kill ? ['--signal-after', '1000'] : [])];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { env: { ...process.env, TMPDIR: tmp, TEMP: tmp, TMP: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (kill && out.includes('reading\n')) p.kill(kill);
    });
    p.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    p.on('error', reject);
    p.on('close', (code, signal) => {
      const leftInTmp = readdirSync(tmp);
      rmSync(tmp, { recursive: true, force: true });
      if (kill) return resolve({ result: null, leftInTmp, signal });
      if (code !== 0) return reject(new Error(`child exited ${code}: ${err}`));
      resolve({ result: JSON.parse(out.trim().split('\n').pop()!) as ChildResult, leftInTmp, signal });
    });
  });
}

describe('every bomb is refused while it streams: under 10 s, under 300 MB, no temporary file', () => {
  const cases: [string, Partial<ImportLimits>, string | null, string][] = [
    ['sheet2g', {}, 'TOO_LARGE', 'IMPORT_XLSX_MAX_INFLATED'],
    ['sheet2gDeclares100m', {}, 'TOO_LARGE', 'IMPORT_XLSX_MAX_RATIO'],
    ['sheet2gDeclares16m', NO_RATIO, 'UNREADABLE', 'more than the 16,777,216 bytes it declares'],
    ['sheet2gDeclares0', {}, 'UNREADABLE', 'more than the 0 bytes it declares'],
    ['sst30m', {}, 'TOO_LARGE', 'IMPORT_XLSX_MAX_RATIO'],
    ['sst30m', NO_RATIO, 'TOO_LARGE', 'IMPORT_XLSX_MAX_SHARED_STRINGS'],
    ['sst30mUncounted', NO_RATIO, 'TOO_LARGE', 'IMPORT_XLSX_MAX_SHARED_STRINGS'],
    ['sstChars', {}, 'TOO_LARGE', 'IMPORT_XLSX_MAX_INFLATED'],
    ['sstChars', { ...NO_RATIO, maxInflatedBytes: 2 * GiB }, 'TOO_LARGE', 'IMPORT_XLSX_MAX_SHARED_CHARS'],
    ['cell50m', {}, 'TOO_LARGE', 'IMPORT_XLSX_MAX_RATIO'],
    ['cell50m', NO_RATIO, 'TOO_LARGE', 'IMPORT_MAX_CELL_CHARS'],
    ['sharedCell50m', NO_RATIO, 'TOO_LARGE', 'IMPORT_MAX_CELL_CHARS'],
    ['attribute50m', NO_RATIO, 'TOO_LARGE', 'IMPORT_MAX_CELL_CHARS'],
    ['rows3m', {}, 'TOO_LARGE', 'IMPORT_XLSX_MAX_RATIO'],
    ['rows3m', NO_RATIO, 'TOO_LARGE', 'IMPORT_MAX_ROWS'],
    ['rowNumber', {}, 'TOO_LARGE', 'IMPORT_MAX_ROWS'],
    ['column', {}, 'TOO_LARGE', 'IMPORT_MAX_COLUMNS'],
    ['deep', NO_RATIO, 'UNREADABLE', 'nests elements more than 64 deep'],
  ];

  it.each(cases)('%s with limits %j: %s naming %s', async (bomb, limits, code, named) => {
    const { result, leftInTmp } = await readInChild(bombs[bomb], limits);
    const r = result!;
    console.log(`${bomb} ${JSON.stringify(limits)}: ${r.error?.code} after ${r.rows} rows, ${(r.ms / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s), peak RSS ${r.maxRssMb.toFixed(0)} MB — ${r.error?.en}`);
    expect(r.error?.code).toBe(code);
    expect(r.error?.en).toContain(named);
    if (named.startsWith('IMPORT_')) expect(r.error?.zh).toContain(named);
    expect(r.maxRssMb).toBeLessThan(MAX_RSS_MB);
    expect(r.cpuMs / 1000).toBeLessThan(MAX_SECONDS);
    expect(leftInTmp).toEqual([]);
  }, 120_000);

  it.each(['SIGTERM', 'SIGKILL'] as const)('a child killed with %s in the middle of a 2 GiB sheet leaves no temporary file', async (signal) => {
    const everything = { maxInflatedBytes: 4 * GiB, maxRatio: 1e9, maxRows: 1e12 };
    const { leftInTmp, signal: got } = await readInChild(bombs.sheet2g, everything, signal);
    expect(got).toBe(signal);
    expect(leftInTmp).toEqual([]);
  }, 120_000);

  it('a legitimate 200,000-row workbook passes every default limit', async () => {
    const f = path.join(dir, 'rows-200k.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: f, useSharedStrings: false, useStyles: true });
    const ws = wb.addWorksheet('单位');
    ws.addRow(['单位编码', '单位名称', '类型', '所在地区编码']).commit();
    for (let i = 0; i < 200_000; i++) ws.addRow([`CY-ORG-${i}`, `朝阳区结对社会组织 ${i}`, '社会组织', '110105000000']).commit();
    ws.commit();
    await wb.commit();
    const { result, leftInTmp } = await readInChild(f);
    console.log(`200,000 rows (${(statSync(f).size / MiB).toFixed(1)} MB): ${(result!.ms / 1000).toFixed(1)} s, peak RSS ${result!.maxRssMb.toFixed(0)} MB`);
    expect(result!.error).toBeNull();
    expect(result!.rows).toBe(200_001);
    expect(leftInTmp).toEqual([]);
  }, 300_000);
});

describe('the limits in the reader itself', () => {
  it('refuses a workbook over a limit given to it, naming the limit and the value', async () => {
    const f = path.join(dir, 'small.xlsx');
    await writeWorkbook(f, { sheet: sheetXml(UNITS_HEADER + ROW + ROW.replace(/2"/g, '3"')) });
    const read = async (limits: Partial<ImportLimits>) => {
      let rows = 0;
      try {
        for await (const _ of readSheet(f, { limits: { ...DEFAULT_IMPORT_LIMITS, ...limits } })) rows += 1;
        return { rows };
      } catch (err) {
        if (!(err instanceof SheetReadError)) throw err;
        return { rows, row: err.row, code: err.code, en: err.reason.en };
      }
    };
    expect(await read({})).toEqual({ rows: 3 });
    expect(await read({ maxRows: 2 })).toEqual({ rows: 2, row: 3, code: 'TOO_LARGE', en: 'row 3 of the sheet is past the limit on rows (the limit is 2, set by IMPORT_MAX_ROWS)' });
    expect(await read({ maxColumns: 3 })).toEqual({ rows: 0, row: 1, code: 'TOO_LARGE', en: 'cell D1 is in column 4, past the limit on columns (the limit is 3, set by IMPORT_MAX_COLUMNS)' });
    expect(await read({ maxCellChars: 10 })).toEqual({ rows: 1, row: 2, code: 'TOO_LARGE', en: 'cell B2 holds more than 10 characters (the limit is 10, set by IMPORT_MAX_CELL_CHARS)' });
    expect((await read({ maxInflatedBytes: 1000 })).en).toMatch(/^xl\/\S+ declares \d[\d,]* bytes inflated \(the limit is 1,000, set by IMPORT_XLSX_MAX_INFLATED\)$/);
  });

  it('refuses a zip of more than 10,000 entries, a zip without a workbook, and a file that is no zip', async () => {
    const many = path.join(dir, 'many.xlsx');
    await writeZip(many, Array.from({ length: 10_001 }, (_, i) => ({ name: `x/${i}.xml`, data: '<a/>', method: 0 as const })));
    const empty = path.join(dir, 'empty-zip.xlsx');
    await writeZip(empty, []);
    const notZip = path.join(dir, 'not-zip.xlsx');
    writeFileSync(notZip, '单位编码,单位名称\r\n');
    const first = async (f: string) => {
      try {
        for await (const _ of readSheet(f, { format: 'xlsx' })) break;
        return null;
      } catch (err) {
        return err instanceof SheetReadError ? `${err.code}: ${err.reason.en}` : String(err);
      }
    };
    expect(await first(many)).toBe('UNREADABLE: cannot read the .xlsx file: the zip lists more than 10,000 entries');
    expect(await first(empty)).toBe('UNREADABLE: cannot read the .xlsx file: not an Excel workbook (no xl/workbook.xml); save it as .xlsx');
    expect(await first(notZip)).toMatch(/^UNREADABLE: cannot read the \.xlsx file: not a valid zip file \(.+\)$/);
  });
});

describe('a refused workbook through the importer and the command line writes nothing', () => {
  it.each(['sheet2g', 'sst30m', 'cell50m', 'rows3m', 'column', 'deep', 'sheet2gDeclares0'])('%s: importRosters reports the problem and the database is unchanged', async (bomb) => {
    const before = await fingerprint(driver);
    const result = await importRosters(db, [fileInput(bombs[bomb])], { importedBy: 'tester' });
    expect(result.ok).toBe(false);
    expect(result.written).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(['TOO_LARGE', 'UNREADABLE']).toContain(result.problems[0].code);
    expect(result.problems[0].reason.en).toMatch(/limit|declares|deep/);
    expect(await fingerprint(driver)).toEqual(before);
  }, 120_000);

  it('pairing-graph import refuses a bomb with exit 5 and the limit named; IMPORT_* set it; a bad value is a usage error', async () => {
    const before = await fingerprint(driver);
    const bomb = await runCli(['import', bombs.sheet2g, '--lang', 'en']);
    expect(bomb.status).toBe(5);
    expect(bomb.stdout).toContain('IMPORT_XLSX_MAX_INFLATED');

    const small = path.join(dir, 'two-rows.xlsx');
    await writeWorkbook(small, { sheet: sheetXml(UNITS_HEADER + ROW) });
    const overRows = await runCli(['import', small, '--dry-run', '--lang', 'en'], { IMPORT_MAX_ROWS: '1' });
    expect(overRows.status).toBe(5);
    expect(overRows.stdout).toContain('IMPORT_MAX_ROWS');
    const bad = await runCli(['import', small, '--lang', 'en'], { IMPORT_MAX_ROWS: 'many' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('IMPORT_MAX_ROWS');
    expect(await fingerprint(driver)).toEqual(before);
  }, 180_000);
});
