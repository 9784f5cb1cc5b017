import type { PairingKindValue, SectorValue, SideValue, UnitKindValue } from '../domain/vocabulary';
import type { CooperationIndex } from '../cooperation/CooperationIndex';
import type { RosterKind } from './columns';
import type { Agreements } from './lookup';
import type { CellValue } from './values';

/* The plans of roster rows: what the check of a row gives, and what its write needs. */

/** A data row of a roster: its row number and its cells by field (a field absent from the file is absent here). */
export interface RawRow {
  row: number;
  values: Map<string, CellValue>;
}

/** What the import does with a row. */
export type RowAction = 'create' | 'update' | 'unchanged';

/** The plan of one valid row: what it does and which fields it changes. */
export interface RowPlan {
  /** Which roster the row belongs to. */
  roster: RosterKind;
  file: string;
  row: number;
  id: string;
  action: RowAction;
  /** Fields whose stored value changes (all stated fields for a created row). */
  changes: string[];
  /** The placeholder this row replaces (its id becomes `id`). */
  replaces?: string;
}

/** A unit row, parsed. `undefined`: the file has no such column; `null`: the cell is empty. */
export interface UnitValues {
  id: string;
  name: string;
  kind: UnitKindValue;
  region: string | null;
  replaces?: string | null;
  demonstration?: boolean | null;
}

/** A pairing row, parsed. */
export interface PairingValues {
  id: string;
  supporting: string;
  supported: string;
  kind?: PairingKindValue | null;
  sector?: SectorValue | null;
  since?: string | null;
  until?: string | null;
  agreement?: string | null;
  note?: string | null;
}

/** What a changing row's audit entry records: the changed fields' stored values and new values (null for a new record). */
export interface ChangeValues {
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}


/** Returns the values of `fields` in `from` (undefined as null); never throws. */
export function pick(from: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, from[f] ?? null]));
}

/** A unit row's plan with what writing it needs. */
export interface UnitWrite extends RowPlan {
  audit: ChangeValues;
  type: 'unit' | 'division';
  values: UnitValues;
  /** The node's id before this import (the placeholder's id when replacing). */
  matchId: string;
  label: 'Organization' | 'RelocationEstate' | 'Locality' | null;
  side: SideValue | null;
}

/** A pairing row's plan with what writing it needs. */
export interface PairingWrite extends RowPlan {
  audit: ChangeValues;
  type: 'pairing';
  values: PairingValues;
  kind: PairingKindValue;
  sector: SectorValue;
  agreementId: string | null;
  /** The until date after the import (stated, or kept), for the stored status. */
  until: string | null;
  /** The narrowest cooperation holding the two ends, linked by IN_COOPERATION when the pairing is created. */
  cooperationId: string;
}

/** What the pairings check reads once per import: the agreements, the cooperations, and the names of divisions (for problems). */
export interface PairingRefs {
  agreements: Agreements;
  cooperations: CooperationIndex;
  /** The name of a division the batch looked up (the counties of the pairings' ends), or null. */
  nameOf: (code: string) => string | null;
}

/** A parsed row: its values when the required cells are right; `bad` when any cell is wrong. */
export interface ParsedRow<V> {
  values: V | undefined;
  bad: boolean;
}
