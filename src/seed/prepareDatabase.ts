import type { Database } from '../db/Database';
import { applyMigrations } from '../db/migrations';
import { isNeo4jUnavailable, isTransactionTimeout } from '../server/errorPolicy';
import { isDatabaseEmpty, loadSeed } from './loadSeed';
import { loadSeedDivisions, type SeedDivisions } from './loadSeedDivisions';

/** How {@link prepareDatabase} runs. */
export interface PrepareOptions {
  /** `always` (npm run seed), `whenEmpty` (npm start with SEED_ON_EMPTY) or `never`. */
  seed: 'always' | 'whenEmpty' | 'never';
  /** The transaction timeout `db` was created with (NEO4J_STARTUP_TX_TIMEOUT_MS; 0 for none), quoted in errors. */
  timeoutMs: number;
  /** The command that tries again, quoted in errors (`npm start`, `npm run seed`). */
  retry: string;
  /** Which divisions are loaded before the seed (SEED_DIVISIONS): `national` by default. */
  divisions?: SeedDivisions;
  /** Called with a line of progress of the division load (at most every few seconds). */
  onProgress?: (line: string) => void;
}

/** Thrown by {@link prepareDatabase}: one line saying which step did not finish, why, and what to do. */
export class PrepareError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'PrepareError';
  }
}

/** Returns the first line of why `err` happened, in words a person can act on. */
function reason(err: unknown, timeoutMs: number): string {
  if (isTransactionTimeout(err)) return `Neo4j stopped a transaction that ran longer than ${timeoutMs} ms`;
  if (isNeo4jUnavailable(err)) return 'Neo4j could not be reached';
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/**
 * Applies the migrations, then loads the seed as `options.seed` says, through `db`, which should carry the
 * start-up timeout (NEO4J_STARTUP_TX_TIMEOUT_MS), not the API's. Returns what the seed wrote, or null when it
 * did not run. Throws a {@link PrepareError} naming the step (migrations or seed), the reason and the
 * command to run again; the seed is one transaction, so a failed seed leaves nothing and the next run loads it whole.
 */
export async function prepareDatabase(db: Database, options: PrepareOptions): Promise<{ nodes: number; relationships: number } | null> {
  const advice = (step: string, err: unknown) =>
    new PrepareError(
      `${step} did not finish (${reason(err, options.timeoutMs)}); run ${options.retry} again` +
        (isTransactionTimeout(err) ? `, or raise NEO4J_STARTUP_TX_TIMEOUT_MS (now ${options.timeoutMs}; 0 for no limit)` : ''),
      err,
    );
  try {
    await applyMigrations(db);
  } catch (err) {
    throw advice('the schema migrations', err);
  }
  try {
    if (options.seed === 'never' || (options.seed === 'whenEmpty' && !(await isDatabaseEmpty(db)))) return null;
  } catch (err) {
    throw advice('the seed', err);
  }
  try {
    let last = Date.now();
    await loadSeedDivisions(db, options.divisions ?? 'national', (level, _bytes, _total, rows) => {
      if (options.onProgress && Date.now() - last > 5000) {
        last = Date.now();
        options.onProgress(`divisions: ${rows.toLocaleString('en-US')} rows loaded (${level})`);
      }
    });
  } catch (err) {
    throw advice('the division load', err);
  }
  try {
    return await loadSeed(db);
  } catch (err) {
    throw advice('the seed', err);
  }
}
