import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { ChangesDocument } from '../../src/generated/operations';
import { fileInput, importRosters } from '../../src/roster';
import { fingerprint, writeCsv, type Cell } from '../roster/rosterFiles';
import { testDatabase } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { bearer, expiredToken, foreignToken, testAuth, TEST_SECRET, tokenFor } from '../support/tokens';
import { removeImported, upload, uploadHeaders, type UploadFile } from '../support/uploads';
import { SignJWT } from 'jose';
import { issueToken } from '../../src/auth/issueToken';

/** Returns a valid token that names no role. */
function tokenWithoutRole(): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(`${P}-nobody`).setIssuedAt().setExpirationTime('10m').sign(new TextEncoder().encode(TEST_SECRET));
}

// HTTP tests of POST /rosters/import: roles, the CSRF guard, a dry run with problems, the fixed file
// committed and audited with the token's sub and role, and the same file again changing nothing.

const P = `up${process.pid}`;
const UNIT_HEADERS = ['单位编码', '单位名称', '类型', '所在地区编码', '替换占位单位', '示范村'];
const PAIRING_HEADERS = ['结对编码', '支援方单位编码', '受援方单位编码', '结对类型', '领域', '开始日期', '结束日期', '所属协议', '备注'];

let server: TestServer;
let driver: Driver;
let dir: string;

beforeAll(async () => {
  server = await startTestServer({ auth: testAuth() });
  driver = server.driver;
  dir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-upload-test-'));
}, 120_000);

afterAll(async () => {
  await removeImported(driver, P);
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The rows of a units roster: two good rows and, unless `fixed`, three bad ones (rows 3, 4 and 5 of the sheet). */
function unitRows(fixed: boolean): Cell[][] {
  return [
    UNIT_HEADERS,
    [`${P}-S1`, '北京市朝阳区上传实验学校', '学校', '110105000000', null, null],
    [`${P}-S2`, '卓资县上传中学', '学校', fixed ? '150921000000' : '15092', null, null],
    [`${P}-E1`, '北京上传科技有限公司', fixed ? '企业' : '飞船', '110105004000', null, null],
    [`${P}-O1`, fixed ? '北京上传公益基金会' : null, '社会组织', '110105000000', null, null],
    [`${P}-S3`, '北京市朝阳区上传第二学校', '学校', '110105000000', null, null],
  ];
}

/** Returns a units roster as Excel on Chinese Windows saves it (GB18030 CSV), named `${P}-单位名册.csv`. */
async function gbRoster(fixed: boolean): Promise<UploadFile> {
  const file = await writeCsv(path.join(dir, `${P}-单位名册-${fixed ? 'fixed' : 'bad'}.csv`), unitRows(fixed), 'gb18030');
  return { name: `${P}-单位名册.csv`, bytes: readFileSync(file) };
}

/** A pairings roster (UTF-8) naming the units roster's schools. */
async function pairingRoster(): Promise<UploadFile> {
  const rows: Cell[][] = [PAIRING_HEADERS, [`${P}-P1`, `${P}-S1`, `${P}-S2`, '学校—学校', null, '2024-03-01', null, null, '上传测试']];
  const file = await writeCsv(path.join(dir, `${P}-结对名册.csv`), rows, 'utf8');
  return { name: `${P}-结对名册.csv`, bytes: readFileSync(file) };
}

describe('who may upload', () => {
  const cases: [string, () => Promise<Record<string, string>>, number, string][] = [
    ['no token', async () => uploadHeaders(), 401, 'UNAUTHENTICATED'],
    ['a malformed token', async () => ({ ...uploadHeaders(), authorization: 'Bearer not-a-jwt' }), 401, 'UNAUTHENTICATED'],
    ['an expired token', async () => uploadHeaders(await expiredToken('admin')), 401, 'UNAUTHENTICATED'],
    ['a foreign token', async () => uploadHeaders(await foreignToken('admin')), 401, 'UNAUTHENTICATED'],
    ['a token without a role', async () => uploadHeaders(await tokenWithoutRole()), 403, 'FORBIDDEN'],
    ['a viewer', async () => uploadHeaders(await tokenFor('viewer')), 403, 'FORBIDDEN'],
  ];
  it.each(cases)('%s: refused, and the graph is unchanged', async (_what, headers, status, code) => {
    const before = await fingerprint(driver);
    const res = await upload(server.url, [await gbRoster(true)], { dryRun: 'false' }, await headers());
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
    expect(res.json.error.message).toMatch(/\S/);
    expect(res.json.error.messageZh).toMatch(/\S/);
    if (status === 401) expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await fingerprint(driver)).toEqual(before);
  });

  it.each(['planner', 'admin'] as const)('%s: a dry run answers the plan and writes nothing', async (role) => {
    const before = await fingerprint(driver);
    const res = await upload(server.url, [await gbRoster(true)], { dryRun: 'true' }, uploadHeaders(await tokenFor(role)));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, dryRun: true, written: false, actor: { sub: `tester-${role}`, role } });
    expect(res.json.rosters).toEqual([expect.objectContaining({ file: `${P}-单位名册.csv`, kind: 'units', rows: 5, created: 5, updated: 0, unchanged: 0, encoding: 'gb18030', encodingDetected: true })]);
    expect(res.json.changes.map((c: { id: string }) => c.id)).toEqual(unitRows(true).slice(1).map((r) => r[0]));
    expect(await fingerprint(driver)).toEqual(before);
  });
});

describe('the CSRF guard', () => {
  it('refuses a plain cross-site form post (no CSRF header, no token), and the graph is unchanged', async () => {
    const before = await fingerprint(driver);
    const form = new FormData();
    form.append('file', new Blob([(await gbRoster(true)).bytes]), `${P}-单位名册.csv`);
    const res = await fetch(`${server.url}/rosters/import?dryRun=false`, { method: 'POST', headers: { origin: 'https://evil.example' }, body: form });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('X-Pairing-Graph-CSRF') });
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('refuses a planner upload without the CSRF header: the token alone does not do', async () => {
    const before = await fingerprint(driver);
    const res = await upload(server.url, [await gbRoster(true)], { dryRun: 'false' }, bearer(await tokenFor('planner')));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'BAD_REQUEST', field: 'x-pairing-graph-csrf' });
    expect(await fingerprint(driver)).toEqual(before);
  });
});

describe('check, fix, commit', () => {
  const sub = `${P}-数据专员`;
  let planner: Record<string, string>;
  beforeAll(async () => {
    planner = uploadHeaders(await issueToken(TEST_SECRET, { subject: sub, role: 'planner', expiresIn: '10m' }));
  });

  it('a GB18030 CSV with 3 bad rows: exactly those rows, with the spreadsheet row and column, as the CLI pipeline finds them; nothing written', async () => {
    const before = await fingerprint(driver);
    const bad = await gbRoster(false);
    const res = await upload(server.url, [bad], { dryRun: 'true' }, planner);
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(false);
    expect(res.json.problemCount).toBe(3);
    const got = res.json.problems.map((p: Record<string, unknown>) => [p.file, p.row, p.column, p.columnLetter, p.cell, p.value]);
    expect(got).toEqual([
      [bad.name, 3, '所在地区编码', 'D', 'D3', '15092'],
      [bad.name, 4, '类型', 'C', 'C4', '飞船'],
      [bad.name, 5, '单位名称', 'B', 'B5', ''],
    ]);
    for (const p of res.json.problems) expect(p.reason).toEqual({ zh: expect.stringMatching(/\S/), en: expect.stringMatching(/\S/) });
    // The same problems as the command line's pipeline finds in the same bytes.
    const local = path.join(dir, bad.name);
    await writeCsv(local, unitRows(false), 'gb18030');
    const cli = await importRosters(testDatabase(driver), [fileInput(local)], { dryRun: true, importedBy: 'tester' });
    expect(res.json.problems.map(({ columnLetter, cell, ...p }: Record<string, unknown>) => p)).toEqual(cli.problems);

    // Committing it is refused as a whole: 422, nothing written.
    const commit = await upload(server.url, [bad], { dryRun: 'false' }, planner);
    expect(commit.status).toBe(422);
    expect(commit.json).toMatchObject({ error: { code: 'ROSTER_PROBLEMS' }, ok: false, written: false, problemCount: 3 });
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('the CSV report of the dry run lists the same 3 problems', async () => {
    const res = await upload(server.url, [await gbRoster(false)], { dryRun: 'true', report: 'csv', lang: 'en' }, planner);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="roster-problems-\d{8}\.csv"$/);
    const json = await upload(server.url, [await gbRoster(false)], { dryRun: 'true' }, planner);
    const lines = res.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('File,Row,Column,Value,Problem');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3))).toEqual(json.json.problems.map((p: { file: string; row: number; column: string }) => [p.file, String(p.row), p.column]));
  });

  it('the fixed file with a pairings roster dry-runs clean, commits, is audited with the token\'s sub and role, and changes nothing the second time', async () => {
    const files = [await pairingRoster(), await gbRoster(true)];
    const dry = await upload(server.url, files, { dryRun: 'true' }, planner);
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ ok: true, problems: [], problemCount: 0, totals: { rows: 6, created: 6, updated: 0, unchanged: 0 } });
    const before = await fingerprint(driver);

    const commit = await upload(server.url, files, { dryRun: 'false' }, planner);
    expect(commit.status).toBe(200);
    expect(commit.json).toMatchObject({ ok: true, written: true, dryRun: false, totals: dry.json.totals });
    expect(commit.json.rosters.every((r: { sourceId: string | null }) => r.sourceId !== null)).toBe(true);
    expect(await fingerprint(driver)).not.toEqual(before);

    const admin = bearer(await tokenFor('admin'));
    const audit = await server.execute(ChangesDocument, { where: { actor: sub }, first: 50 }, admin);
    expect(audit.errors).toBeUndefined();
    const entries = audit.data!.changes.edges.map((e) => e.node);
    expect(entries.map((c) => c.targetId).sort()).toEqual(dry.json.changes.map((c: { id: string }) => c.id).sort());
    for (const c of entries) expect(c).toMatchObject({ actor: sub, role: 'planner', operation: 'import', action: 'CREATE', source: { kind: 'IMPORT' } });

    const after = await fingerprint(driver);
    const again = await upload(server.url, files, { dryRun: 'false' }, planner);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ ok: true, written: false, totals: { rows: 6, created: 0, updated: 0, unchanged: 6 }, changes: [] });
    expect(await fingerprint(driver)).toEqual(after);
  });
});
