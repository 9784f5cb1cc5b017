import type { RosterProblem } from './problems';

/** One roster's committed part of an interrupted import. */
export interface WrittenPart {
  file: string;
  /** The Source that records this part (null when its committed batches changed nothing). */
  sourceId: string | null;
  batches: number;
  /** The file's row numbers of the first and last row written (null when no batch committed). */
  firstRow: number | null;
  lastRow: number | null;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Thrown when a batched import stops after some of its batches committed (Neo4j lost, a concurrent change
 * that a later batch's check under lock refuses…): `written` says, per roster, which rows are in the
 * database, each recorded by its Source; `cause` is the error that stopped it. The same import run again
 * completes it: the written rows are then unchanged.
 */
export class ImportInterrupted extends Error {
  constructor(
    readonly written: WrittenPart[],
    override readonly cause: unknown,
    /** The batch whose commit was sent but not answered: it may or may not be in the database. */
    readonly uncertain: UncertainPart | null = null,
  ) {
    const parts = written.filter((w) => w.batches > 0).map((w) => `rows ${w.firstRow}–${w.lastRow} of ${w.file} (${w.batches} batch${w.batches === 1 ? '' : 'es'})`);
    const why = cause instanceof Error ? cause.message : String(cause);
    const maybe = uncertain ? `; rows ${uncertain.firstRow}–${uncertain.lastRow} of ${uncertain.file} may or may not have been written (the answer to their commit was lost)` : '';
    super(`the import stopped after writing ${parts.join(', ') || 'nothing'}${maybe}: ${why}; run the same import again to complete it`);
    this.name = 'ImportInterrupted';
  }
}

/** Rows of one batch whose write's outcome is unknown. */
export interface UncertainPart {
  file: string;
  firstRow: number;
  lastRow: number;
}

/**
 * Thrown when rows that passed the check fail it again while being written: someone changed the database
 * in between (two edits of the same placeholder at once, say). Nothing of the transaction is written;
 * `problems` are the rows' problems against the database as it is now.
 */
export class ImportConflict extends Error {
  constructor(readonly problems: RosterProblem[]) {
    const first = problems[0];
    super(`import: the database changed during the import: ${first.file} row ${first.row}: ${first.reason.en}`);
    this.name = 'ImportConflict';
  }
}
