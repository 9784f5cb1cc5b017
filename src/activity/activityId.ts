import { createHash } from 'node:crypto';
import { MEASURE_UNITS } from '../domain/vocabulary';
import type { MeasureRecord } from './ActivityRecord';

/** The fields of an activity that make its natural key. */
export interface ActivityKey {
  /** The pairing's or the cooperation's id. */
  ownerId: string;
  date: string;
  form: string;
  measures: readonly MeasureRecord[];
}

/** Returns the measures in the order of MEASURE_UNITS (how the key and the store keep them). */
export function sortMeasures<T extends MeasureRecord>(measures: readonly T[]): T[] {
  return [...measures].sort((x, y) => MEASURE_UNITS.indexOf(x.unit) - MEASURE_UNITS.indexOf(y.unit));
}

/**
 * Returns the id of an activity given without one, from its natural key: the pairing's (or cooperation's)
 * id, the date, the form and the measures (each unit with its value, in the order of MEASURE_UNITS), so that
 * recording the same act twice (from a form or a roster) finds the same activity. The id is
 * `act-<YYYYMMDD>-<first 16 hex digits of the SHA-256 of "owner|date|form|unit=value;…">`. Participants and
 * note are not part of the key: recording an act again with another note updates it. Never fails.
 */
export function activityIdOf(key: ActivityKey): string {
  const measures = sortMeasures(key.measures).map((m) => `${m.unit}=${String(m.value)}`).join(';');
  const hash = createHash('sha256').update(`${key.ownerId}|${key.date}|${key.form}|${measures}`, 'utf8').digest('hex').slice(0, 16);
  return `act-${key.date.replace(/-/g, '')}-${hash}`;
}
