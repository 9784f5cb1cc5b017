import type { ManagedTransaction } from 'neo4j-driver';
import type { RosterKind } from './columns';
import type { RosterProblem } from './problems';
import type { SheetInfo } from './readSheet';
import type { RosterHeader, RosterInput } from './rosterInput';
import type { RowPlan } from './RowPlan';

/* What an import of rosters is given, what it reports, and what it holds of each roster. */

/** How an import runs. */
export interface ImportOptions {
  /** Check and plan only: nothing is written. */
  dryRun?: boolean;
  /** Who imports (a user name), stored as `importedBy` and as the actor of the audit trail. */
  importedBy: string;
  /** The role of who imports (a token's), recorded in the audit trail; null from the command line. */
  role?: string | null;
  /** The operation the audit trail records: `import` by default, a mutation's name for edits through GraphQL. */
  operation?: string;
  /** The import's time (now by default). */
  now?: Date;
  /**
   * Rows (all rosters together) up to which the write is one transaction; beyond, one transaction per
   * batch. By default what the database's transaction memory allows (about 8 KB a row, half of
   * `dbms.memory.transaction.total.max`), at most 200,000. Should the one transaction still run out of
   * memory, the import is written again in batches.
   */
  singleTransactionRows?: number;
  /** Timeout of each of the import's transactions (the database's own by default): bulk work wants more than an API query. */
  txTimeoutMs?: number;
  /** Rows per lookup and per write statement. 2,000 by default. */
  batchSize?: number;
  /** Most problems kept in the result (the rest are counted). 100,000 by default. */
  maxProblems?: number;
  /**
   * Called as rows are read: the phase, the roster, bytes read so far and its size, rows so far. In the
   * write phase it is called after each committed transaction, and a promise it returns is awaited.
   */
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** Called with the plan of every valid row during the check (what a dry run reports). */
  onRow?: (plan: RowPlan) => void;
  /** Called, once the write committed, with the plan of every row as it was written (what the summary counts). */
  onWritten?: (plan: RowPlan) => void;
  /**
   * Rows must create new records (a mutation that creates): a row whose id is in use, when checked or
   * when written, is a problem ID_IN_USE of field `id`, and nothing is written.
   */
  requireCreate?: boolean;
  /**
   * Runs inside the write transaction after the rows are written, with their plans (single-transaction
   * imports only): reads what the caller answers with, so that an answer never fails after the commit.
   */
  afterWrite?: (tx: ManagedTransaction, plans: readonly RowPlan[]) => Promise<void>;
}

/** Where an import is. */
export interface ImportProgress {
  phase: 'check' | 'write';
  file: string;
  bytes: number;
  totalBytes: number | undefined;
  rows: number;
}

/** What an import did, or would do, with one roster. */
export interface RosterSummary {
  name: string;
  kind: RosterKind | null;
  rows: number;
  created: number;
  updated: number;
  /** Of the updated rows, those that replaced a placeholder. */
  replaced: number;
  unchanged: number;
  problems: number;
  /** Id of the :Source node the import created for it (null when nothing was written). */
  sourceId: string | null;
  /** Headers the importer does not know (ignored). */
  unknownColumns: string[];
  info?: SheetInfo;
}

/** The result of {@link importRosters}. */
export interface ImportResult {
  /** True when no roster has a problem. */
  ok: boolean;
  /** True when something was written. */
  written: boolean;
  dryRun: boolean;
  rosters: RosterSummary[];
  /** The problems, in file and row order (at most `maxProblems`). */
  problems: RosterProblem[];
  /** All problems, kept or not. */
  problemCount: number;
  /** How the write went: one transaction, or one per batch. */
  transactions: 'none' | 'single' | 'batched';
  seconds: number;
}

/** One roster with its header read (null when it has none that reads), and its summary so far. */
export interface Prepared {
  input: RosterInput;
  header: RosterHeader | null;
  summary: RosterSummary;
}
