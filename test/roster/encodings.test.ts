import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Driver } from 'neo4j-driver';
import type { Database } from '../../src/db/Database';
import { fileInput, importRosters, type Encoding } from '../../src/roster';
import { testDatabase, testDriver } from '../support/testDatabase';
import { fingerprint } from './rosterFiles';

/**
 * CSV files whose encoding changes part way (GBK then UTF-8, or UTF-8 then GBK), beyond the 64 KiB that
 * choose the encoding or within them: refused with the line where the decoding broke, nothing written.
 */
const P = `en${process.pid}`;
let driver: Driver;
let db: Database;
let dir: string;

beforeAll(() => {
  driver = testDriver();
  db = testDatabase(driver);
  dir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-encodings-'));
});

afterAll(async () => {
  await driver.close();
  rmSync(dir, { recursive: true, force: true });
});

const HEADER = '单位编码,单位名称,类型,所在地区编码\r\n';
/** `n` data lines from number `from`, each about 60 bytes. */
const lines = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `${P}-E${from + i},北京市朝阳区编码混用测试学校${from + i},学校,110105000000\r\n`).join('');

/** Writes a file of parts, each in its encoding; returns its path. */
function mixed(name: string, parts: [string, 'utf8' | 'gbk'][]): string {
  const file = path.join(dir, `${P}-${name}`);
  writeFileSync(file, Buffer.concat(parts.map(([text, enc]) => (enc === 'utf8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'gbk')))));
  return file;
}

async function refused(file: string, encoding?: Encoding) {
  const before = await fingerprint(driver);
  const result = await importRosters(db, [fileInput(file, { encoding })], { importedBy: 'tester' });
  expect(result.ok).toBe(false);
  expect(await fingerprint(driver)).toEqual(before);
  return result;
}

describe('a CSV file that changes encoding', () => {
  it('GBK for more than 64 KiB, then UTF-8: refused at the first UTF-8 line', async () => {
    const file = mixed('gbk-then-utf8.csv', [[HEADER + lines(1, 1500), 'gbk'], [lines(1501, 3), 'utf8']]);
    const result = await refused(file);
    expect(result.rosters[0].info).toMatchObject({ encoding: 'gb18030', encodingDetected: true });
    expect(result.problems.map((p) => [p.row, p.code, p.field])).toEqual([[1502, 'BAD_ENCODING', null]]);
    expect(result.problems[0].reason.en).toMatch(/^line 1502 of the file is UTF-8 while the file before it was read as GB18030/);
    expect(result.problems[0].reason.zh).toMatch(/^文件第 1502 行是 UTF-8 编码/);
  });

  it('UTF-8 for more than 64 KiB, then GBK: refused at the first GBK line', async () => {
    const file = mixed('utf8-then-gbk.csv', [[HEADER + lines(1, 1500), 'utf8'], [lines(1501, 3), 'gbk']]);
    const result = await refused(file);
    expect(result.rosters[0].info).toMatchObject({ encoding: 'utf8', encodingDetected: true });
    expect(result.problems.map((p) => [p.row, p.code])).toEqual([[1502, 'BAD_ENCODING']]);
    expect(result.problems[0].reason.en).toMatch(/^line 1502 of the file is not valid UTF-8/);
  });

  it('within the first 64 KiB too, and with --encoding given', async () => {
    const gbkFirst = mixed('small-gbk-then-utf8.csv', [[HEADER + lines(1, 2), 'gbk'], [lines(3, 1), 'utf8']]);
    expect((await refused(gbkFirst)).problems.map((p) => [p.row, p.code])).toEqual([[4, 'BAD_ENCODING']]);
    expect((await refused(gbkFirst, 'gb18030')).problems.map((p) => [p.row, p.code])).toEqual([[4, 'BAD_ENCODING']]);
    const utf8First = mixed('small-utf8-then-gbk.csv', [[HEADER + lines(1, 2), 'utf8'], [lines(3, 1), 'gbk']]);
    expect((await refused(utf8First, 'utf8')).problems.map((p) => [p.row, p.code])).toEqual([[4, 'BAD_ENCODING']]);
  });

  it('a UTF-8 file that ends inside a character, and bytes that are not GB18030', async () => {
    const file = path.join(dir, `${P}-truncated.csv`);
    const whole = Buffer.from(HEADER + lines(1, 2), 'utf8');
    writeFileSync(file, Buffer.concat([whole, Buffer.from('x,学', 'utf8').subarray(0, 4)]));
    expect((await refused(file, 'utf8')).problems.map((p) => [p.row, p.code])).toEqual([[4, 'BAD_ENCODING']]);
    const notGbk = path.join(dir, `${P}-not-gbk.csv`);
    writeFileSync(notGbk, Buffer.concat([iconv.encode(HEADER + lines(1, 1), 'gbk'), Buffer.from([0x41, 0x2c, 0x81, 0x2c, 0x0d, 0x0a])]));
    expect((await refused(notGbk, 'gb18030')).problems.map((p) => [p.row, p.code])).toEqual([[3, 'BAD_ENCODING']]);
  });

  it('reads whole GBK and UTF-8 files as before, also GBK names whose bytes happen to be valid UTF-8 (小学, 平台)', async () => {
    const names = `${P}-G1,北京市朝阳区小学,学校,110105000000\r\n${P}-G2,平台,企业,110105000000\r\n`;
    for (const [name, enc] of [['whole-gbk.csv', 'gbk'], ['whole-utf8.csv', 'utf8']] as const) {
      const file = mixed(name, [[HEADER + names + lines(1, 1500), enc]]);
      const result = await importRosters(db, [fileInput(file)], { importedBy: 'tester', dryRun: true });
      expect(result.problems).toEqual([]);
      expect(result.rosters[0].created).toBe(1502);
    }
  });
});
