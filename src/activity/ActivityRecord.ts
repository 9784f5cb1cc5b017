import type { ActivityFormValue, MeasureUnitValue, ProvenanceValue } from '../domain/vocabulary';

/** One measure of an activity: a value in a unit (3 期, 120 人次, 12.5 万元). */
export interface MeasureRecord {
  value: number;
  unit: MeasureUnitValue;
}

/** What an activity belongs to: one pairing, or one cooperation when the act is county-wide. */
export type ActivityOwnerType = 'Pairing' | 'Cooperation';

/** An activity as stored: the mapper of the GraphQL `Activity` type. */
export interface ActivityRecord {
  id: string;
  date: string;
  form: ActivityFormValue;
  measures: MeasureRecord[];
  participants: string | null;
  note: string | null;
  source: string | null;
  provenance: ProvenanceValue;
  /** The pairing's id, or null for a cooperation-wide activity. */
  pairingId: string | null;
  /** The cooperation's id, or null for an activity of a pairing. */
  cooperationId: string | null;
}

/** The relationship type that links an activity to its pairing or cooperation: `(a:Activity)-[:ACTIVITY_OF]->(p:Pairing|Cooperation)`. */
export const ACTIVITY_OF = 'ACTIVITY_OF';

/**
 * Returns the Cypher projection of activity `a` (its measures stored as the parallel lists
 * `measureValues` and `measureUnits`), owned by the node `o` (a Pairing or a Cooperation).
 */
export function activityProjection(a: string, o: string): string {
  return `${a} { .id, date: ${a}.date, .form, .participants, .note, .source, .provenance,
    measures: [i IN range(0, size(coalesce(${a}.measureUnits, [])) - 1) | {value: ${a}.measureValues[i], unit: ${a}.measureUnits[i]}],
    pairingId: CASE WHEN ${o}:Pairing THEN ${o}.id END, cooperationId: CASE WHEN ${o}:Cooperation THEN ${o}.id END }`;
}
