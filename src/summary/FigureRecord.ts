import type { ProvenanceValue } from '../domain/vocabulary';

/** A figure as stored, with its breakdown attached: the mapper of the GraphQL `Figure` type. */
export interface FigureRecord {
  id: string;
  label: string;
  labelEn: string;
  value: number;
  unit: string;
  qualifier: 'EQ' | 'GT' | 'LT';
  periodFrom: string | null;
  periodTo: string | null;
  periodLabel: string | null;
  subjectId: string | null;
  breakdownOf: string | null;
  quote: string;
  source: string;
  provenance: ProvenanceValue;
  order: number;
  group: string;
  breakdown: FigureRecord[];
}

/** A group of figures: the mapper of the GraphQL `FigureGroup` type. */
export interface FigureGroupRecord {
  key: string;
  name: string;
  nameEn: string;
  order: number;
  figures: FigureRecord[];
}

/** The summary: the mapper of the GraphQL `Summary` type. */
export interface SummaryRecord {
  cooperationId: string;
  groups: FigureGroupRecord[];
  figureCount: number;
}
