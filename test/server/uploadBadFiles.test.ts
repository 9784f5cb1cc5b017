import { mkdtempSync, readdirSync, rmSync, statSync, watch } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Driver } from 'neo4j-driver';
import { fingerprint } from '../roster/rosterFiles';
import { startTestServer, type TestServer } from '../support/testServer';
import { testAuth, tokenFor } from '../support/tokens';
import { answerOf, removeImported, upload, uploadHeaders, type UploadFile } from '../support/uploads';

// Bad files and bad requests at POST /rosters/import: each gets a clear refusal and leaves the graph as it
// was; the upload's temp folder is private and gone when the request ends (success, refusal, abort).
// (Hostile .xlsx files, a zip bomb and a 50 MB cell inside a workbook, are in uploadHostile.test.ts.)

const P = `ub${process.pid}`;
const UNITS_CSV = `单位编码,单位名称,类型,所在地区编码\r\n${P}-S1,北京市朝阳区坏文件测试学校,学校,110105000000\r\n`;

let server: TestServer;
let small: TestServer;
let driver: Driver;
let tmp: string;
let planner: Record<string, string>;

beforeAll(async () => {
  // The servers' upload folders go to a folder of this test, which must be empty between requests.
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-upload-tmp-'));
  server = await startTestServer({ auth: testAuth(), upload: { tmpDir: tmp } });
  small = await startTestServer({ auth: testAuth(), upload: { maxFileBytes: 64 * 1024, maxTotalBytes: 100 * 1024, maxFiles: 2, tmpDir: tmp } });
  driver = server.driver;
  planner = uploadHeaders(await tokenFor('planner'));
}, 120_000);

afterAll(async () => {
  await removeImported(driver, P);
  await server?.close();
  await small?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Polls until the server's temp folder holds no upload folder (the server removes it as the request ends). */
async function uploadFoldersGone(): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const left = readdirSync(tmp).filter((n) => n.startsWith('pairing-graph-upload-'));
    if (!left.length) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
  return readdirSync(tmp).filter((n) => n.startsWith('pairing-graph-upload-'));
}

/** Uploads `files` for a commit and expects a refusal `status` with `code`, the graph unchanged and no temp folder left. */
async function refused(target: TestServer, files: UploadFile[], status: number, code: string, query: Record<string, string> = {}) {
  const before = await fingerprint(driver);
  const res = await upload(target.url, files, { dryRun: 'false', ...query }, planner);
  expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status, code });
  expect(res.json.error.message).toMatch(/\S/);
  expect(res.json.error.messageZh).toMatch(/\S/);
  expect(await fingerprint(driver)).toEqual(before);
  expect(await uploadFoldersGone()).toEqual([]);
  return res.json.error;
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.alloc(64, 7)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58, 0), Buffer.from('This program cannot be run in DOS mode.')]);

describe('files that are no spreadsheet', () => {
  it('a PNG renamed .csv: 415 naming the file and what it is', async () => {
    const error = await refused(server, [{ name: `${P}-单位名册.csv`, bytes: PNG }], 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(error).toMatchObject({ file: `${P}-单位名册.csv`, message: expect.stringContaining('PNG image') });
  });

  it('a program, as .exe or renamed .csv: 415', async () => {
    expect(await refused(server, [{ name: `${P}-setup.exe`, bytes: EXE }], 415, 'UNSUPPORTED_MEDIA_TYPE')).toMatchObject({ file: `${P}-setup.exe` });
    expect((await refused(server, [{ name: `${P}-setup.csv`, bytes: EXE }], 415, 'UNSUPPORTED_MEDIA_TYPE')).message).toContain('Windows program');
  });

  it('a text file named .xlsx: 415 saying it is no workbook', async () => {
    expect((await refused(server, [{ name: `${P}-units.xlsx`, bytes: UNITS_CSV }], 415, 'UNSUPPORTED_MEDIA_TYPE')).message).toContain('not an .xlsx workbook');
  });

  it('a good file beside a bad one: the whole upload is refused', async () => {
    await refused(server, [{ name: `${P}-good.csv`, bytes: UNITS_CSV }, { name: `${P}-bad.csv`, bytes: PNG }], 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('empty files', () => {
  it.each(['csv', 'xlsx'])('an empty .%s: the problem EMPTY_FILE or UNREADABLE, 422 on commit, nothing written', async (ext) => {
    const before = await fingerprint(driver);
    const res = await upload(server.url, [{ name: `${P}-empty.${ext}`, bytes: Buffer.alloc(0) }], { dryRun: 'false' }, planner);
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ ok: false, written: false, error: { code: 'ROSTER_PROBLEMS' } });
    expect(res.json.problems).toEqual([expect.objectContaining({ file: `${P}-empty.${ext}`, code: expect.stringMatching(/^(EMPTY_FILE|UNREADABLE)$/) })]);
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('an .xlsx workbook without rows: EMPTY_FILE', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(server.url, [{ name: `${P}-blank.xlsx`, bytes }], { dryRun: 'true' }, planner);
    expect(res.status).toBe(200);
    expect(res.json.problems.map((p: { code: string }) => p.code)).toEqual(['EMPTY_FILE']);
  });
});

describe('size limits', () => {
  it('a 20 MiB file with the default limits: 413 with a readable message naming the file and UPLOAD_MAX_FILE_BYTES', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024, 'a');
    big.write(UNITS_CSV, 0, 'utf8');
    const error = await refused(server, [{ name: `${P}-big.csv`, bytes: big }], 413, 'PAYLOAD_TOO_LARGE');
    expect(error).toMatchObject({ limit: 'UPLOAD_MAX_FILE_BYTES', max: 10 * 1024 * 1024, file: `${P}-big.csv`, message: `${P}-big.csv is larger than 10 MiB (UPLOAD_MAX_FILE_BYTES).` });
  });

  it('a CSV with a cell of 50 MB: 413 before it is read (its Content-Length is over UPLOAD_MAX_BYTES)', async () => {
    const cell = Buffer.alloc(50 * 1000 * 1000, 'x');
    const bytes = Buffer.concat([Buffer.from(`单位编码,单位名称,类型,所在地区编码\r\n${P}-S9,`), cell, Buffer.from(',学校,110105000000\r\n')]);
    expect(await refused(server, [{ name: `${P}-cell.csv`, bytes }], 413, 'PAYLOAD_TOO_LARGE')).toMatchObject({ limit: 'UPLOAD_MAX_BYTES' });
  });

  it('a CSV with a 5 MB cell under the limits: one TOO_LONG problem on that cell, quoting at most 200 characters of it', async () => {
    const before = await fingerprint(driver);
    const bytes = `单位编码,单位名称,类型,所在地区编码\r\n${P}-S8,${'名'.repeat(5 * 1000 * 1000 / 3)},学校,110105000000\r\n`;
    const res = await upload(server.url, [{ name: `${P}-longcell.csv`, bytes }], { dryRun: 'false' }, planner);
    expect(res.status).toBe(422);
    expect(res.json.problems).toEqual([expect.objectContaining({ row: 2, cell: 'B2', code: 'TOO_LONG' })]);
    // 200 characters of the cell, then how long it was.
    expect(res.json.problems[0].value).toMatch(/^名{200}…\(1,666,666 characters\)$/);
    expect(res.json.problems[0].value.startsWith('名名名')).toBe(true);
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('files each under the per-file limit but over the total, counted while streaming: 413 UPLOAD_MAX_BYTES', async () => {
    const part = (n: number) => ({ name: `${P}-part${n}.csv`, bytes: UNITS_CSV + '#'.repeat(60 * 1024) + '\r\n' });
    expect(await refused(small, [part(1), part(2)], 413, 'PAYLOAD_TOO_LARGE')).toMatchObject({ limit: 'UPLOAD_MAX_BYTES', max: 100 * 1024 });
  });

  it('more files than UPLOAD_MAX_FILES: 413', async () => {
    const files = [1, 2, 3].map((n) => ({ name: `${P}-f${n}.csv`, bytes: UNITS_CSV }));
    expect(await refused(small, files, 413, 'PAYLOAD_TOO_LARGE')).toMatchObject({ limit: 'UPLOAD_MAX_FILES', max: 2 });
  });

  it('a chunked body without Content-Length over the per-file limit: 413 while streaming', async () => {
    const before = await fingerprint(driver);
    const boundary = 'x-boundary-1';
    const { port } = new URL(small.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/rosters/import?dryRun=false', headers: { ...planner, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${P}-chunked.csv"\r\nContent-Type: text/csv\r\n\r\n${UNITS_CSV}`);
      for (let i = 0; i < 10; i++) req.write('#'.repeat(16 * 1024) + '\r\n');
      req.end(`\r\n--${boundary}--\r\n`);
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 'UPLOAD_MAX_FILE_BYTES' });
    expect(await fingerprint(driver)).toEqual(before);
    expect(await uploadFoldersGone()).toEqual([]);
  });
});

describe('bad requests', () => {
  it('not multipart: 400 BAD_REQUEST', async () => {
    const res = await answerOf(await fetch(`${server.url}/rosters/import?dryRun=false`, { method: 'POST', headers: { ...planner, 'content-type': 'application/json' }, body: '{"file": "x"}' }));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'BAD_REQUEST', field: 'content-type' });
  });

  it('a malformed multipart body: 400 BAD_REQUEST', async () => {
    const before = await fingerprint(driver);
    const res = await answerOf(
      await fetch(`${server.url}/rosters/import?dryRun=false`, { method: 'POST', headers: { ...planner, 'content-type': 'multipart/form-data; boundary=zzz' }, body: `--zzz\r\nContent-Disposition: form-data; name="file"; filename="${P}-a.csv"\r\n\r\n${UNITS_CSV}` }),
    );
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('BAD_REQUEST');
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('no file: 400 naming files', async () => {
    const res = await answerOf(await fetch(`${server.url}/rosters/import`, { method: 'POST', headers: planner, body: new FormData() }));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: expect.stringMatching(/^BAD_(USER_INPUT|REQUEST)$/) });
  });

  it('a form field beside the file: 400 naming the field (options go in the query string)', async () => {
    const before = await fingerprint(driver);
    const form = new FormData();
    form.append('dryRun', 'false');
    form.append('file', new Blob([UNITS_CSV]), `${P}-a.csv`);
    const res = await answerOf(await fetch(`${server.url}/rosters/import`, { method: 'POST', headers: planner, body: form }));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dryRun' });
    expect(await fingerprint(driver)).toEqual(before);
  });

  it.each([
    [{ dryRun: 'maybe' }, 'dryRun'],
    [{ what: 'villages' }, 'what'],
    [{ encoding: 'latin1' }, 'encoding'],
    [{ report: 'pdf' }, 'report'],
    [{ lang: 'fr' }, 'lang'],
    [{ dryrun: 'false' }, 'dryrun'],
  ])('bad query %j: 400 naming %s', async (query, field) => {
    expect(await refused(server, [{ name: `${P}-a.csv`, bytes: UNITS_CSV }], 400, 'BAD_USER_INPUT', query)).toMatchObject({ field });
  });

  it('two files with one name: 400', async () => {
    await refused(server, [{ name: `${P}-a.csv`, bytes: UNITS_CSV }, { name: `${P}-a.csv`, bytes: UNITS_CSV }], 400, 'BAD_USER_INPUT');
  });
});

describe('the temp folder', () => {
  it('is private (700, files 600) while the upload runs, and removed when the client aborts', async () => {
    const before = await fingerprint(driver);
    const boundary = 'x-boundary-2';
    const { port } = new URL(server.url);
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/rosters/import?dryRun=false', headers: { ...planner, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' } });
    req.on('error', () => undefined);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${P}-slow.csv"\r\n\r\n${UNITS_CSV}`);
    req.write('#'.repeat(8192) + '\r\n');
    // Poll until the server has stored the first bytes.
    let folder: string | undefined;
    let files: string[] = [];
    for (let i = 0; i < 400 && !files.length; i++) {
      await new Promise((r) => setTimeout(r, 25));
      folder = readdirSync(tmp).find((n) => n.startsWith('pairing-graph-upload-'));
      files = folder ? readdirSync(path.join(tmp, folder)) : [];
    }
    expect(files).toHaveLength(1);
    expect(statSync(path.join(tmp, folder!)).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(tmp, folder!, files[0])).mode & 0o777).toBe(0o600);
    req.destroy();
    expect(await uploadFoldersGone()).toEqual([]);
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('is created for a successful dry run and removed after it', async () => {
    const seen = new Set<string>();
    const watcher = watch(tmp, (_event, name) => name && seen.add(String(name)));
    try {
      const res = await upload(server.url, [{ name: `${P}-ok.csv`, bytes: UNITS_CSV }], { dryRun: 'true' }, planner);
      expect(res.status).toBe(200);
      expect(res.json.ok).toBe(true);
    } finally {
      watcher.close();
    }
    expect([...seen].filter((n) => n.startsWith('pairing-graph-upload-'))).toHaveLength(1);
    expect(await uploadFoldersGone()).toEqual([]);
  });
});
