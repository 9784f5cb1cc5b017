import { activityIdOf, sortMeasures } from '../activity/activityId';
import type { MeasureRecord } from '../activity/ActivityRecord';
import type { ActivityFormValue, MeasureUnitValue } from '../domain/vocabulary';
import type { SeedNode, SeedRelationship } from '../seed/SeedGraph';
import { isoDay, type Rng } from './Rng';

/**
 * The synthetic ledger (帮扶台账). Each pairing (all the yearly records of one supporter and one supported unit)
 * draws a profile once: SILENT (10 %: no activity at all), LAPSED (15 %: activities only up to a cutoff 12 to 36
 * months before the reference date, none after; 1 or 2 a year before it) or ACTIVE (75 %: 2 to 4 activities a year, at least one per
 * record, and an open record has one in the last 180 days before the reference date). A lapsed pairing that
 * began after its cutoff has no activity either: some 15 to 18 % of pairings have none. A record's activities fall within its period, never
 * before `since`, never after `until` nor the reference date; 5 % of them fall on `since`, and 5 % of those of
 * an ended record on `until` (the edges the questions must get right). Forms are weighted as the offices'
 * ledgers are (visits and meetings first), with measures in units that fit the form (ACTIVITY_FORM_UNITS).
 */

/** The default reference date of the synthetic ledger: nothing is dated after it, dormancy is relative to it. */
export const SYNTH_REFERENCE_DATE = '2024-12-31';

/** Shares of the pairing profiles (they sum to 1). */
export const ACTIVITY_PROFILE_SHARES = { SILENT: 0.1, LAPSED: 0.15, ACTIVE: 0.75 } as const;

/** A pairing's profile: the last day it may have activities (null: none ever) and its activities a year. */
export interface ActivityProfile {
  kind: keyof typeof ACTIVITY_PROFILE_SHARES;
  lastDay: number | null;
  perYear: number;
}

/** The forms of a pairing's activities and their weights. */
export const PAIRING_FORM_WEIGHTS: readonly (readonly [ActivityFormValue, number])[] = [
  ['FIELD_VISIT', 0.22],
  ['REMOTE_MEETING', 0.18],
  ['CONSUMPTION', 0.14],
  ['PUBLIC_WELFARE', 0.08],
  ['DONATION_MONEY', 0.08],
  ['DONATION_GOODS', 0.07],
  ['TRAINING', 0.08],
  ['INDUSTRY', 0.05],
  ['LABOR', 0.05],
  ['TALENT_EXCHANGE', 0.03],
  ['PROJECT', 0.02],
];

/** The forms of a cooperation's county-wide activities and their weights. */
export const COOPERATION_FORM_WEIGHTS: readonly (readonly [ActivityFormValue, number])[] = [
  ['TRAINING', 0.35],
  ['LABOR', 0.2],
  ['CONSUMPTION', 0.2],
  ['DONATION_MONEY', 0.15],
  ['PROJECT', 0.1],
];

/** A measure's range and the chance it is recorded: [unit, min, max, chance]; 万元 with 2 decimals, the rest whole. */
type MeasureRule = readonly [MeasureUnitValue, number, number, number];

/** The measures of each form (each unit among ACTIVITY_FORM_UNITS[form].units; required forms always have one). */
const MEASURES: Readonly<Record<ActivityFormValue, readonly MeasureRule[]>> = {
  FIELD_VISIT: [['PERSON_TIMES', 2, 12, 0.7]],
  REMOTE_MEETING: [['PERSONS', 2, 8, 0.5]],
  CONSUMPTION: [['WAN_YUAN', 0.5, 50, 1]],
  INDUSTRY: [['ITEMS', 1, 3, 1], ['WAN_YUAN', 10, 500, 0.5]],
  PUBLIC_WELFARE: [['WAN_YUAN', 0.2, 5, 0.4], ['PERSON_TIMES', 10, 200, 0.6]],
  DONATION_MONEY: [['WAN_YUAN', 0.5, 20, 1]],
  DONATION_GOODS: [['WAN_YUAN', 0.2, 10, 1], ['ITEMS', 10, 500, 0.4]],
  TRAINING: [['SESSIONS', 1, 3, 1], ['PERSON_TIMES', 20, 120, 1]],
  LABOR: [['PERSONS', 5, 60, 1]],
  TALENT_EXCHANGE: [['PERSONS', 1, 5, 1]],
  PROJECT: [['ITEMS', 1, 1, 1], ['WAN_YUAN', 20, 800, 1]],
};

/** Where generated activities go and what they carry. */
export interface ActivitySink {
  nodes: SeedNode[];
  relationships: SeedRelationship[];
  /** The synthetic graph's prefix (stored as `synth`, so that `--delete` removes the activities). */
  prefix: string;
  sourceId: string;
  provenance: string;
  /** Day number of the reference date. */
  referenceDay: number;
}

/** Returns a pairing's profile drawn from `rng` (see the module's comment). */
export function activityProfile(rng: Rng, referenceDay: number): ActivityProfile {
  const kind = rng.weighted<ActivityProfile['kind']>(Object.entries(ACTIVITY_PROFILE_SHARES) as [ActivityProfile['kind'], number][]);
  if (kind === 'SILENT') return { kind, lastDay: null, perYear: 0 };
  if (kind === 'LAPSED') return { kind, lastDay: referenceDay - 366 - rng.int(730), perYear: 1 + rng.int(2) };
  return { kind, lastDay: referenceDay, perYear: 2 + rng.int(3) };
}

/** Returns the measures of one act of `form`, drawn from `rng`, in the order of MEASURE_UNITS. */
function measuresOf(rng: Rng, form: ActivityFormValue): MeasureRecord[] {
  const out: MeasureRecord[] = [];
  for (const [unit, min, max, chance] of MEASURES[form]) {
    if (!rng.chance(chance)) continue;
    const value = unit === 'WAN_YUAN' ? Math.round((min + rng.float() * (max - min)) * 100) / 100 : min + rng.int(max - min + 1);
    out.push({ unit, value });
  }
  return sortMeasures(out);
}

/** Adds one activity of `ownerId` to the sink unless one with the same natural key is there already (`taken`). */
function addActivity(sink: ActivitySink, rng: Rng, ownerId: string, day: number, form: ActivityFormValue, taken: Set<string>): void {
  const date = isoDay(day);
  const measures = measuresOf(rng, form);
  const id = activityIdOf({ ownerId, date, form, measures });
  if (taken.has(id)) return;
  taken.add(id);
  sink.nodes.push({
    labels: ['Node', 'Activity'],
    id,
    props: {
      id,
      date,
      form,
      measureValues: measures.map((m) => m.value),
      measureUnits: measures.map((m) => m.unit),
      participants: null,
      note: null,
      source: sink.sourceId,
      provenance: sink.provenance,
      synth: sink.prefix,
    },
  });
  sink.relationships.push({ type: 'ACTIVITY_OF', from: id, to: ownerId, props: { provenance: sink.provenance, source: sink.sourceId } });
}

/**
 * Adds the activities of one pairing record (`sinceDay` to `untilDay`, null while open) under `profile` to the
 * sink, drawn from `rng`: never before since, after until, after the profile's last day or the reference date.
 * Never fails.
 */
export function pairingActivities(sink: ActivitySink, rng: Rng, pairingId: string, sinceDay: number, untilDay: number | null, profile: ActivityProfile): void {
  if (profile.lastDay === null) return;
  const end = Math.min(untilDay ?? sink.referenceDay, sink.referenceDay, profile.lastDay);
  if (end < sinceDay) return;
  const span = end - sinceDay + 1;
  const expected = (profile.perYear * span) / 365;
  const drawn = Math.floor(expected) + (rng.chance(expected - Math.floor(expected)) ? 1 : 0);
  // An active pairing acts at least once in each record, however short.
  const count = profile.kind === 'ACTIVE' ? Math.max(1, drawn) : drawn;
  const taken = new Set<string>();
  const endsOnUntil = untilDay !== null && end === untilDay;
  for (let i = 0; i < count; i++) {
    const edge = rng.float();
    const day = edge < 0.05 ? sinceDay : edge < 0.1 && endsOnUntil ? untilDay : sinceDay + rng.int(span);
    addActivity(sink, rng, pairingId, day, rng.weighted(PAIRING_FORM_WEIGHTS), taken);
  }
  // An active pairing whose record is open has acted in the last 180 days: it is not dormant.
  if (profile.kind === 'ACTIVE' && untilDay === null) addActivity(sink, rng, pairingId, Math.max(sinceDay, end - rng.int(180)), rng.weighted(PAIRING_FORM_WEIGHTS), taken);
}

/** Adds 3 to 6 county-wide activities of cooperation `cooperationId` (dated from `sinceDay` to the reference date) to the sink. Never fails. */
export function cooperationActivities(sink: ActivitySink, rng: Rng, cooperationId: string, sinceDay: number): void {
  if (sink.referenceDay < sinceDay) return;
  const taken = new Set<string>();
  const count = 3 + rng.int(4);
  for (let i = 0; i < count; i++) addActivity(sink, rng, cooperationId, sinceDay + rng.int(sink.referenceDay - sinceDay + 1), rng.weighted(COOPERATION_FORM_WEIGHTS), taken);
}
