import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ExplorerGapsDocument } from '../../src/generated/operations';
import { todayInChina } from '../../src/graphql/DateScalar';
import { buildAndLaunch, noFaults, watchPage, type PageFaults } from '../support/browser';
import { cypher } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * The region picker of 概览 and 缺口 in Debian's Chromium against the real server over the test Neo4j (the seed's
 * counties): a cascade province → prefecture → county → township filled from `regions(parent:)`, a search box,
 * the region kept in the address. The numbers on the page are checked against plain Cypher.
 */

const ZHUOZI = '150921000000';
const FUXING = '150921212000';
const TANGXIAN = '130627000000';

let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  browser = await buildAndLaunch();
  t = await startTestServer();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function openTab(hash: string): Promise<{ context: BrowserContext; tab: Page; faults: PageFaults }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const tab = await context.newPage();
  tab.setDefaultTimeout(45_000);
  const faults = noFaults();
  watchPage(tab, faults);
  await tab.goto(`${t.url}/${hash}`, { waitUntil: 'domcontentloaded' });
  return { context, tab, faults };
}

function expectClean(faults: PageFaults): void {
  expect(faults).toEqual({ external: [], failed: [], errors: [] });
}

/** Chooses `code` in the picker's select of `level` and waits until the cascade has settled on it. */
async function pick(tab: Page, prefix: string, level: string, code: string): Promise<void> {
  await tab.locator(`[data-testid=${prefix}-region-${level}] option[value="${code}"]`).waitFor({ state: 'attached' });
  await tab.getByTestId(`${prefix}-region-${level}`).selectOption(code);
  await tab.locator(`[data-testid=${prefix}-region][data-state=ready][data-region="${code}"]`).waitFor();
}

/** The cells of the coverage table: per row its code and numbers, and the total row. */
async function tableOf(tab: Page): Promise<{ rows: (string | number)[][]; total: number[] }> {
  const rows = await tab.locator('[data-testid=coverage-table] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.getAttribute('data-code') ?? '', ...[...tr.querySelectorAll('td')].slice(1, 7).map((td) => Number(td.textContent))]),
  );
  const total = await tab.locator('[data-testid=coverage-total] td').evaluateAll((tds) => tds.slice(0, 6).map((td) => Number(td.textContent)));
  return { rows, total };
}

/** Plain Cypher: per child of `region`, its villages (村委会) at any depth and how many have an active pairing today. */
async function childCounts(region: string): Promise<(string | number)[][]> {
  const rows = await cypher<{ code: string; villages: number; paired: number; demonstration: number; demoPaired: number }>(
    t.driver,
    `MATCH (x:Region)-[:PART_OF]->(:Region {id: $region})
     OPTIONAL MATCH (v:Region {kind: 'VILLAGE'})-[:PART_OF*0..3]->(x)
     WITH x, v, EXISTS {
       MATCH (v)<-[:SUPPORTED]-(p:Pairing) WHERE (p.since IS NULL OR p.since <= date($on)) AND (p.until IS NULL OR p.until >= date($on))
     } AS paired
     WITH x, count(v) AS villages, count(CASE WHEN paired THEN v END) AS paired,
       count(CASE WHEN v.demonstration THEN v END) AS demonstration, count(CASE WHEN v.demonstration AND paired THEN v END) AS demoPaired
     RETURN x.id AS code, villages, paired, demonstration, demoPaired ORDER BY code`,
    { region, on: todayInChina() },
  );
  return rows.map((r) => [r.code, r.villages, r.paired, r.villages - r.paired, r.demonstration, r.demoPaired, r.demonstration - r.demoPaired]);
}

const sumColumns = (rows: (string | number)[][]) => [1, 2, 3, 4, 5, 6].map((i) => rows.reduce((s, r) => s + Number(r[i]), 0));

describe('the region picker', () => {
  it('picks 内蒙古自治区 → 乌兰察布市 → 卓资县 → 复兴乡 by cascade; the table counts that township’s villages, and a reload keeps it', async () => {
    const { context, tab, faults } = await openTab('#dashboard?region=11');
    await tab.locator('[data-testid=dashboard-status][data-state=ready][data-region="110000000000"]').waitFor();
    await tab.locator('[data-testid=dashboard-region][data-state=ready]').waitFor();
    // The provinces, as regions() lists them.
    const provinces = await cypher<{ id: string }>(t.driver, "MATCH (r:Region {level: 'PROVINCE'}) RETURN r.id AS id ORDER BY id");
    await expect(tab.locator('[data-testid=dashboard-region-province] option').evaluateAll((os) => os.map((o) => o.getAttribute('value')))).resolves.toEqual(provinces.map((p) => p.id));

    await pick(tab, 'dashboard', 'province', '150000000000');
    await pick(tab, 'dashboard', 'city', '150900000000');
    await pick(tab, 'dashboard', 'county', ZHUOZI);
    await tab.locator(`[data-testid=dashboard-status][data-state=ready][data-region="${ZHUOZI}"]`).waitFor();
    const townships = await cypher<{ id: string }>(t.driver, 'MATCH (r:Region)-[:PART_OF]->(:Region {id: $c}) RETURN r.id AS id ORDER BY id', { c: ZHUOZI });
    await expect(tab.locator('[data-testid=dashboard-region-township] option').evaluateAll((os) => os.map((o) => o.getAttribute('value')))).resolves.toEqual(['', ...townships.map((r) => r.id)]);
    // 卓资县 as before: a row per township, labelled 乡镇.
    const county = await tableOf(tab);
    expect(county.rows).toEqual(await childCounts(ZHUOZI));
    await expect(tab.locator('[data-testid=coverage-table] thead th').first().textContent()).resolves.toBe('乡镇');

    await pick(tab, 'dashboard', 'township', FUXING);
    await tab.locator(`[data-testid=dashboard-status][data-state=ready][data-region="${FUXING}"]`).waitFor();
    const expected = await childCounts(FUXING);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.every((r) => !String(r[0]).endsWith('000'))).toBe(true);
    const fuxing = await tableOf(tab);
    expect(fuxing.rows).toEqual(expected);
    expect(fuxing.total).toEqual(sumColumns(expected));
    expect(fuxing.total[1]).toBeGreaterThan(0);
    await expect(tab.locator('[data-testid=coverage-table] thead th').first().textContent()).resolves.toBe('村');
    expect(await tab.evaluate<string>('location.hash')).toBe(`#dashboard?region=${FUXING}`);

    // A reload (or the link shared) shows the same township, the cascade set to it.
    await tab.reload({ waitUntil: 'domcontentloaded' });
    await tab.locator(`[data-testid=dashboard-status][data-state=ready][data-region="${FUXING}"]`).waitFor();
    await tab.locator(`[data-testid=dashboard-region][data-state=ready][data-region="${FUXING}"]`).waitFor();
    await expect(tab.getByTestId('dashboard-region-township').inputValue()).resolves.toBe(FUXING);
    await expect(tab.getByTestId('dashboard-region-county').inputValue()).resolves.toBe(ZHUOZI);
    expect((await tableOf(tab)).rows).toEqual(expected);

    // 全部 at township level asks about the county again.
    await tab.getByTestId('dashboard-region-township').selectOption('');
    await tab.locator(`[data-testid=dashboard-status][data-state=ready][data-region="${ZHUOZI}"]`).waitFor();
    expect((await tableOf(tab)).rows).toEqual(county.rows);
    expectClean(faults);
    await context.close();
  });

  it('picks 河北省 → 保定市 → 唐县 and shows no paired village: the graph knows a reported county-level cooperation and no unit pairing', async () => {
    // What the graph holds for 唐县: a REPORTED cooperation naming it as the supported side, and no pairing into anything within it.
    const [known] = await cypher<{ cooperations: number; pairings: number; villages: number }>(
      t.driver,
      `MATCH (c:Region {id: $c})
       RETURN COUNT { MATCH (c)<-[:SUPPORTED_SIDE]-(k:Cooperation {provenance: 'REPORTED'}) } AS cooperations,
         COUNT { MATCH (c)<-[:PART_OF|LOCATED_IN*0..]-(:Unit)<-[:SUPPORTED]-(p:Pairing) } AS pairings,
         COUNT { MATCH (v:Region {kind: 'VILLAGE'})-[:PART_OF*2]->(c) } AS villages`,
      { c: TANGXIAN },
    );
    expect(known).toEqual({ cooperations: 1, pairings: 0, villages: expect.any(Number) });
    expect(known.villages).toBeGreaterThan(0);

    const { context, tab, faults } = await openTab('#dashboard');
    await tab.locator(`[data-testid=dashboard-region][data-state=ready][data-region="${ZHUOZI}"]`).waitFor();
    await pick(tab, 'dashboard', 'province', '130000000000');
    const cities = await cypher<{ id: string }>(t.driver, "MATCH (r:Region)-[:PART_OF]->(:Region {id: '130000000000'}) RETURN r.id AS id ORDER BY id");
    await expect(tab.locator('[data-testid=dashboard-region-city] option').evaluateAll((os) => os.map((o) => o.getAttribute('value')))).resolves.toEqual(['', ...cities.map((r) => r.id)]);
    await pick(tab, 'dashboard', 'city', '130600000000');
    await pick(tab, 'dashboard', 'county', TANGXIAN);
    await tab.locator(`[data-testid=dashboard-status][data-state=ready][data-region="${TANGXIAN}"]`).waitFor();
    const expected = await childCounts(TANGXIAN);
    const shown = await tableOf(tab);
    expect(shown.rows).toEqual(expected);
    expect(shown.total).toEqual(sumColumns(expected));
    expect(shown.total[0]).toBe(known.villages);
    expect(shown.total[1]).toBe(0);
    expect(shown.rows.every((r) => r[2] === 0)).toBe(true);
    expectClean(faults);
    await context.close();
  });

  it('finds 卓资 by the search box in 缺口 and sets the cascade to it; above county level each village names its county', async () => {
    const { context, tab, faults } = await openTab(`#gaps?region=${TANGXIAN}`);
    await tab.locator(`[data-testid=gaps-status][data-state=ready][data-region="${TANGXIAN}"]`).waitFor();
    await tab.getByTestId('gaps-region-search').fill('卓资');
    await tab.getByTestId(`gaps-region-hit-${ZHUOZI}`).click();
    await tab.locator(`[data-testid=gaps-region][data-state=ready][data-region="${ZHUOZI}"]`).waitFor();
    await expect(tab.getByTestId('gaps-region-province').inputValue()).resolves.toBe('150000000000');
    await expect(tab.getByTestId('gaps-region-city').inputValue()).resolves.toBe('150900000000');
    await expect(tab.getByTestId('gaps-region-county').inputValue()).resolves.toBe(ZHUOZI);
    await tab.locator(`[data-testid=gaps-status][data-state=ready][data-region="${ZHUOZI}"]`).waitFor();
    const api = await t.execute(ExplorerGapsDocument, { region: ZHUOZI, demonstrationOnly: true });
    const ids = api.data!.unpairedVillages.map((v) => v.unit.id);
    expect(ids.length).toBeGreaterThan(0);
    await expect(tab.locator('[data-testid=gaps-list] > li').evaluateAll((items) => items.map((i) => i.getAttribute('data-id')))).resolves.toEqual(ids);
    // At county level no county column.
    await expect(tab.locator('[data-testid^=gap-county-]').count()).resolves.toBe(0);
    expect(await tab.evaluate<string>('location.hash')).toBe('#gaps');

    // The province: the same villages (the seed pairs only in 卓资县), each naming 卓资县.
    await tab.getByTestId('gaps-region-city').selectOption('');
    await tab.locator('[data-testid=gaps-status][data-state=ready][data-region="150000000000"]').waitFor();
    const province = (await t.execute(ExplorerGapsDocument, { region: '15', demonstrationOnly: true })).data!.unpairedVillages;
    await expect(tab.locator('[data-testid=gaps-list] > li').evaluateAll((items) => items.map((i) => i.getAttribute('data-id')))).resolves.toEqual(province.map((v) => v.unit.id));
    await tab.locator('[data-testid^=gap-county-]').first().waitFor();
    await expect(tab.locator('[data-testid^=gap-county-]').allTextContents()).resolves.toEqual(province.map((v) => v.countyName));
    expect(await tab.evaluate<string>('location.hash')).toBe('#gaps?region=150000000000');

    // The dashboard follows the region last chosen.
    await tab.getByTestId('tab-dashboard').click();
    await tab.locator('[data-testid=dashboard-status][data-state=ready][data-region="150000000000"]').waitFor();
    expectClean(faults);
    await context.close();
  });

  it('counts a province by county when asked (by: COUNTY), the column named after the level', async () => {
    const { context, tab, faults } = await openTab('#dashboard?region=15&by=COUNTY');
    await tab.locator('[data-testid=dashboard-status][data-state=ready][data-region="150000000000"]').waitFor();
    const counties = await cypher<{ id: string }>(t.driver, "MATCH (r:Region {level: 'COUNTY'})-[:PART_OF*2]->(:Region {id: '150000000000'}) RETURN r.id AS id ORDER BY id");
    await expect(tab.locator('[data-testid=coverage-table] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')))).resolves.toEqual(counties.map((c) => c.id));
    await expect(tab.locator('[data-testid=coverage-table] thead th').first().textContent()).resolves.toBe('县级区划');
    await expect(tab.getByTestId('dashboard-by').inputValue()).resolves.toBe('COUNTY');
    expectClean(faults);
    await context.close();
  });
});
