import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SummaryDocument, type SummaryQuery } from '../../src/generated/operations';
import type { ReportFile } from '../../src/seed/readSeedFiles';
import { startTestServer, type TestServer } from '../support/testServer';

const SEED = path.join(__dirname, '..', '..', 'seed');

type ReportFigure = ReportFile['figures'][number];
const report = JSON.parse(readFileSync(path.join(SEED, 'report.json'), 'utf8')) as ReportFile;
const reportText = readFileSync(path.join(SEED, 'sources', 'report-2023-08-22.txt'), 'utf8');

type ApiFigure = SummaryQuery['summary']['groups'][number]['figures'][number];
type AnyFigure = Omit<ApiFigure, 'breakdown'> & { breakdown?: AnyFigure[] };

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** The ways the report may write `value`: digits, or a Chinese numeral for small round numbers. */
function writtenForms(value: number, qualifier: string): string[] {
  const forms = [String(value)];
  if (Number.isInteger(value) && value >= 0 && value <= 10) forms.push(CHINESE_DIGITS[value]);
  if (value === 2) forms.push('两');
  if (value === 1000) forms.push('千');
  if (value === 10000) forms.push('万');
  if (qualifier === 'LT' && value === 10) forms.push('个位');
  return forms;
}

/** True when `quote` writes `value` on its own: digits not part of a longer number, or a Chinese form. */
function writesNumber(quote: string, value: number, qualifier: string): boolean {
  const [digits, ...chinese] = writtenForms(value, qualifier);
  const standalone = new RegExp(`(?<![\\d.])${digits.replace('.', '\\.')}(?![\\d.])`);
  return standalone.test(quote) || chinese.some((w) => quote.includes(w));
}

let t: TestServer;
let summary: SummaryQuery['summary'];
beforeAll(async () => {
  t = await startTestServer();
  const res = await t.execute(SummaryDocument, {});
  expect(res.errors).toBeUndefined();
  summary = res.data!.summary;
});
afterAll(() => t.close());

/** Every figure of the summary, breakdowns included, each with the id of the figure it breaks down. */
function flatten(figures: AnyFigure[], parent: string | null = null, group?: string): (AnyFigure & { parentId: string | null; groupKey?: string })[] {
  return figures.flatMap((f) => [{ ...f, parentId: parent, groupKey: group }, ...flatten(f.breakdown ?? [], f.id, group)]);
}

describe('summary', () => {
  it('returns every figure of seed/report.json, and nothing else', () => {
    const all = summary.groups.flatMap((g) => flatten(g.figures as AnyFigure[], null, g.key));
    expect(summary.figureCount).toBe(report.figures.length);
    expect(all).toHaveLength(report.figures.length);
    expect(all.map((f) => f.id).sort()).toEqual(report.figures.map((f) => f.id).sort());
    expect(summary.cooperationId).toBe('cooperation-chaoyang-zhuozi');
  });

  it('gives each figure the value, unit, qualifier, period, subject, group and breakdown parent the report file gives', () => {
    const byId = new Map(summary.groups.flatMap((g) => flatten(g.figures as AnyFigure[], null, g.key)).map((f) => [f.id, f]));
    for (const r of report.figures) {
      const f = byId.get(r.id)!;
      expect({
        id: f.id,
        group: f.groupKey,
        label: f.label,
        labelEn: f.labelEn,
        value: f.value,
        unit: f.unit,
        qualifier: f.qualifier,
        periodFrom: f.periodFrom ?? null,
        periodTo: f.periodTo ?? null,
        periodLabel: f.periodLabel ?? null,
        subject: f.subjectId ?? null,
        breakdownOf: f.parentId,
        quote: f.quote,
        source: f.source.id,
        provenance: f.provenance,
      }).toEqual({
        id: r.id,
        group: r.group,
        label: r.label,
        labelEn: r.labelEn,
        value: r.value,
        unit: r.unit,
        qualifier: r.qualifier,
        periodFrom: r.periodFrom,
        periodTo: r.periodTo,
        periodLabel: r.periodLabel,
        subject: r.subject,
        breakdownOf: r.breakdownOf,
        quote: r.quote,
        source: r.source,
        provenance: 'REPORTED',
      });
    }
  });

  it("quotes the report verbatim, each quote with the figure's number as written", () => {
    const all = summary.groups.flatMap((g) => flatten(g.figures as AnyFigure[]));
    for (const f of all) {
      expect({ id: f.id, inReport: reportText.includes(f.quote) }).toEqual({ id: f.id, inReport: true });
      expect({ id: f.id, quote: f.quote, hasNumber: writesNumber(f.quote, f.value, f.qualifier) }).toEqual({ id: f.id, quote: f.quote, hasNumber: true });
    }
    const under10 = all.filter((f) => f.qualifier === 'LT' && f.value === 10);
    expect(under10.length).toBeGreaterThan(0);
    for (const f of under10) expect(f.quote).toContain('个位');
  });

  it('breaks the 2022 new jobs down by destination, summing to the total (68 + 1630 + 102 = 1800)', () => {
    const all = summary.groups.flatMap((g) => flatten(g.figures as AnyFigure[]));
    const jobs = all.find((f) => f.id === 'new-jobs-2022')!;
    expect(jobs.breakdown?.map((b) => b.value)).toEqual([68, 1630, 102]);
    expect(jobs.breakdown!.reduce((n, b) => n + b.value, 0)).toBe(jobs.value);
    // Each destination's poverty-alleviated share lies within it.
    for (const dest of jobs.breakdown!) {
      expect(dest.breakdown).toHaveLength(1);
      expect(dest.breakdown![0].value).toBeLessThan(dest.value);
      expect(dest.breakdown![0].unit).toBe(dest.unit);
    }
    // Same for the trainees: those out of poverty are among all trainees.
    const trainees = all.find((f) => f.id === 'labour-trainees')!;
    expect(trainees.breakdown?.map((b) => b.id)).toEqual(['labour-trainees-poverty-alleviated']);
    expect(trainees.breakdown![0].value).toBeLessThan(trainees.value);
  });

  it('keeps the groups and their figures in report order', () => {
    const groups = [...report.groups].sort((a, b) => a.order - b.order);
    expect(summary.groups.map((g) => ({ key: g.key, name: g.name, nameEn: g.nameEn, order: g.order }))).toEqual(groups);
    for (const g of summary.groups) {
      const expected = report.figures.filter((f) => f.group === g.key && !f.breakdownOf).map((f) => f.id);
      expect({ group: g.key, ids: g.figures.map((f) => f.id) }).toEqual({ group: g.key, ids: expected });
    }
    // And the quotes of the top-level figures follow the report's text from start to end, group by group.
    const firstQuote = (g: (typeof summary.groups)[number]) => Math.min(...g.figures.map((f) => reportText.indexOf(f.quote)));
    const positions = summary.groups.map(firstQuote);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('filters by source', async () => {
    const res = await t.execute(SummaryDocument, { sourceId: 'report-2023-08-22' });
    expect(res.data?.summary.figureCount).toBe(report.figures.filter((f) => f.source === 'report-2023-08-22').length);
    const none = await t.execute(SummaryDocument, { sourceId: 'no-such-source' });
    expect(none.errors).toBeUndefined();
    expect(none.data?.summary.figureCount).toBe(0);
  });
});
