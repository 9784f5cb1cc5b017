import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ExplorerChangesDocument,
  ExplorerDashboardDocument,
  ExplorerGapsDocument,
  ExplorerGraphDocument,
  ExplorerPairDocument,
  ExplorerSuggestionsDocument,
} from '../../src/generated/operations';
import { buildAndLaunch, noFaults, watchPage, type PageFaults } from '../support/browser';
import { cypher } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { bearer, testAuth, tokenFor } from '../support/tokens';

/**
 * The workbench page in Debian's Chromium against the real server over the test Neo4j (seed data): the
 * dashboard's charts hold the numbers the API gives, a planner pairs a village from the gaps view, a viewer
 * cannot, and the audit view shows who did it. Every request stays on 127.0.0.1.
 */

const ZHUOZI = '150921000000';
const P = `wb${process.pid}`;

let t: TestServer;
let browser: Browser;
let admin: Record<string, string>;

beforeAll(async () => {
  browser = await buildAndLaunch();
  t = await startTestServer({ auth: testAuth() });
  admin = bearer(await tokenFor('admin', `${P}-admin`));
}, 240_000);

afterAll(async () => {
  // The pairings this file made, their audit entries and the entries' sources: other suites keep their counts.
  const changes = await cypher<{ target: string; source: string | null }>(t.driver, 'MATCH (c:Change) WHERE c.actor STARTS WITH $p RETURN c.targetId AS target, c.source AS source', { p: P });
  await cypher(t.driver, 'MATCH (p:Pairing) WHERE p.id IN $ids DETACH DELETE p', { ids: changes.map((c) => c.target) });
  await cypher(t.driver, 'MATCH (s:Source) WHERE s.id IN $ids DETACH DELETE s', { ids: changes.map((c) => c.source).filter(Boolean) });
  await cypher(t.driver, 'MATCH (c:Change) WHERE c.actor STARTS WITH $p DELETE c', { p: P });
  await browser?.close();
  await t?.close();
});

/** A new tab (its own sessionStorage) with the faults it makes recorded; with `token` saved through the token card. */
async function openTab(hash: string, token?: string, viewport = { width: 1366, height: 768 }): Promise<{ context: BrowserContext; tab: Page; faults: PageFaults }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'zh-CN' });
  const tab = await context.newPage();
  tab.setDefaultTimeout(45_000);
  const faults = noFaults();
  watchPage(tab, faults);
  await tab.goto(`${t.url}/${hash}`, { waitUntil: 'domcontentloaded' });
  if (token) {
    await tab.locator('[data-testid=token-card] summary').click();
    await tab.getByTestId('token-input').fill(token);
    await tab.getByTestId('token-save').click();
  }
  return { context, tab, faults };
}

function expectClean(faults: PageFaults): void {
  expect(faults.external).toEqual([]);
  expect(faults.failed).toEqual([]);
  expect(faults.errors).toEqual([]);
}

/** The data rows of every chart of the page, read from its ECharts instance (the dataset it draws). */
function chartRows(tab: Page): Promise<Record<string, (string | number)[][]>> {
  return tab.evaluate(() => {
    const charts = (globalThis as unknown as { pairingGraphCharts: Record<string, { getOption(): { dataset: { source: (string | number)[][] }[] } }> }).pairingGraphCharts;
    return Object.fromEntries(Object.entries(charts).map(([id, c]) => [id, c.getOption().dataset[0].source.slice(1)]));
  });
}

describe('概览 (dashboard)', () => {
  it('draws the coverage and the timeline with the numbers of the API, and downloads each chart as .xlsx and PNG', async () => {
    const { context, tab, faults } = await openTab('');
    await tab.locator('[data-testid=dashboard-status][data-state=ready]').waitFor();
    await expect(tab.locator('[data-testid=tab-dashboard]').getAttribute('aria-selected')).resolves.toBe('true');

    const api = await t.execute(ExplorerDashboardDocument, { region: ZHUOZI });
    expect(api.errors).toBeUndefined();
    const { coverage, timeline, summary } = api.data!;
    expect(coverage.children.length).toBeGreaterThan(0);
    const rows = await chartRows(tab);
    expect(rows.children).toEqual(coverage.children.map((tw) => [tw.name, tw.paired, tw.unpaired]));
    expect(rows.demonstration).toEqual(coverage.children.map((tw) => [tw.name, tw.demonstrationPaired, tw.demonstrationUnpaired]));
    expect(rows.kinds.map((r) => r.slice(1))).toEqual(coverage.kinds.map((k) => [k.paired, k.unpaired]));
    // The timeline per year, summed over the kinds (null: the source gives no year, drawn last).
    const perYear = new Map<number | null, [number, number]>();
    for (const e of timeline) {
      const y = perYear.get(e.year) ?? [0, 0];
      perYear.set(e.year, [y[0] + e.started, y[1] + e.ended]);
    }
    const years = [...perYear.keys()].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
    expect(rows.timeline.map((r) => r.slice(1))).toEqual(years.map((y) => perYear.get(y)));
    expect(rows.timeline.map((r) => r[0])).toEqual(years.map((y) => (y === null ? '未注明年份' : String(y))));

    // Every top-level figure of the report is on a card, with its value.
    const figures = summary.groups.flatMap((g) => g.figures);
    expect(figures.length).toBeGreaterThan(0);
    await expect(tab.locator('[data-testid=figure-cards] li[data-testid^=figure-]').count()).resolves.toBe(figures.length);
    for (const f of figures.slice(0, 5)) await expect(tab.getByTestId(`figure-${f.id}`).getAttribute('data-value')).resolves.toBe(String(f.value));

    // The chart's data as .xlsx, read back with exceljs: the same rows as the API.
    const [xlsx] = await Promise.all([tab.waitForEvent('download'), tab.getByTestId('chart-children-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/^children-150921000000-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsx.path());
    const sheet: unknown[][] = [];
    book.worksheets[0].eachRow((row) => sheet.push((row.values as unknown[]).slice(1)));
    expect(sheet.slice(1)).toEqual(coverage.children.map((tw) => [tw.name, tw.paired, tw.unpaired]));
    // Its picture as PNG.
    const [png] = await Promise.all([tab.waitForEvent('download'), tab.getByTestId('chart-kinds-png').click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    expect(readFileSync(await png.path()).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    // In English the same numbers under English labels; the choice is remembered.
    await tab.getByTestId('lang-toggle').click();
    await expect(tab.locator('[data-testid=tab-dashboard]').textContent()).resolves.toBe('Dashboard');
    expect((await chartRows(tab)).children).toEqual(rows.children);
    await tab.reload({ waitUntil: 'domcontentloaded' });
    await expect(tab.locator('[data-testid=tab-gaps]').textContent()).resolves.toBe('Gaps');
    await tab.getByTestId('lang-toggle').click();
    expectClean(faults);
    await context.close();
  });

  it('moves between tabs with the arrow keys, and opens the view of the tab', async () => {
    const { context, tab, faults } = await openTab('#dashboard');
    await tab.getByTestId('tab-dashboard').focus();
    await tab.keyboard.press('ArrowRight');
    await expect(tab.evaluate<string>('location.hash')).resolves.toBe('#gaps');
    await expect(tab.evaluate<string | null>(`document.activeElement?.getAttribute('data-testid') ?? null`)).resolves.toBe('tab-gaps');
    // The router marks the tab on the hashchange event, which comes after the key's handler.
    await tab.locator('[data-testid=tab-gaps][aria-selected=true]').waitFor();
    await tab.locator('[data-testid=gaps-status][data-state=ready]').waitFor();
    await tab.keyboard.press('ArrowRight');
    await tab.locator('[data-testid=graph-status][data-state=ready]').waitFor();
    await tab.keyboard.press('End');
    await expect(tab.evaluate<string>('location.hash')).resolves.toBe('#rosters');
    // No admin token: the audit tab is not offered, and its address falls back to the dashboard.
    await expect(tab.getByTestId('tab-audit').isVisible()).resolves.toBe(false);
    await tab.goto(`${t.url}/#audit`, { waitUntil: 'domcontentloaded' });
    await tab.locator('#view-dashboard').waitFor({ state: 'visible' });
    await expect(tab.locator('[data-testid=tab-dashboard]').getAttribute('aria-selected')).resolves.toBe('true');
    expectClean(faults);
    await context.close();
  });
});

describe('缺口 (gaps)', () => {
  it('lists the villages the API lists, each with the partners it suggests', async () => {
    const { context, tab, faults } = await openTab('#gaps');
    await tab.locator('[data-testid=gaps-status][data-state=ready]').waitFor();
    const api = await t.execute(ExplorerGapsDocument, { region: ZHUOZI, demonstrationOnly: true });
    const ids = api.data!.unpairedVillages.map((v) => v.unit.id);
    expect(ids.length).toBeGreaterThan(0);
    await expect(tab.locator('[data-testid=gaps-list] > li').evaluateAll((items) => items.map((i) => i.getAttribute('data-id')))).resolves.toEqual(ids);
    const first = ids[0];
    const suggested = await t.execute(ExplorerSuggestionsDocument, { unitId: first, first: 5 });
    await tab.getByTestId(`suggestions-${first}`).waitFor();
    await expect(tab.locator(`[data-testid=suggestions-${first}] > li`).evaluateAll((items) => items.map((i) => i.getAttribute('data-id')))).resolves.toEqual(
      suggested.data!.suggestPartners.map((s) => s.unit.id),
    );

    // Filtered by the partner lacking: villages without an enterprise partner, as the API has them.
    await tab.getByTestId('gaps-lacking').selectOption('ENTERPRISE');
    await tab.locator('[data-testid=gaps-status][data-state=ready]').waitFor();
    const lacking = await t.execute(ExplorerGapsDocument, { region: ZHUOZI, demonstrationOnly: true, supportingKinds: ['ENTERPRISE'] });
    await expect(tab.locator('[data-testid=gaps-list] > li').evaluateAll((items) => items.map((i) => i.getAttribute('data-id')))).resolves.toEqual(
      lacking.data!.unpairedVillages.map((v) => v.unit.id),
    );
    expect(await tab.evaluate<string>('location.hash')).toBe('#gaps?lacking=ENTERPRISE');
    // Without a token: no 结对 button.
    await expect(tab.locator('[data-testid^=pair-]').count()).resolves.toBe(0);
    expectClean(faults);
    await context.close();
  });

  it('a planner pairs a village after confirming; the village leaves the list and the audit trail names the token’s sub', async () => {
    const sub = `${P}-planner`;
    const { context, tab, faults } = await openTab('#gaps', await tokenFor('planner', sub));
    await tab.locator('[data-testid=token-state][data-role=planner]').waitFor();
    await tab.locator('[data-testid=gaps-status][data-state=ready]').waitFor();
    const before = await t.execute(ExplorerGapsDocument, { region: ZHUOZI, demonstrationOnly: true });
    const village = before.data!.unpairedVillages[0].unit.id;
    const best = (await t.execute(ExplorerSuggestionsDocument, { unitId: village, first: 1 })).data!.suggestPartners[0];
    const pairBetween = () =>
      cypher<{ id: string }>(t.driver, 'MATCH (:Unit {id: $s})<-[:SUPPORTER]-(p:Pairing)-[:SUPPORTED]->(:Unit {id: $v}) RETURN p.id AS id', { s: best.unit.id, v: village });
    const button = tab.getByTestId(`pair-${village}-${best.unit.id}`);

    // Esc closes the confirmation, and nothing is written.
    await button.click();
    await tab.locator('[data-testid=dialog][open]').waitFor();
    await expect(tab.getByTestId('dialog-body').textContent()).resolves.toContain(best.unit.name);
    await tab.keyboard.press('Escape');
    await tab.locator('[data-testid=dialog]:not([open])').waitFor({ state: 'attached' });
    await expect(tab.evaluate<string | null>(`document.activeElement?.getAttribute('data-testid') ?? null`)).resolves.toBe(`pair-${village}-${best.unit.id}`);
    await expect(pairBetween()).resolves.toEqual([]);

    // Confirmed: the pairing exists, the village has no gap any more and leaves the list at once.
    await button.click();
    await tab.getByTestId('dialog-ok').click();
    await tab.getByTestId('gaps-notice').waitFor();
    await tab.locator('[data-testid=gaps-status][data-state=ready]').waitFor();
    await expect(tab.getByTestId(`gap-village-${village}`).count()).resolves.toBe(0);
    const made = await pairBetween();
    expect(made).toHaveLength(1);
    await expect(tab.getByTestId('gaps-notice').textContent()).resolves.toContain(made[0].id);
    const after = await t.execute(ExplorerGapsDocument, { region: ZHUOZI, demonstrationOnly: true });
    expect(after.data!.unpairedVillages.map((v) => v.unit.id)).toEqual(before.data!.unpairedVillages.map((v) => v.unit.id).filter((id) => id !== village));

    const changes = await t.execute(ExplorerChangesDocument, { where: { targetId: made[0].id }, first: 10 }, admin);
    expect(changes.data!.changes.edges.map((e) => [e.node.actor, e.node.role, e.node.operation, e.node.action])).toEqual([[sub, 'planner', 'pairUnits', 'CREATE']]);

    // An admin sees it in the audit view, filtered by the record.
    await tab.locator('[data-testid=token-card] summary').click();
    await tab.getByTestId('token-input').fill(await tokenFor('admin', `${P}-admin-page`));
    await tab.getByTestId('token-save').click();
    await tab.getByTestId('tab-audit').click();
    await tab.getByTestId('audit-target').fill(made[0].id);
    await tab.getByTestId('audit-filter').click();
    await tab.locator(`[data-testid=audit-table] tr[data-target="${made[0].id}"]`).first().waitFor();
    await expect(tab.locator('[data-testid=audit-table] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-actor')))).resolves.toEqual([sub]);
    expectClean(faults);
    await context.close();
  });

  it('a viewer sees no 结对 button, and the API refuses pairUnits with the viewer’s token', async () => {
    const viewer = await tokenFor('viewer', `${P}-viewer`);
    const { context, tab, faults } = await openTab('#gaps', viewer);
    await tab.locator('[data-testid=token-state][data-role=viewer]').waitFor();
    await tab.locator('[data-testid=gaps-status][data-state=ready]').waitFor();
    const village = (await tab.locator('[data-testid=gaps-list] > li').first().getAttribute('data-id'))!;
    await tab.locator(`[data-testid=suggestions-${village}] > li`).first().waitFor();
    await expect(tab.locator('[data-testid^=pair-]').count()).resolves.toBe(0);
    await expect(tab.getByTestId('gaps-role-hint').textContent()).resolves.toMatch(/^只读/);

    const partner = (await tab.locator(`[data-testid=suggestions-${village}] > li`).first().getAttribute('data-id'))!;
    const refused = await t.execute(ExplorerPairDocument, { input: { supporting: partner, supported: village } }, bearer(viewer));
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    await expect(
      cypher(t.driver, 'MATCH (:Unit {id: $s})<-[:SUPPORTER]-(p:Pairing)-[:SUPPORTED]->(:Unit {id: $v}) RETURN p.id', { s: partner, v: village }),
    ).resolves.toEqual([]);
    expectClean(faults);
    await context.close();
  });
});

describe('审计 (audit)', () => {
  it('keeps a filter typed while the first page of the trail is still loading, and applies it', async () => {
    // Hold the trail's first answer until the filter has been typed: its arrival must not redraw the form.
    const { context, tab, faults } = await openTab('', await tokenFor('admin', `${P}-admin-audit`));
    await tab.locator('[data-testid=token-state][data-role=admin]').waitFor();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let heldOnce = false;
    await tab.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (!heldOnce && body.includes('ExplorerChanges')) {
        heldOnce = true;
        await held;
      }
      await route.continue();
    });
    // Two audited pairings, so that a filter by one of them has something to leave out.
    const planner = bearer(await tokenFor('planner', `${P}-planner-audit`));
    const gaps = (await t.execute(ExplorerGapsDocument, { region: ZHUOZI, demonstrationOnly: false })).data!.unpairedVillages.slice(-2);
    const made: string[] = [];
    for (const gap of gaps) {
      const best = (await t.execute(ExplorerSuggestionsDocument, { unitId: gap.unit.id, first: 1 })).data!.suggestPartners[0];
      const res = await t.execute(ExplorerPairDocument, { input: { supporting: best.unit.id, supported: gap.unit.id } }, planner);
      made.push(res.data!.pairUnits.pairing.id);
    }
    expect(made).toHaveLength(2);
    const target = made[0];
    await tab.getByTestId('tab-audit').click();
    await tab.locator('[data-testid=audit-status][data-state=loading]').waitFor();
    await tab.getByTestId('audit-target').fill(target);
    release();
    await tab.locator('[data-testid=audit-status][data-state=ready]').waitFor();
    await expect(tab.getByTestId('audit-target').inputValue()).resolves.toBe(target);

    await tab.getByTestId('audit-filter').click();
    await tab.waitForFunction(
      `location.hash.includes('targetId=' + encodeURIComponent(${JSON.stringify(target)})) && document.querySelector('[data-testid=audit-status]')?.getAttribute('data-state') === 'ready'`,
    );
    const shown = await tab.locator('[data-testid=audit-table] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-target')));
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown)).toEqual(new Set([target]));
    expectClean(faults);
    await context.close();
  });
});

describe('图谱 (graph)', () => {
  it('draws supporting units left of supported ones, boxed by region, and counts the units without pairing instead of drawing them', async () => {
    const { context, tab, faults } = await openTab('#graph');
    await tab.locator('[data-testid=graph][data-regions=named]').waitFor();
    // What the view draws without a township: 卓资县's cooperation, its units and their partners.
    const graph = (await t.execute(ExplorerGraphDocument, { region: '150921000000', limit: 2000 })).data!.graph;
    const paired = new Set(graph.edges.filter((e) => e.type === 'PAIRING').flatMap((e) => [e.source, e.target]));
    const gap = (n: (typeof graph.nodes)[number]) => n.demonstration === true && !n.paired;
    const drawnIds = graph.nodes.filter((n) => paired.has(n.id) || gap(n)).map((n) => n.id);
    const drawn = await tab.evaluate(() => {
      const cy = (globalThis as unknown as { pairingGraphCy: { nodes(): { map<T>(f: (n: { id(): string; hasClass(c: string): boolean; position(): { x: number }; data(k: string): unknown }) => T): T[] } } }).pairingGraphCy;
      return cy.nodes().map((n) => ({ id: n.id(), x: n.position().x, supporting: n.hasClass('side-SUPPORTING'), supported: n.hasClass('side-SUPPORTED'), group: n.hasClass('group'), count: n.hasClass('collapsed') ? Number(n.data('count')) : 0, parent: n.data('parent') as string | undefined }));
    });
    const units = drawn.filter((n) => !n.group && !n.count);
    expect(units.map((n) => n.id).sort()).toEqual([...drawnIds].sort());
    expect(drawn.reduce((sum, n) => sum + n.count, 0)).toBe(graph.nodes.length - drawnIds.length);
    expect(units.every((n) => n.parent?.startsWith('group:'))).toBe(true);
    const right = Math.min(...units.filter((n) => n.supported).map((n) => n.x));
    const left = Math.max(...units.filter((n) => n.supporting).map((n) => n.x));
    expect(left).toBeLessThan(right);
    // The network layout draws every unit again.
    await tab.getByTestId('layout-select').selectOption('classic');
    await expect(tab.evaluate<number>('pairingGraphCy.nodes().length')).resolves.toBe(graph.nodes.length);
    expect(await tab.evaluate<string>('location.hash')).toBe('#graph?layout=classic');
    expectClean(faults);
    await context.close();
  });
});
