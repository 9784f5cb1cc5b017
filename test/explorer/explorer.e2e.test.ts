import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ExplorerTownshipsDocument } from '../../src/generated/operations';
import { todayInChina } from '../../src/graphql/DateScalar';
import { buildAndLaunch, watchPage } from '../support/browser';
import { cypher } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { expiredToken, testAuth, tokenFor } from '../support/tokens';

/**
 * The explorer page and GraphiQL in a real browser: Debian's Chromium driven by playwright-core, against
 * the real server over the test Neo4j. Every request must go to 127.0.0.1 (the page works offline) and
 * succeed, and the page must log no error.
 */

const root = path.resolve(__dirname, '../..');
const artifacts = path.join(root, 'test-artifacts');
const GUAIJIAOPU = '150921212210';

let t: TestServer;
let browser: Browser;
let page: Page;
/** Requests to any host other than 127.0.0.1. */
const external: string[] = [];
/** Requests that failed, or got an HTTP error. */
const failed: string[] = [];
/** Console errors and uncaught exceptions of the pages. */
const errors: string[] = [];

beforeAll(async () => {
  browser = await buildAndLaunch();
  t = await startTestServer();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(30_000);
  watchPage(page, { external, failed, errors }, (url) => url);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

function expectClean(): void {
  expect(external).toEqual([]);
  expect(failed).toEqual([]);
  expect(errors).toEqual([]);
}

/** The ids of the elements matched, read from their data-id attribute. */
async function dataIds(selector: string, on: Page = page): Promise<string[]> {
  const ids: string[] = [];
  for (const item of await on.locator(selector).all()) ids.push((await item.getAttribute('data-id')) ?? '');
  return ids;
}

/** Plain Cypher: the supporting units of the pairings of 拐角铺村委会 active today. */
function supportersOfGuaijiaopu(): Promise<{ id: string; name: string }[]> {
  return cypher<{ id: string; name: string }>(
    t.driver,
    `MATCH (:Unit {id: $id})<-[:SUPPORTED]-(p:Pairing)-[:SUPPORTER]->(s:Unit)
     WHERE (p.since IS NULL OR p.since <= date($on)) AND (p.until IS NULL OR p.until >= date($on))
     RETURN DISTINCT s.id AS id, s.name AS name ORDER BY id`,
    { id: GUAIJIAOPU, on: todayInChina() },
  );
}

describe('the explorer page (/)', () => {
  it('loads from our own server only and draws the whole cooperation', async () => {
    const res = await page.goto(`${t.url}/#graph`, { waitUntil: 'networkidle' });
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-type']).toMatch(/^text\/html/);
    await page.locator('[data-testid=graph-status][data-state=ready]').waitFor();
    await expect(page.getByTestId('title').textContent()).resolves.toBe('结对关系图谱');
    await expect(page.getByTestId('graph-status').textContent()).resolves.toMatch(/^\d+ 个单位 · \d+ 条连线 · 其中结对 \d+ 条/);
    expect(await page.locator('[data-testid=graph] canvas').count()).toBeGreaterThan(0);

    // The township filter lists the townships of 卓资县, as the database has them.
    const townships = await cypher<{ id: string }>(t.driver, `MATCH (t:Region)-[:PART_OF]->(:Region {id: '150921000000'}) RETURN t.id AS id ORDER BY id`);
    expect(townships.length).toBeGreaterThan(0);
    const options = await page.locator('[data-testid=township-select] option').all();
    const values: string[] = [];
    for (const o of options) values.push((await o.getAttribute('value')) ?? '');
    expect(values).toEqual(['', ...townships.map((r) => r.id)]);

    // Every demonstration village of 卓资县 with no active pairing is highlighted.
    const unpaired = await cypher<{ id: string }>(
      t.driver,
      `MATCH (v:Region {kind: 'VILLAGE'})-[:PART_OF]->()-[:PART_OF]->(:Region {id: '150921000000'})
       WHERE v.demonstration = true
         AND NOT EXISTS {
           MATCH (v)<-[:SUPPORTED|SUPPORTER]-(p:Pairing)
           WHERE (p.since IS NULL OR p.since <= date($on)) AND (p.until IS NULL OR p.until >= date($on))
         }
       RETURN v.id AS id ORDER BY id`,
      { on: todayInChina() },
    );
    expect(unpaired.length).toBeGreaterThan(0);
    for (const { id } of unpaired) await expect(page.getByTestId(`gap-${id}`).count()).resolves.toBe(1);

    const graphml = await page.getByTestId('export-graphml').getAttribute('href');
    expect(graphml).toBe('/export/graph.graphml');
    await expect(page.getByTestId('graphiql-link').getAttribute('href')).resolves.toBe('/graphql');
    expectClean();
  });

  it('finds 拐角铺 and lists the counterparts of 拐角铺村委会 in the side panel', async () => {
    await page.getByTestId('search-input').fill('拐角铺');
    await page.getByTestId(`search-result-${GUAIJIAOPU}`).click();
    await page.locator('[data-testid=unit-panel][data-state=ready]').waitFor();
    await page.locator('[data-testid=graph-status][data-state=ready]').waitFor();
    await expect(page.getByTestId('unit-name').textContent()).resolves.toBe('拐角铺村');

    const expected = await supportersOfGuaijiaopu();
    expect(expected.length).toBeGreaterThan(0);
    expect((await dataIds('[data-testid=counterparts] li.counterpart')).sort()).toEqual(expected.map((r) => r.id));
    for (const { id, name } of expected) await expect(page.getByTestId(`counterpart-name-${id}`).textContent()).resolves.toBe(name);

    // The graph is centered on it, and the exports follow the selection.
    await expect(page.getByTestId('selection').textContent()).resolves.toContain('拐角铺村');
    for (const format of ['graphml', 'gexf', 'cyjs', 'json']) {
      await expect(page.getByTestId(`export-${format}`).getAttribute('href')).resolves.toBe(`/export/graph.${format}?centerId=${GUAIJIAOPU}&depth=2`);
    }
    const exported = await fetch(`${t.url}/export/graph.json?centerId=${GUAIJIAOPU}&depth=2`);
    expect(exported.status).toBe(200);

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'explorer.png') });
    expectClean();
  });

  it('switches to English and back', async () => {
    await expect(page.getByTestId('search-heading').textContent()).resolves.toBe('搜索单位');
    await page.getByTestId('lang-toggle').click();
    await expect(page.getByTestId('search-heading').textContent()).resolves.toBe('Search units');
    await expect(page.getByTestId('counterparts-heading').textContent()).resolves.toBe('Counterparts');
    await expect(page.getAttribute('html', 'lang')).resolves.toBe('en');
    await page.getByTestId('lang-toggle').click();
    await expect(page.getByTestId('search-heading').textContent()).resolves.toBe('搜索单位');
    expectClean();
  });
});

describe('the explorer page when reads need a token (AUTH_READS=token)', () => {
  let closed: TestServer;
  let context: BrowserContext;
  let tab: Page;
  /** Requests to /graphql and /export/ with the Authorization header they carried. */
  const sent: { url: string; authorization: string | undefined }[] = [];
  const closedExternal: string[] = [];
  const closedFailed: string[] = [];
  const closedErrors: string[] = [];

  beforeAll(async () => {
    closed = await startTestServer({ auth: testAuth({ readsNeedToken: true }) });
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    tab = await context.newPage();
    tab.setDefaultTimeout(30_000);
    watchPage(tab, { external: closedExternal, failed: closedFailed, errors: closedErrors }, (url) => new URL(url).pathname, (req) => {
      const url = new URL(req.url());
      if (url.pathname === '/graphql' || url.pathname.startsWith('/export/')) sent.push({ url: req.url(), authorization: req.headers()['authorization'] });
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await closed?.close();
  });

  /** Nothing off-host; the only failures are the 401s the page was meant to get (Chromium logs each one). */
  function expectOnlyRefusals(): void {
    expect(closedExternal).toEqual([]);
    for (const f of closedFailed) expect(f).toMatch(/^(POST \/graphql|GET \/export\/graph\.\w+): HTTP 401$/);
    for (const e of closedErrors) expect(e).toMatch(/status of 401/);
  }

  /** The token in the tab's sessionStorage, and the keys of its localStorage. */
  const storedToken = () =>
    tab.evaluate(() => {
      const w = globalThis as unknown as { sessionStorage: { getItem(key: string): string | null }; localStorage: object };
      return { session: w.sessionStorage.getItem('pairing-graph.token'), local: Object.keys(w.localStorage) };
    });

  it('without a token says a token is needed, in the graph, the token card and for exports', async () => {
    const res = await tab.goto(`${closed.url}/#graph`, { waitUntil: 'networkidle' });
    expect(res?.status()).toBe(200);
    await tab.locator('[data-testid=graph-status][data-state=error]').waitFor();
    await expect(tab.getByTestId('graph-status').getAttribute('data-reason')).resolves.toBe('token-needed');
    await expect(tab.getByTestId('graph-status').textContent()).resolves.toMatch(/^需要访问令牌/);
    await tab.locator('[data-testid=token-notice][data-reason=token-needed]').waitFor({ state: 'visible' });
    await expect(tab.getByTestId('token-notice').textContent()).resolves.toMatch(/^需要访问令牌/);
    await expect(tab.getByTestId('token-state').textContent()).resolves.toBe('未设置');
    await expect(tab.getByTestId('token-input').getAttribute('type')).resolves.toBe('password');
    expect(await tab.getByTestId('token-input').isVisible()).toBe(true);

    mkdirSync(artifacts, { recursive: true });
    await tab.screenshot({ path: path.join(artifacts, 'explorer-token-needed.png') });

    // An export is fetched too, and says the same instead of leaving the page for a JSON error.
    await tab.getByTestId('export-json').click();
    await tab.locator('[data-testid=export-status][data-state=error]').waitFor();
    await expect(tab.getByTestId('export-status').textContent()).resolves.toMatch(/^需要访问令牌/);
    expect(tab.url()).toMatch(new RegExp(`^${closed.url}/`));

    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((r) => r.authorization === undefined)).toBe(true);
    expect(closedFailed.length).toBeGreaterThan(0);
    expectOnlyRefusals();
  });

  it('with a viewer token loads everything, finds 拐角铺 and lists its counterparts, and exports with the token', async () => {
    const token = await tokenFor('viewer');
    sent.length = 0;
    await tab.getByTestId('token-input').fill(token);
    await tab.getByTestId('token-save').click();
    await tab.locator('[data-testid=graph-status][data-state=ready]').waitFor();
    await tab.locator('[data-testid=token-notice]').waitFor({ state: 'hidden' });
    await expect(tab.getByTestId('token-state').textContent()).resolves.toBe('已设置 · 查看者');
    await expect(tab.getByTestId('token-input').inputValue()).resolves.toBe('');
    // Kept for this tab only.
    await expect(storedToken()).resolves.toEqual({ session: token, local: expect.not.arrayContaining(['pairing-graph.token']) });
    await tab.locator('[data-testid=township-select] option[value=""] + option').waitFor({ state: 'attached' });

    await tab.getByTestId('search-input').fill('拐角铺');
    await tab.getByTestId(`search-result-${GUAIJIAOPU}`).click();
    await tab.locator('[data-testid=unit-panel][data-state=ready]').waitFor();
    await tab.locator('[data-testid=graph-status][data-state=ready]').waitFor();
    await expect(tab.getByTestId('unit-name').textContent()).resolves.toBe('拐角铺村');
    const expected = await supportersOfGuaijiaopu();
    expect(expected.length).toBeGreaterThan(0);
    expect((await dataIds('[data-testid=counterparts] li.counterpart', tab)).sort()).toEqual(expected.map((r) => r.id));

    // The export link cannot carry the header: the page fetches it with the token and saves it from a Blob URL.
    const [download] = await Promise.all([tab.waitForEvent('download'), tab.getByTestId('export-json').click()]);
    expect(download.suggestedFilename()).toMatch(/^pairing-graph-\d{8}\.json$/);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { nodes: { id: string }[] };
    expect(exported.nodes.map((n) => n.id)).toEqual(expect.arrayContaining([GUAIJIAOPU, ...expected.map((r) => r.id)]));
    await tab.locator('[data-testid=export-status][data-state=done]').waitFor();

    const exportRequests = sent.filter((r) => new URL(r.url).pathname.startsWith('/export/'));
    expect(exportRequests.map((r) => new URL(r.url).search)).toEqual([`?centerId=${GUAIJIAOPU}&depth=2`]);
    expect(sent.length).toBeGreaterThan(3);
    expect(sent.filter((r) => r.authorization !== `Bearer ${token}`)).toEqual([]);

    // A reload keeps the token (sessionStorage) and the selection.
    await tab.reload({ waitUntil: 'networkidle' });
    await tab.locator('[data-testid=graph-status][data-state=ready]').waitFor();
    await tab.locator('[data-testid=unit-panel][data-state=ready]').waitFor();
    await expect(tab.getByTestId('token-state').textContent()).resolves.toBe('已设置 · 查看者');
    expectOnlyRefusals();
  });

  it('says the token was refused when it is garbage or expired, in both languages, and needed again once cleared', async () => {
    // With a token that works the card is folded: open it.
    await expect(tab.getByTestId('token-input').isVisible()).resolves.toBe(false);
    await tab.locator('[data-testid=token-card] summary').click();
    await tab.getByTestId('token-input').fill('garbage-token');
    await tab.getByTestId('token-save').click();
    await tab.locator('[data-testid=graph-status][data-state=error][data-reason=token-refused]').waitFor();
    await tab.locator('[data-testid=token-notice][data-reason=token-refused]').waitFor({ state: 'visible' });
    await expect(tab.getByTestId('token-notice').textContent()).resolves.toMatch(/^令牌被拒绝（可能已过期或不正确）/);
    await tab.locator('[data-testid=unit-error]').waitFor();
    await expect(tab.getByTestId('unit-error').textContent()).resolves.toMatch(/^令牌被拒绝/);

    await tab.getByTestId('token-input').fill(await expiredToken('viewer'));
    await tab.getByTestId('token-input').press('Enter');
    await tab.locator('[data-testid=token-notice]', { hasText: 'the token has expired' }).waitFor();
    await expect(tab.getByTestId('token-notice').getAttribute('data-reason')).resolves.toBe('token-refused');

    await tab.getByTestId('lang-toggle').click();
    await expect(tab.getByTestId('token-notice').textContent()).resolves.toMatch(/^The token was refused \(expired or wrong\)/);
    await expect(tab.getByTestId('graph-status').textContent()).resolves.toMatch(/^The token was refused/);
    await tab.getByTestId('token-clear').click();
    await tab.locator('[data-testid=token-notice][data-reason=token-needed]').waitFor({ state: 'visible' });
    await expect(tab.getByTestId('token-notice').textContent()).resolves.toMatch(/^A token is needed/);
    await expect(tab.getByTestId('token-state').textContent()).resolves.toBe('not set');
    await expect(storedToken()).resolves.toEqual({ session: null, local: expect.not.arrayContaining(['pairing-graph.token']) });
    await tab.getByTestId('lang-toggle').click();
    expectOnlyRefusals();
  });
});

describe('GraphiQL at GET /graphql', () => {
  it('renders in the browser from our own server only, and runs a query through POST /graphql', async () => {
    const res = await page.goto(`${t.url}/graphql`, { waitUntil: 'networkidle' });
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-type']).toMatch(/^text\/html/);
    await page.locator('.graphiql-container .graphiql-query-editor').waitFor();
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.graphiql-response .CodeMirror-code', { hasText: '"counterparts"' }).waitFor();
    await page.screenshot({ path: path.join(artifacts, 'graphiql.png') });
    expectClean();
  });

  it('leaves /graphql for clients as it was: POST, GET queries with the CSRF header, CSRF prevention on', async () => {
    const posted = await t.execute(ExplorerTownshipsDocument, { county: '150921000000' });
    expect(posted.status).toBe(200);
    expect(posted.data?.region?.name).toBe('卓资县');

    const query = encodeURIComponent('{ apiVersion }');
    const preflighted = await fetch(`${t.url}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': 'true', accept: 'text/html,application/json' } });
    expect(preflighted.status).toBe(200);
    expect(((await preflighted.json()) as { data: { apiVersion: string } }).data.apiVersion).toEqual(expect.any(String));

    const simple = await fetch(`${t.url}/graphql?query=${query}`);
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/CSRF/);

    const form = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ apiVersion }' }) });
    expect(form.status).toBe(400);

    // A non-browser GET without a query is not given the page.
    const json = await fetch(`${t.url}/graphql`, { headers: { accept: 'application/json' } });
    expect(json.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
  });

  it('serves the assets with their content types', async () => {
    const types: Record<string, RegExp> = {
      '/explorer/app.js': /^(text|application)\/javascript/,
      '/explorer/app.css': /^text\/css/,
      '/explorer/vendor/graphiql.min.js': /^(text|application)\/javascript/,
      '/explorer/vendor/graphiql.min.css': /^text\/css/,
      '/explorer/vendor/react.production.min.js': /^(text|application)\/javascript/,
      '/explorer/vendor/react-dom.production.min.js': /^(text|application)\/javascript/,
    };
    for (const [url, type] of Object.entries(types)) {
      const res = await fetch(`${t.url}${url}`);
      expect([url, res.status]).toEqual([url, 200]);
      expect(res.headers.get('content-type')).toMatch(type);
    }
    expect((await fetch(`${t.url}/explorer/nothing.js`)).status).toBe(404);
  });
});
