import type { RosterInput } from '../roster';
import { isBlankRow } from '../roster/rosterInput';
import { cellText } from '../roster/values';

/** A roster input that remembers its header row as the importer reads it. */
export interface CapturedInput {
  input: RosterInput;
  /** The header texts by column (as the importer reads them), null until the header was read. */
  header(): string[] | null;
}

/** Returns `input` wrapped so that the first non-blank row (the header) is kept as it passes: no second read of the file. */
export function captureHeader(input: RosterInput): CapturedInput {
  let header: string[] | null = null;
  const wrapped: RosterInput = {
    ...input,
    async *rows(onBytes) {
      for await (const row of input.rows(onBytes)) {
        if (header === null && !isBlankRow(row.cells)) header = row.cells.map((c) => cellText(c) ?? '');
        yield row;
      }
    },
  };
  return { input: wrapped, header: () => header };
}

/** Returns Excel's name of a 0-based column: A, B, …, Z, AA, AB, … */
export function columnLetter(index: number): string {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    name = String.fromCharCode(65 + r) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}
