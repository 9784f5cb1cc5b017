import type { Browser, Page } from 'playwright-core';
import { createRepositories } from '../../src/context/Repositories';
import { ExplorerDormantDocument, ExplorerPairingActivitiesDocument } from '../../src/generated/operations';
import { todayInChina } from '../../src/graphql/DateScalar';
import { ACTIVITY_FORM_LABELS, MEASURE_UNIT_LABELS, type ActivityFormValue, type MeasureUnitValue } from '../../src/domain/vocabulary';
import { cleanUp } from '../activity/activityFixtures';
import { buildAndLaunch, noFaults, watchPage, type PageFaults } from '../support/browser';
import { cypher, testDatabase } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * The activity ledger in the workbench, in Debian's Chromium against the real server over the test Neo4j: a
 * pairing's side panel lists its activities as `activities` gives them (newest first, a page and then "more"),
 * and the gaps view lists the pairings `dormantPairings` gives, in its order, with their silence and last activity.
 */

const ZHUOZI = '150921000000';
const GUAIJIAOPU = '150921212210'; // 拐角铺村委会
const ACTOR = `ledgere2e${process.pid}`;
const today = todayInChina();

/** `YYYY-MM-DD`, `days` before today. */
function daysAgo(days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** Seven recent acts of one pairing (two on one day), more than a page of the panel's timeline. */
const RECENT: { date: string; form: ActivityFormValue; measures: { value: number; unit: MeasureUnitValue }[]; note: string | null }[] = [
  { date: daysAgo(200), form: 'FIELD_VISIT', measures: [{ value: 4, unit: 'PERSONS' }], note: '实地调研村集体经济' },
  { date: daysAgo(150), form: 'TRAINING', measures: [{ value: 2, unit: 'SESSIONS' }, { value: 60, unit: 'PERSON_TIMES' }], note: '电商培训' },
  { date: daysAgo(120), form: 'CONSUMPTION', measures: [{ value: 12.5, unit: 'WAN_YUAN' }], note: null },
  { date: daysAgo(90), form: 'DONATION_MONEY', measures: [{ value: 3, unit: 'WAN_YUAN' }], note: '助学金' },
  { date: daysAgo(90), form: 'DONATION_GOODS', measures: [{ value: 40, unit: 'ITEMS' }], note: '冬衣' },
  { date: daysAgo(45), form: 'REMOTE_MEETING', measures: [], note: '视频对接' },
  { date: daysAgo(10), form: 'PUBLIC_WELFARE', measures: [{ value: 30, unit: 'PERSON_TIMES' }], note: '义诊' },
];

let t: TestServer;
let browser: Browser;
let busy: string;
let old: string;

beforeAll(async () => {
  browser = await buildAndLaunch();
  t = await startTestServer();
  // A pairing of 拐角铺村委会 that began before the oldest act, and another of 卓资县 that has been silent for two years.
  const active = (since: string) => `(p.since IS NULL OR p.since <= date('${since}')) AND (p.until IS NULL OR p.until >= date($today))`;
  [{ id: busy }] = await cypher<{ id: string }>(t.driver, `MATCH (:Unit {id: $v})<-[:SUPPORTED]-(p:Pairing) WHERE ${active(daysAgo(200))} RETURN p.id AS id ORDER BY id LIMIT 1`, { v: GUAIJIAOPU, today });
  [{ id: old }] = await cypher<{ id: string }>(
    t.driver,
    `MATCH (:Region {id: $c})<-[:PART_OF*1..2]-(:Region)<-[:SUPPORTED]-(p:Pairing) WHERE p.id <> $busy AND ${active(daysAgo(800))} RETURN p.id AS id ORDER BY id LIMIT 1`,
    { c: ZHUOZI, today, busy },
  );
  const rows = [...RECENT.map((a) => ({ ...a, pairingId: busy })), { pairingId: old, date: daysAgo(730), form: 'INDUSTRY', measures: [{ value: 1, unit: 'ITEMS' }], note: null }];
  const result = await createRepositories(testDatabase(t.driver)).activities.recordActivities(rows, { caller: { subject: ACTOR, role: 'planner' }, operation: 'import', today });
  expect(result.ok).toBe(true);
}, 240_000);

afterAll(async () => {
  await cleanUp(t.driver, [], [ACTOR]);
  const [{ n }] = await cypher<{ n: number }>(t.driver, 'MATCH (p:Pairing)<-[:ACTIVITY_OF]-(a:Activity) WHERE p.id IN [$busy, $old] RETURN count(a) AS n', { busy, old });
  expect(n).toBe(0);
  await browser?.close();
  await t?.close();
});

async function openTab(hash: string): Promise<{ tab: Page; faults: PageFaults; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  const tab = await context.newPage();
  tab.setDefaultTimeout(45_000);
  const faults = noFaults();
  watchPage(tab, faults);
  await tab.goto(`${t.url}/${hash}`, { waitUntil: 'domcontentloaded' });
  return { tab, faults, close: () => context.close() };
}

function expectClean(faults: PageFaults): void {
  expect(faults).toEqual(noFaults());
}

const ids = (tab: Page, selector: string) => tab.locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));

describe('a pairing in the side panel', () => {
  it('lists its activities as the API gives them: newest first, five, then the rest under "more", in the page language', async () => {
    const api = await t.execute(ExplorerPairingActivitiesDocument, { pairingId: busy, first: 100 });
    expect(api.errors).toBeUndefined();
    const all = api.data!.activities.edges.map((e) => e.node);
    // The API's order is the ledger's, newest first (ties by id), as recorded here.
    expect(all.map((a) => a.date)).toEqual(RECENT.map((a) => a.date).sort().reverse());
    expect(api.data!.activities.totalCount).toBe(RECENT.length);

    const { tab, faults, close } = await openTab('#graph');
    await tab.locator('[data-testid=graph-status][data-state=ready]').waitFor();
    await tab.getByTestId('search-input').fill('拐角铺');
    await tab.getByTestId(`search-result-${GUAIJIAOPU}`).click();
    await tab.locator('[data-testid=unit-panel][data-state=ready]').waitFor();
    const timeline = tab.getByTestId(`activities-${busy}`);
    if (!(await timeline.isVisible())) await tab.getByTestId(`activities-toggle-${busy}`).click();
    await tab.locator(`[data-testid="activities-${busy}"][data-state=ready]`).waitFor();
    const items = `[data-testid="activities-${busy}"] li.activity`;
    expect(await ids(tab, items)).toEqual(all.slice(0, 5).map((a) => a.id));
    await expect(tab.getByTestId(`activities-total-${busy}`).textContent()).resolves.toBe(`共 ${RECENT.length} 条帮扶活动，最新的在前`);
    await expect(tab.getByTestId(`activities-more-${busy}`).textContent()).resolves.toBe(`更多（还有 ${RECENT.length - 5} 条）`);
    await tab.getByTestId(`activities-more-${busy}`).click();
    await tab.locator(`${items} >> nth=${RECENT.length - 1}`).waitFor();
    await tab.locator(`[data-testid="activities-${busy}"][data-state=ready]`).waitFor();
    expect(await ids(tab, items)).toEqual(all.map((a) => a.id));
    await expect(tab.getByTestId(`activities-more-${busy}`).count()).resolves.toBe(0);

    // Each entry: its date, its form and measures in Chinese, its note.
    const unit = (m: { value: number; unit: MeasureUnitValue }, lang: 'zh' | 'en') => `${m.value} ${MEASURE_UNIT_LABELS[m.unit][lang]}`;
    for (const a of all) {
      const entry = tab.getByTestId(`activity-${a.id}`);
      await expect(entry.locator('time').textContent()).resolves.toBe(a.date);
      await expect(entry.locator('.activity-form').textContent()).resolves.toBe(ACTIVITY_FORM_LABELS[a.form].zh);
      await expect(entry.locator('.activity-measures').count()).resolves.toBe(a.measures.length ? 1 : 0);
      if (a.measures.length) await expect(entry.locator('.activity-measures').textContent()).resolves.toBe(` ${a.measures.map((m) => unit(m, 'zh')).join(' · ')}`);
      await expect(entry.locator('.activity-note').count()).resolves.toBe(a.note ? 1 : 0);
      if (a.note) await expect(entry.locator('.activity-note').textContent()).resolves.toBe(a.note);
    }
    // In English, the same entries under English labels.
    await tab.getByTestId('lang-toggle').click();
    const training = all.find((a) => a.form === 'TRAINING')!;
    await expect(tab.getByTestId(`activity-${training.id}`).locator('.activity-form').textContent()).resolves.toBe('training');
    await expect(tab.getByTestId(`activity-${training.id}`).locator('.activity-measures').textContent()).resolves.toBe(` ${training.measures.map((m) => unit(m, 'en')).join(' · ')}`);
    expect(await ids(tab, items)).toEqual(all.map((a) => a.id));
    expectClean(faults);
    await close();
  });
});

describe('缺口 (gaps)', () => {
  it('lists the dormant pairings the API lists, in its order, with how long each has been silent and its last activity', async () => {
    const api = await t.execute(ExplorerDormantDocument, { region: ZHUOZI, first: 200 });
    expect(api.errors).toBeUndefined();
    const dormant = api.data!.dormantPairings;
    expect(dormant.length).toBeGreaterThan(1);
    // The pairing with recent acts is not dormant; the one silent for two years is, with its last act.
    expect(dormant.map((d) => d.pairing.id)).not.toContain(busy);
    const silent = dormant.find((d) => d.pairing.id === old)!;
    expect([silent.lastActivity?.date, silent.silentDays]).toEqual([daysAgo(730), 730]);

    const { tab, faults, close } = await openTab('#gaps');
    await tab.locator(`[data-testid=dormant-status][data-state=ready][data-region="${ZHUOZI}"]`).waitFor();
    await tab.locator('[data-testid=gaps-status][data-state=ready]').waitFor();
    expect(await ids(tab, '[data-testid=dormant-list] > li')).toEqual(dormant.map((d) => d.pairing.id));
    await expect(tab.getByTestId('dormant-status').textContent()).resolves.toBe(`${dormant.length} 个结对沉睡`);
    // Beside the unpaired villages.
    await expect(tab.getByTestId('gaps-list').count()).resolves.toBe(1);
    await expect(tab.getByTestId(`dormant-silent-${old}`).textContent()).resolves.toBe(`已沉寂 730 天（约 ${Math.floor(730 / 30.44)} 个月）`);
    await expect(tab.getByTestId(`dormant-last-${old}`).textContent()).resolves.toBe(`最近活动：${daysAgo(730)} ${ACTIVITY_FORM_LABELS.INDUSTRY.zh}`);
    const never = dormant.find((d) => d.lastActivity === null)!;
    await expect(tab.getByTestId(`dormant-last-${never.pairing.id}`).textContent()).resolves.toBe('从未记录帮扶活动');
    for (const d of dormant.slice(0, 10)) {
      await expect(tab.getByTestId(`dormant-${d.pairing.id}`).getAttribute('data-silent-days')).resolves.toBe(d.silentDays === null ? '' : String(d.silentDays));
      await expect(tab.getByTestId(`dormant-${d.pairing.id}`).locator('strong').textContent()).resolves.toBe(`${d.pairing.supporting.name} — ${d.pairing.supported.name}`);
    }
    await tab.getByTestId('lang-toggle').click();
    await expect(tab.getByTestId(`dormant-last-${old}`).textContent()).resolves.toBe(`last activity: ${daysAgo(730)}, industry matchmaking`);
    expectClean(faults);
    await close();
  });
});
