import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ExplorerChangesDocument } from '../../src/generated/operations';
import { writeCsv, type Cell } from '../roster/rosterFiles';
import { fingerprint } from '../security/fingerprint';
import { buildAndLaunch, noFaults, watchPage, type PageFaults } from '../support/browser';
import { cypher } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { bearer, testAuth, tokenFor } from '../support/tokens';

/**
 * 名册 (rosters) in Debian's Chromium against the real server and the test Neo4j: a GB18030 CSV with three bad
 * rows shows those rows in the problem table and writes nothing; the fixed file commits under the token's sub;
 * an upload over the limit gets a readable message. The endpoint (POST /rosters/import) is built on another
 * branch: where it answers 404 the tests say so and stop; anywhere else they run in full.
 */

const P = `wbr${process.pid}`;
const HEADER: Cell[] = ['单位编码', '单位名称', '类型', '所在地区编码'];

let t: TestServer;
let browser: Browser;
let dir: string;
let uploads = false;

beforeAll(async () => {
  browser = await buildAndLaunch();
  t = await startTestServer({ auth: testAuth() });
  dir = mkdtempSync(path.join(tmpdir(), 'pg-rosters-e2e-'));
  const probe = await fetch(`${t.url}/rosters/import?dryRun=true`, { method: 'POST', headers: { 'x-pairing-graph-csrf': '1' } });
  uploads = probe.status !== 404;
}, 240_000);

afterAll(async () => {
  if (t) {
    const sources = await cypher<{ s: string }>(t.driver, 'MATCH (c:Change) WHERE c.actor STARTS WITH $p AND c.source IS NOT NULL RETURN DISTINCT c.source AS s', { p: P });
    await cypher(t.driver, 'MATCH (s:Source) WHERE s.id IN $ids DETACH DELETE s', { ids: sources.map((r) => r.s) });
    await cypher(t.driver, 'MATCH (c:Change) WHERE c.actor STARTS WITH $p DELETE c', { p: P });
    await cypher(t.driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $p DETACH DELETE n', { p: P });
  }
  rmSync(dir, { recursive: true, force: true });
  await browser?.close();
  await t?.close();
});

/** True (after saying why) when this server has no upload endpoint: the test then has nothing to drive. */
function endpointMissing(): boolean {
  if (uploads) return false;
  console.warn('SKIPPED: POST /rosters/import answers 404 on this branch (the upload endpoint is built on h-upload); this test runs once both are merged.');
  return true;
}

async function openRosters(sub: string): Promise<{ context: BrowserContext; tab: Page; faults: PageFaults }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const tab = await context.newPage();
  tab.setDefaultTimeout(60_000);
  const faults = noFaults();
  watchPage(tab, faults, (url) => new URL(url).pathname);
  await tab.goto(`${t.url}/#rosters`, { waitUntil: 'domcontentloaded' });
  await tab.locator('[data-testid=token-card] summary').click();
  await tab.getByTestId('token-input').fill(await tokenFor('planner', sub));
  await tab.getByTestId('token-save').click();
  await tab.locator('[data-testid=token-state][data-role=planner]').waitFor();
  return { context, tab, faults };
}

const units = (rows: Cell[][]) => [HEADER, ...rows];

describe('名册 (rosters)', () => {
  it('shows the 3 bad rows of a GB18030 CSV in the problem table and writes nothing; the fixed file commits and changes names the token’s sub', async () => {
    if (endpointMissing()) return;
    const sub = `${P}-planner`;
    const bad = await writeCsv(
      path.join(dir, '单位名册.csv'),
      units([
        [`${P}-u1`, '北京市朝阳区工作台测试企业一', '企业', '110105'],
        [`${P}-u2`, '北京市朝阳区工作台测试企业二', '不存在的类型', '110105'],
        [`${P}-u3`, '', '企业', '110105'],
        [`${P}-u4`, '北京市朝阳区工作台测试企业四', '企业', '999999'],
      ]),
      'gb18030',
    );
    const before = await fingerprint(t.driver);
    const { context, tab, faults } = await openRosters(sub);
    await tab.getByTestId('roster-files').setInputFiles(bad);
    await tab.getByTestId('roster-check').click();
    await tab.locator('[data-testid=roster-result][data-state=problems]').waitFor();
    const rows = tab.locator('[data-testid=roster-problems] tbody tr');
    await expect(rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-cell')))).resolves.toEqual(['C3', 'B4', 'D5']);
    for (const reason of await tab.locator('[data-testid=roster-problems] td[data-column=reason]').allTextContents()) expect(reason).toMatch(/[\u4e00-\u9fff]/);
    await expect(tab.getByTestId('roster-commit').isDisabled()).resolves.toBe(true);
    await expect(fingerprint(t.driver)).resolves.toEqual(before);

    // Sortable: by row, then by row the other way.
    await tab.locator('[data-testid=roster-problems] button[data-sort=row]').click();
    await tab.locator('[data-testid=roster-problems] button[data-sort=row]').click();
    await expect(rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row')))).resolves.toEqual(['5', '4', '3']);

    // Fixed, checked again, committed.
    const fixed = await writeCsv(
      path.join(dir, '单位名册（改正）.csv'),
      units([
        [`${P}-u1`, '北京市朝阳区工作台测试企业一', '企业', '110105'],
        [`${P}-u2`, '北京市朝阳区工作台测试企业二', '企业', '110105'],
        [`${P}-u3`, '北京市朝阳区工作台测试企业三', '企业', '110105'],
        [`${P}-u4`, '北京市朝阳区工作台测试企业四', '企业', '110105'],
      ]),
      'gb18030',
    );
    await tab.getByTestId('roster-files').setInputFiles(fixed);
    await tab.getByTestId('roster-check').click();
    await tab.locator('[data-testid=roster-result][data-state=checked]').waitFor();
    await expect(fingerprint(t.driver)).resolves.toEqual(before);
    await tab.getByTestId('roster-commit').click();
    await tab.locator('[data-testid=roster-result][data-state=committed]').waitFor();
    const made = await cypher<{ id: string }>(t.driver, 'MATCH (u:Unit) WHERE u.id STARTS WITH $p RETURN u.id AS id ORDER BY id', { p: P });
    expect(made.map((r) => r.id)).toEqual([1, 2, 3, 4].map((i) => `${P}-u${i}`));
    const changes = await t.execute(ExplorerChangesDocument, { where: { actor: sub }, first: 50 }, bearer(await tokenFor('admin', `${P}-admin`)));
    expect(new Set(changes.data!.changes.edges.map((e) => e.node.targetId))).toEqual(new Set(made.map((r) => r.id)));
    expect(new Set(changes.data!.changes.edges.map((e) => e.node.role))).toEqual(new Set(['planner']));
    expect(faults).toEqual(noFaults());
    await context.close();
  });

  it('says in words that an upload of 20 MB is over the limit, and writes nothing', async () => {
    if (endpointMissing()) return;
    const line = `${P}-big,北京市朝阳区很大的文件里的企业,企业,110105\r\n`;
    const buffer = Buffer.from(HEADER.join(',') + '\r\n' + line.repeat(Math.ceil((20 * 1024 * 1024) / Buffer.byteLength(line))));
    const before = await fingerprint(t.driver);
    const { context, tab, faults } = await openRosters(`${P}-big`);
    await tab.getByTestId('roster-files').setInputFiles({ name: '大名册.csv', mimeType: 'text/csv', buffer });
    await tab.getByTestId('roster-check').click();
    await tab.getByTestId('roster-refusal').waitFor();
    await expect(tab.getByTestId('roster-refusal').textContent()).resolves.toMatch(/^文件太大：\S+/);
    await expect(fingerprint(t.driver)).resolves.toEqual(before);
    // The only faults: the 413 itself (and Chromium's console line about it).
    expect(faults.external).toEqual([]);
    expect(faults.failed).toEqual(['POST /rosters/import: HTTP 413']);
    for (const e of faults.errors) expect(e).toMatch(/status of 413/);
    await context.close();
  });

  it('downloads the templates and the current rosters', async () => {
    if (endpointMissing()) return;
    const { context, tab, faults } = await openRosters(`${P}-dl`);
    for (const [button, name] of [
      ['template-units-xlsx', /units-template\.xlsx$/],
      ['export-pairings-csv', /pairings-\d{8}\.csv$/],
    ] as const) {
      const [download] = await Promise.all([tab.waitForEvent('download'), tab.getByTestId(button).click()]);
      expect(download.suggestedFilename()).toMatch(name);
    }
    expect(faults).toEqual(noFaults());
    await context.close();
  });
});
