import { UNIT_KINDS, type SideValue, type UnitKindValue } from '../domain/vocabulary';
import type { RosterKind } from './columns';

/** Units as they will be after this import, known from the units rosters checked before the pairings. */
export interface PendingUnit {
  kind: UnitKindValue;
  side: SideValue | null;
  /** The code of the division it lies in (its own for a division), null when it has no location. */
  region: string | null;
}

/**
 * What one import remembers across rows and files while checking: ids seen (duplicates), the units that
 * the units rosters create or change (so that pairings may name them), placeholders replaced. Memory grows
 * with the number of ids (a number per id), not with the rows' contents. A state that does not `track`
 * remembers nothing: the write pass, whose rows were checked already, reads everything from the database.
 */
export class ImportState {
  private readonly files: string[] = [];
  private readonly seenIds: Record<RosterKind, Map<string, number>> = { units: new Map(), pairings: new Map(), cooperations: new Map(), activities: new Map() };
  private readonly pending = new Map<string, number>();
  /** Placeholder id → the id replacing it in this import, and where. */
  readonly replacing = new Map<string, { id: string; file: string; row: number }>();

  /**
   * `track`: remember ids at all (false for the write pass); `pendingUnits`: remember the units of units
   * rosters for the pairings rosters that follow (only needed when there are some).
   */
  constructor(readonly options: { track: boolean; pendingUnits: boolean } = { track: true, pendingUnits: true }) {}

  /** Returns where `id` was seen before in a roster of `kind`, or records it here and returns null. */
  firstSeen(kind: RosterKind, id: string, file: string, row: number): { file: string; row: number } | null {
    if (!this.options.track) return null;
    const seen = this.seen(kind, id);
    if (seen) return seen;
    let f = this.files.indexOf(file);
    if (f < 0) f = this.files.push(file) - 1;
    this.seenIds[kind].set(id, f * 2 ** 32 + row);
    return null;
  }

  /** Returns where `id` was seen in a roster of `kind`, or null. */
  seen(kind: RosterKind, id: string): { file: string; row: number } | null {
    const packed = this.seenIds[kind].get(id);
    if (packed === undefined) return null;
    return { file: this.files[Math.floor(packed / 2 ** 32)], row: packed % 2 ** 32 };
  }

  /** Remembers a unit as it will be after the import. */
  setPendingUnit(id: string, unit: PendingUnit): void {
    if (!this.options.track || !this.options.pendingUnits) return;
    // One number per unit: the 12-digit region code (0: none) × 64 + kind × 4 + side, below 2^53.
    const region = unit.region && /^\d{12}$/.test(unit.region) ? Number(unit.region) : 0;
    this.pending.set(id, region * 64 + UNIT_KINDS.indexOf(unit.kind) * 4 + (unit.side === 'SUPPORTING' ? 1 : unit.side === 'SUPPORTED' ? 2 : 0));
  }

  /** Returns a unit of the units rosters of this import, or undefined. */
  pendingUnit(id: string): PendingUnit | undefined {
    const packed = this.pending.get(id);
    if (packed === undefined) return undefined;
    const side = packed % 4;
    const region = Math.floor(packed / 64);
    return {
      kind: UNIT_KINDS[Math.floor((packed % 64) / 4)],
      side: side === 1 ? 'SUPPORTING' : side === 2 ? 'SUPPORTED' : null,
      region: region ? String(region).padStart(12, '0') : null,
    };
  }

  /** Remembers that `placeholder` is replaced by the row `id` at file and row. */
  setReplacing(placeholder: string, by: { id: string; file: string; row: number }): void {
    if (this.options.track) this.replacing.set(placeholder, by);
  }
}
