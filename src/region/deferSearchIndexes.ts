import type { Database, TransactionOptions } from '../db/Database';
import { SEARCH_INDEX_MIGRATIONS, indexNameOf } from '../db/migrations';

/**
 * Drops the search indexes (the text index of `names` and the `unit_name_fulltext` full-text index) so that a bulk load
 * creates its rows without maintaining them row by row. Returns the names dropped; throws the database's error.
 * While they are gone, search answers from scans and without its full-text branch (see SearchRepository).
 */
export async function dropSearchIndexes(db: Database, tx?: TransactionOptions): Promise<string[]> {
  const names = SEARCH_INDEX_MIGRATIONS.map(indexNameOf);
  for (const name of names) {
    // An index name cannot be a parameter; these names come from the project's own migrations list.
    await db.write((t) => t.run(`DROP INDEX ${name} IF EXISTS`), tx);
  }
  return names;
}

/**
 * Creates the search indexes again (each statement is idempotent) and waits up to `waitSeconds` for Neo4j to
 * populate them. Returns the names; throws naming the index whose creation failed, or when population does not
 * finish in time (the indexes then keep populating in the background and come online by themselves).
 */
export async function restoreSearchIndexes(db: Database, waitSeconds = 900): Promise<string[]> {
  for (const m of SEARCH_INDEX_MIGRATIONS) {
    try {
      await db.write((t) => t.run(m.cypher));
    } catch (err) {
      throw new Error(`cannot create the search index ${indexNameOf(m)} again: ${(err as Error).message}`, { cause: err });
    }
  }
  await db.write((t) => t.run('CALL db.awaitIndexes($seconds)', { seconds: waitSeconds }), { timeoutMs: (waitSeconds + 60) * 1000 });
  return SEARCH_INDEX_MIGRATIONS.map(indexNameOf);
}
