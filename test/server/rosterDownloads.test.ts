import type { Driver } from 'neo4j-driver';
import ExcelJS from 'exceljs';
import { headersOf, TEMPLATE_EXAMPLES } from '../../src/roster';
import { fingerprint } from '../roster/rosterFiles';
import { startTestServer, type TestServer } from '../support/testServer';
import { bearer, testAuth, tokenFor } from '../support/tokens';
import { upload, uploadHeaders } from '../support/uploads';

// GET /rosters/template/* and /rosters/export/*: the files of `pairing-graph template` and `export
// --format csv|xlsx`, which upload back through POST /rosters/import without a change.

let server: TestServer;
let closed: TestServer;
let driver: Driver;
let planner: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ auth: testAuth() });
  closed = await startTestServer({ auth: testAuth({ readsNeedToken: true }) });
  driver = server.driver;
  planner = uploadHeaders(await tokenFor('planner'));
}, 120_000);

afterAll(async () => {
  await server?.close();
  await closed?.close();
});

/** Returns the rows of the first sheet of an .xlsx download, as text. */
async function xlsxRows(bytes: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push(Array.from({ length: ws.columnCount }, (_, i) => row.getCell(i + 1).text)));
  return rows;
}

const get = async (base: string, p: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}${p}`, { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
};

describe('templates', () => {
  it.each([
    ['units', 'zh'],
    ['pairings', 'en'],
  ] as const)('%s.xlsx (%s): the header and the example line of pairing-graph template, a help sheet; uploaded back, it changes nothing', async (what, lang) => {
    const res = await get(server.url, `/rosters/template/${what}.xlsx?lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="pairing-graph-${what}-template.xlsx"`);
    const rows = await xlsxRows(res.bytes);
    expect(rows[0]).toEqual(headersOf(what, lang));
    expect(rows[1]).toEqual(TEMPLATE_EXAMPLES[what][lang]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets).toHaveLength(2);

    const before = await fingerprint(driver);
    const back = await upload(server.url, [{ name: `template-${what}.xlsx`, bytes: res.bytes }], { dryRun: 'false' }, planner);
    expect(back.status).toBe(200);
    expect(back.json).toMatchObject({ ok: true, written: false, totals: { rows: 0 } });
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('units.csv: UTF-8 with a BOM, the header and the example line', async () => {
    const res = await get(server.url, '/rosters/template/units.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = res.bytes.toString('utf8').split('\r\n');
    expect(lines[0]).toBe(`\uFEFF${headersOf('units', 'zh').join(',')}`);
    expect(lines[1]).toBe(TEMPLATE_EXAMPLES.units.zh.join(','));
  });

  it.each(['villages.csv', 'units.pdf', 'units'])('%s: 404 naming the files there are', async (name) => {
    const res = await get(server.url, `/rosters/template/${name}`);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.bytes.toString()).error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('units.xlsx') });
  });

  it('a bad lang: 400 naming lang', async () => {
    const res = await get(server.url, '/rosters/template/units.csv?lang=fr');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.bytes.toString()).error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lang' });
  });
});

describe('the current rosters', () => {
  it.each([
    ['units', 'csv'],
    ['pairings', 'xlsx'],
  ] as const)('%s.%s: every record of the database; uploaded back as a commit, it changes nothing', async (what, format) => {
    const res = await get(server.url, `/rosters/export/${what}.${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="pairing-graph-${what}-\\d{8}\\.${format}"$`));
    const rows = format === 'xlsx' ? await xlsxRows(res.bytes) : res.bytes.toString('utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    const [{ n }] = (
      await driver.executeQuery(
        what === 'units' ? "MATCH (u:Unit) WHERE NOT u:Region OR (u.level = 'VILLAGE' AND u.demonstration IS NOT NULL) RETURN count(u) AS n" : 'MATCH (p:Pairing) RETURN count(p) AS n',
      )
    ).records.map((r) => ({ n: Number(r.get('n')) }));
    expect(rows.length - 1).toBe(n);

    const before = await fingerprint(driver);
    const back = await upload(server.url, [{ name: `export-${what}.${format}`, bytes: res.bytes }], { dryRun: 'false' }, planner);
    expect(back.status).toBe(200);
    expect(back.json).toMatchObject({ ok: true, written: false, totals: { rows: n, unchanged: n, created: 0, updated: 0 } });
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('with AUTH_READS=token: 401 without a token, the file with any role', async () => {
    const none = await get(closed.url, '/rosters/export/units.csv');
    expect(none.status).toBe(401);
    expect(JSON.parse(none.bytes.toString()).error).toMatchObject({ code: 'UNAUTHENTICATED', messageZh: expect.stringMatching(/\S/) });
    expect((await get(closed.url, '/rosters/export/units.csv', bearer(await tokenFor('viewer')))).status).toBe(200);
  });
});

describe('observability', () => {
  it('labels the routes in /metrics and echoes the request id', async () => {
    const res = await fetch(`${server.url}/rosters/template/units.csv`, { headers: { 'x-request-id': 'upload-test-1' } });
    expect(res.headers.get('x-request-id')).toBe('upload-test-1');
    await res.arrayBuffer();
    await upload(server.url, [{ name: 'm.csv', bytes: 'a,b\r\n' }], { dryRun: 'true' }, uploadHeaders());
    // The request line and metrics are recorded as a response finishes: poll for them.
    let metrics = '';
    for (let i = 0; i < 100 && !/route="\/rosters\/import",status="401"/.test(metrics); i++) metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/http_requests_total\{method="GET",route="\/rosters\/template\/:file",status="200"\} [1-9]/);
    expect(metrics).toMatch(/http_requests_total\{method="POST",route="\/rosters\/import",status="401"\} [1-9]/);
  });
});
