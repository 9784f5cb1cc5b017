import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ExplorerGapsDocument, ExplorerPairDocument, ExplorerSuggestionsDocument } from '../../src/generated/operations';
import { writeCsv } from '../roster/rosterFiles';
import { buildAndLaunch } from '../support/browser';
import { cypher } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { bearer, testAuth, tokenFor } from '../support/tokens';

/**
 * `npm run screenshots` (SCREENSHOTS=1): every view of the workbench on the seed, at 1366×768 and at a phone's
 * 390 px, into docs/screenshots/<view>-<width>.png, for the README. Without SCREENSHOTS it is skipped.
 */

const shots = path.resolve(__dirname, '../../docs/screenshots');
const P = `shot${process.pid}`;
const WIDTHS = [
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
];

let t: TestServer;
let browser: Browser;

const run = process.env.SCREENSHOTS === '1' ? describe : describe.skip;

run('screenshots of the workbench', () => {
  beforeAll(async () => {
    browser = await buildAndLaunch();
    t = await startTestServer({ auth: testAuth() });
    mkdirSync(shots, { recursive: true });
    // One pairing made by a planner, so that the audit view shows an entry (removed afterwards).
    const planner = bearer(await tokenFor('planner', `${P}-张三`));
    const village = (await t.execute(ExplorerGapsDocument, { region: '150921000000' })).data!.unpairedVillages.at(-1)!.unit.id;
    const partner = (await t.execute(ExplorerSuggestionsDocument, { unitId: village, first: 1 })).data!.suggestPartners[0].unit.id;
    const res = await t.execute(ExplorerPairDocument, { input: { supporting: partner, supported: village } }, planner);
    expect(res.errors).toBeUndefined();
  }, 240_000);

  afterAll(async () => {
    if (t) {
      const changes = await cypher<{ target: string; source: string | null }>(t.driver, 'MATCH (c:Change) WHERE c.actor STARTS WITH $p RETURN c.targetId AS target, c.source AS source', { p: P });
      await cypher(t.driver, 'MATCH (p:Pairing) WHERE p.id IN $ids DETACH DELETE p', { ids: changes.map((c) => c.target) });
      await cypher(t.driver, 'MATCH (s:Source) WHERE s.id IN $ids DETACH DELETE s', { ids: changes.map((c) => c.source).filter(Boolean) });
      await cypher(t.driver, 'MATCH (c:Change) WHERE c.actor STARTS WITH $p DELETE c', { p: P });
      await cypher(t.driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $p DETACH DELETE n', { p: P });
    }
    await browser?.close();
    await t?.close();
  });

  async function tabWith(role: 'planner' | 'admin', viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN' });
    const tab = await context.newPage();
    tab.setDefaultTimeout(60_000);
    await tab.goto(`${t.url}/#dashboard`, { waitUntil: 'domcontentloaded' });
    await tab.locator('[data-testid=token-card] summary').click();
    await tab.getByTestId('token-input').fill(await tokenFor(role, `${P}-${role}`));
    await tab.getByTestId('token-save').click();
    await tab.locator(`[data-testid=token-state][data-role=${role}]`).waitFor();
    return tab;
  }

  for (const viewport of WIDTHS) {
    it(`takes every view at ${viewport.width} px`, async () => {
      const tab = await tabWith('admin', viewport);
      const shoot = (view: string) => tab.screenshot({ path: path.join(shots, `${view}-${viewport.width}.png`) });
      await tab.locator('[data-testid=dashboard-status][data-state=ready]').waitFor();
      await shoot('dashboard');
      await tab.getByTestId('tab-gaps').click();
      await tab.locator('[data-testid=gaps-status][data-state=ready]').waitFor();
      await tab.locator('[data-testid^=suggestions-]').first().waitFor();
      await shoot('gaps');
      await tab.getByTestId('tab-graph').click();
      await tab.locator('[data-testid=graph-status][data-state=ready]').waitFor();
      await tab.locator('[data-testid=graph][data-regions=named]').waitFor();
      await shoot('graph');
      await tab.getByTestId('tab-rosters').click();
      const probe = await fetch(`${t.url}/rosters/import`, { method: 'POST', headers: { 'x-pairing-graph-csrf': '1' } });
      if (probe.status !== 404) {
        // With the upload endpoint: the check of a file with problems.
        const dir = mkdtempSync(path.join(tmpdir(), 'pg-shots-'));
        const file = await writeCsv(
          path.join(dir, '单位名册.csv'),
          [
            ['单位编码', '单位名称', '类型', '所在地区编码'],
            [`${P}-1`, '北京市朝阳区示例企业', '企业', '110105'],
            [`${P}-2`, '北京市朝阳区示例学校', '学堂', '110105'],
            [`${P}-3`, '', '企业', '110105'],
            [`${P}-4`, '北京市朝阳区示例医院', '医院', '1.10105E+11'],
          ],
          'gb18030',
        );
        await tab.getByTestId('roster-files').setInputFiles(file);
        await tab.getByTestId('roster-check').click();
        await tab.getByTestId('roster-result').waitFor();
        rmSync(dir, { recursive: true, force: true });
      }
      await shoot('rosters');
      await tab.getByTestId('tab-audit').click();
      await tab.locator('[data-testid=audit-status][data-state=ready]').waitFor();
      await shoot('audit');
      await tab.context().close();
    });
  }
});
