import type { ActivityFormValue, MeasureUnitValue } from '../domain/vocabulary';

/** How a report Figure that totals one form of activity over its period is compared with the ledger. */
export interface FigureForm {
  form: ActivityFormValue;
  unit: MeasureUnitValue;
  /** What one unit of the figure is in the measure's unit (亿元 → 万元: 10000). */
  factor: number;
}

/**
 * The report's figures that are totals of a form of activity over their period, by figure id (the seed's
 * `report.json`), with the form and unit of measure the ledger sums for them. An explicit table: figures are
 * never matched to forms by their names. Not in it: figures without a period (92 区级项目), counts of pairs or
 * places, and 261 people sent (both directions of talent exchange mix there).
 */
export const FIGURE_FORMS: Readonly<Record<string, FigureForm>> = {
  'social-donations-cash': { form: 'DONATION_MONEY', unit: 'WAN_YUAN', factor: 1 },
  'social-donations-goods': { form: 'DONATION_GOODS', unit: 'WAN_YUAN', factor: 1 },
  'labour-training-sessions': { form: 'TRAINING', unit: 'SESSIONS', factor: 1 },
  'labour-trainees': { form: 'TRAINING', unit: 'PERSON_TIMES', factor: 1 },
  'agri-product-sales': { form: 'CONSUMPTION', unit: 'WAN_YUAN', factor: 10000 },
  'fiscal-aid-2016-2023': { form: 'PROJECT', unit: 'WAN_YUAN', factor: 1 },
};

/** A figure beside the ledger: the mapper of the GraphQL `FigureLedger` type. */
export interface FigureLedgerRecord {
  form: ActivityFormValue;
  unit: MeasureUnitValue;
  /** The figure's value in the measure's unit. */
  reported: number;
  /** The sum of the recorded activities. */
  recorded: number;
  /** reported − recorded: what the ledger does not explain (negative: it records more). */
  difference: number;
  activityCount: number;
}

/** Returns `x` rounded to 6 decimals, so that sums of 万元 with cents read exactly. */
export function roundSum(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
