import { createHash } from 'node:crypto';
import { checkActivity, type ActivityProblem } from '../../src/activity/checkActivity';
import { ACTIVITY_FORM_UNITS, COUNTED_UNITS, MEASURE_UNITS } from '../../src/domain/vocabulary';
import type { SeedGraph, SeedNode } from '../../src/seed/SeedGraph';
import { SYNTH_REFERENCE_DATE } from '../../src/synth/generateActivities';
import { generateGraphAll, resolveSynthOptions, type SynthOptions } from '../../src/synth/generateGraph';
import { digestSynth } from '../../src/synth/loadSynth';

/** The generated ledger (pure): its distribution, its dates, its measures and its replayability. */

const OPTIONS: SynthOptions = { seed: 23, idPrefix: 'ga', countiesPerProvince: 4, cooperations: true, yearlyRecords: true, activities: true };
const graph = generateGraphAll(OPTIONS);
const nodes = (g: SeedGraph, label: string) => g.nodes.filter((n) => n.labels.includes(label));
const activities = nodes(graph, 'Activity');
const byId = new Map(graph.nodes.map((n) => [n.id, n]));
const ownerOf = new Map(graph.relationships.filter((r) => r.type === 'ACTIVITY_OF').map((r) => [r.from, r.to]));
const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const yearBefore = (d: string) => `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`;

/** The pairings (one supporter and one supported unit, all their yearly records) with their records and activities. */
function chains(g: SeedGraph): { records: SeedNode[]; acts: SeedNode[] }[] {
  const supporter = new Map(g.relationships.filter((r) => r.type === 'SUPPORTER').map((r) => [r.from, r.to]));
  const supported = new Map(g.relationships.filter((r) => r.type === 'SUPPORTED').map((r) => [r.from, r.to]));
  const owner = new Map(g.relationships.filter((r) => r.type === 'ACTIVITY_OF').map((r) => [r.from, r.to]));
  const actsOf = new Map<string, SeedNode[]>();
  for (const a of nodes(g, 'Activity')) actsOf.set(owner.get(a.id)!, [...(actsOf.get(owner.get(a.id)!) ?? []), a]);
  const out = new Map<string, { records: SeedNode[]; acts: SeedNode[] }>();
  for (const p of nodes(g, 'Pairing')) {
    const key = `${supporter.get(p.id)}>${supported.get(p.id)}|${p.props.kind}`;
    const c = out.get(key) ?? { records: [], acts: [] };
    c.records.push(p);
    c.acts.push(...(actsOf.get(p.id) ?? []));
    out.set(key, c);
  }
  return [...out.values()];
}

it('is replayable: the same seed gives the same ledger and digest, another seed another; without activities the rest is the same graph', () => {
  expect(hashOf(generateGraphAll(OPTIONS))).toBe(hashOf(graph));
  expect(digestSynth(OPTIONS)).toEqual(digestSynth({ ...OPTIONS }));
  const other = generateGraphAll({ ...OPTIONS, seed: 24 });
  expect(nodes(other, 'Activity').map((n) => n.id)).not.toEqual(activities.map((n) => n.id));
  const without = generateGraphAll({ ...OPTIONS, activities: false });
  expect(hashOf(without)).toBe(
    hashOf({ nodes: graph.nodes.filter((n) => !n.labels.includes('Activity')), relationships: graph.relationships.filter((r) => r.type !== 'ACTIVITY_OF') }),
  );
  expect(digestSynth(OPTIONS).sha256).not.toBe(digestSynth({ ...OPTIONS, activities: false }).sha256);
  expect(digestSynth(OPTIONS).labels.Activity).toBe(activities.length);
  expect(digestSynth(OPTIONS).types.ACTIVITY_OF).toBe(activities.length);
});

it('dates each activity within its pairing record (never before since, after until or the reference date) or its cooperation, some on the edges', () => {
  expect(activities.length).toBeGreaterThan(1000);
  const problems: string[] = [];
  let onSince = 0;
  let onUntil = 0;
  for (const a of activities) {
    const owner = byId.get(ownerOf.get(a.id)!)!;
    const date = String(a.props.date);
    const from = owner.labels.includes('Pairing') ? String(owner.props.since) : `${String(owner.props.p_since)}-01-01`;
    const until = owner.labels.includes('Pairing') ? (owner.props.until as string | null) : null;
    if (date < from || date > SYNTH_REFERENCE_DATE || (until !== null && date > until)) problems.push(`${a.id} ${date} of ${owner.id} ${from}..${until}`);
    if (date === from) onSince += 1;
    if (date === until) onUntil += 1;
    if (a.props.synth !== 'ga' || a.props.provenance !== 'IMPORTED' || a.props.source !== 'ga-source') problems.push(`${a.id}: ${JSON.stringify(a.props)}`);
  }
  expect(problems).toEqual([]);
  expect(onSince).toBeGreaterThan(10);
  expect(onUntil).toBeGreaterThan(10);
  const coops = nodes(graph, 'Cooperation');
  expect(coops.length).toBeGreaterThan(0);
  for (const c of coops) expect(activities.filter((a) => ownerOf.get(a.id) === c.id).length).toBeGreaterThanOrEqual(3);
});

it('gives each activity the natural-key id and measures that the ledger accepts (units that fit the form, whole counts)', () => {
  const problems: ActivityProblem[] = [];
  const bad: string[] = [];
  activities.forEach((a, row) => {
    const owner = byId.get(ownerOf.get(a.id)!)!;
    const units = a.props.measureUnits as string[];
    const values = a.props.measureValues as number[];
    const measures = units.map((unit, i) => ({ unit, value: values[i] }));
    const key = owner.labels.includes('Pairing') ? 'pairingId' : 'cooperationId';
    const checked = checkActivity(row, { [key]: owner.id, date: String(a.props.date), form: String(a.props.form), measures, source: 'ga-source' }, SYNTH_REFERENCE_DATE, problems);
    if (checked && checked.id !== a.id) bad.push(`${a.id}: natural key ${checked.id}`);
    if ([...units].sort((x, y) => MEASURE_UNITS.indexOf(x as never) - MEASURE_UNITS.indexOf(y as never)).join() !== units.join()) bad.push(`${a.id}: units out of order`);
    for (const m of measures) if (!(ACTIVITY_FORM_UNITS[a.props.form as 'TRAINING'].units as string[]).includes(m.unit) || (COUNTED_UNITS.includes(m.unit as never) && !Number.isInteger(m.value))) bad.push(`${a.id}: ${JSON.stringify(m)}`);
  });
  expect(problems).toEqual([]);
  expect(bad).toEqual([]);
  expect(new Set(activities.map((a) => a.id)).size).toBe(activities.length);
  // A training has 期 and 人次; the forms are weighted, visits first.
  const forms = new Map<string, number>();
  for (const a of activities) forms.set(String(a.props.form), (forms.get(String(a.props.form)) ?? 0) + 1);
  for (const a of activities.filter((x) => x.props.form === 'TRAINING')) expect(a.props.measureUnits).toEqual(['PERSON_TIMES', 'SESSIONS']);
  expect(forms.get('FIELD_VISIT')!).toBeGreaterThan(forms.get('PROJECT')!);
  expect(forms.size).toBe(11);
});

it('draws dormant pairings: 10 % never active (with the lapsed that began after their cutoff, under a fifth), about 15 % silent for more than 12 months before the reference date, the rest active', () => {
  const ref = SYNTH_REFERENCE_DATE;
  const all = chains(graph);
  const open = all.filter((c) => c.records.some((r) => r.props.status === 'ACTIVE'));
  const silent = all.filter((c) => c.acts.length === 0 && c.records.some((r) => String(r.props.since) <= ref));
  const last = (c: { acts: SeedNode[] }) => c.acts.map((a) => String(a.props.date)).sort().at(-1) ?? null;
  const lapsed = open.filter((c) => c.acts.length > 0 && last(c)! < yearBefore(ref));
  const recent = open.filter((c) => c.acts.length > 0 && last(c)! >= yearBefore(ref));
  expect(all.length).toBeGreaterThan(500);
  expect(silent.length / all.length).toBeGreaterThan(0.1);
  expect(silent.length / all.length).toBeLessThan(0.2);
  expect(lapsed.length / open.length).toBeGreaterThan(0.08);
  expect(lapsed.length / open.length).toBeLessThan(0.22);
  expect(recent.length / open.length).toBeGreaterThan(0.6);
  // Active pairings act several times a year: over their whole life, at least 2 a year on average.
  const years = recent.reduce((s, c) => s + c.records.reduce((t, r) => t + (Date.parse(String(r.props.until ?? ref)) - Date.parse(String(r.props.since))) / (365 * 86400000), 0), 0);
  expect(recent.reduce((s, c) => s + c.acts.length, 0) / years).toBeGreaterThan(2);
});

it('dormancy follows the reference date, and the option is checked', () => {
  const earlier = generateGraphAll({ ...OPTIONS, referenceDate: '2022-06-30' });
  expect(nodes(earlier, 'Activity').every((a) => String(a.props.date) <= '2022-06-30')).toBe(true);
  expect(nodes(earlier, 'Activity').length).toBeLessThan(activities.length);
  expect(resolveSynthOptions({ seed: 1, idPrefix: 'x' })).toMatchObject({ activities: false, referenceDate: SYNTH_REFERENCE_DATE });
  expect(() => resolveSynthOptions({ seed: 1, idPrefix: 'x', referenceDate: '2024-02-30' })).toThrow(/referenceDate.*2024-02-30/);
});
