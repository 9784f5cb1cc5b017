import { once } from 'node:events';
import { Readable, Writable } from 'node:stream';
import type { Driver } from 'neo4j-driver';
import { fingerprint } from '../roster/rosterFiles';
import { startTestServer, type TestServer } from '../support/testServer';
import { testAuth, tokenFor } from '../support/tokens';
import { removeImported, upload, uploadHeaders } from '../support/uploads';

// Hostile .xlsx files at POST /rosters/import: small uploads that decompress to a lot. They pass the
// upload's byte limits (they are small), so what bounds them is the .xlsx reader of the import pipeline
// (issue 12: bounded on hostile files, done by another change). These tests say what the endpoint must
// answer: a clear refusal or problem naming the file, and nothing written.

// archiver (a dependency of exceljs) writes zip files from streams; it has no type declarations here,
// so this is the shape of what is used.
const archiver = require('archiver') as (format: 'zip', options: { zlib: { level: number } }) => {
  append(source: string | Readable, data: { name: string }): void;
  finalize(): Promise<void>;
  pipe(out: Writable): void;
};

const P = `uh${process.pid}`;

let server: TestServer;
let driver: Driver;
let planner: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ auth: testAuth() });
  driver = server.driver;
  planner = uploadHeaders(await tokenFor('planner'));
}, 120_000);

afterAll(async () => {
  await removeImported(driver, P);
  await server?.close();
});

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="单位" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const HEADER_ROW = `<row r="1">${cell('A1', '单位编码')}${cell('B1', '单位名称')}${cell('C1', '类型')}${cell('D1', '所在地区编码')}</row>`;

/** Returns an .xlsx workbook (a zip, deflated) whose first sheet's XML is `sheet`, streamed: a few KB on the wire for any size unpacked. */
async function workbook(sheet: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  const zip = archiver('zip', { zlib: { level: 9 } });
  zip.pipe(out);
  zip.append(CONTENT_TYPES, { name: '[Content_Types].xml' });
  zip.append(RELS, { name: '_rels/.rels' });
  zip.append(WORKBOOK, { name: 'xl/workbook.xml' });
  zip.append(WORKBOOK_RELS, { name: 'xl/_rels/workbook.xml.rels' });
  zip.append(sheet, { name: 'xl/worksheets/sheet1.xml' });
  await zip.finalize();
  if (!out.writableFinished) await once(out, 'finish');
  return Buffer.concat(chunks);
}

/** Yields `head`, then `count` times `repeat(i)`, then `tail`, in chunks of about 1 MiB. */
function streamed(head: string, count: number, repeat: (i: number) => string, tail: string): Readable {
  return Readable.from(
    (function* () {
      yield head;
      let chunk = '';
      for (let i = 0; i < count; i++) {
        chunk += repeat(i);
        if (chunk.length >= 1 << 20) {
          yield chunk;
          chunk = '';
        }
      }
      yield chunk + tail;
    })(),
  );
}

const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

/** Uploads `bytes` as `name` for a commit; expects a refusal or a problem naming the file, and the graph unchanged. */
async function refusedOrProblem(name: string, bytes: Buffer) {
  const before = await fingerprint(driver);
  const res = await upload(server.url, [{ name, bytes }], { dryRun: 'false' }, planner);
  expect(res.status).not.toBe(200);
  expect(res.status).toBeLessThan(500);
  if (res.status === 422) expect(res.json.problems[0]).toMatchObject({ file: name, reason: { zh: expect.stringMatching(/\S/), en: expect.stringMatching(/\S/) } });
  else expect(res.json.error.message).toMatch(/\S/);
  expect(await fingerprint(driver)).toEqual(before);
  return res;
}

describe('hostile workbooks (bounded by the xlsx reader of issue 12)', () => {
  it('a cell of 50 MB in a small .xlsx: a problem on that row, nothing written', async () => {
    const big = 'x'.repeat(50 * 1000 * 1000);
    const bytes = await workbook(streamed(SHEET_HEAD + HEADER_ROW, 1, () => `<row r="2">${cell('A2', `${P}-S1`)}${cell('B2', big)}${cell('C2', '学校')}${cell('D2', '110105000000')}</row>`, SHEET_TAIL));
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const res = await refusedOrProblem(`${P}-bigcell.xlsx`, bytes);
    if (res.status === 422) expect(res.json.problems[0].row).toBeLessThanOrEqual(2);
  }, 300_000);

  it('a zip bomb: 1 GiB of rows unpacked from a small .xlsx is refused, nothing written', async () => {
    // After a valid header, rows whose name cell holds 64 KiB of one letter: deflated, several hundred times smaller.
    const name = 'x'.repeat(64 * 1024);
    const row = (i: number) => `<row r="${i + 2}">${cell(`A${i + 2}`, `${P}-B${i}`)}${cell(`B${i + 2}`, name)}${cell(`C${i + 2}`, '学校')}${cell(`D${i + 2}`, '110105000000')}</row>`;
    const rows = Math.ceil((1024 * 1024 * 1024) / row(0).length);
    const bytes = await workbook(streamed(SHEET_HEAD + HEADER_ROW, rows, row, SHEET_TAIL));
    expect(bytes.length).toBeLessThan(10 * 1024 * 1024);
    await refusedOrProblem(`${P}-bomb.xlsx`, bytes);
  }, 600_000);
});
