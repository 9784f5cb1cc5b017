import type { Database } from './Database';
import { retireSearchIndexes } from './retireSearchIndexes';

/** One idempotent schema statement, named so that a failure says which. */
export interface Migration {
  name: string;
  cypher: string;
}

const uniqueIds: [string, string][] = [
  ['node_id', 'Node'],
  ['unit_id', 'Unit'],
  ['entity_id', 'Entity'],
  ['region_id', 'Region'],
  ['pairing_id', 'Pairing'],
  ['figure_id', 'Figure'],
  ['source_id', 'Source'],
  ['cooperation_id', 'Cooperation'],
  ['agreement_id', 'Agreement'],
  ['action_id', 'Action'],
  ['plan_id', 'Plan'],
  ['studio_id', 'Studio'],
  ['park_id', 'IndustrialPark'],
  ['workshop_id', 'Workshop'],
  ['product_id', 'Product'],
  ['channel_id', 'Channel'],
  ['person_id', 'Person'],
  ['event_id', 'Event'],
  ['figure_group_key', 'FigureGroup'],
  ['change_id', 'Change'],
  ['activity_id', 'Activity'],
];

/** The project's schema: uniqueness on ids, indexes on lookup properties, text and full-text indexes on names. */
export const MIGRATIONS: Migration[] = [
  ...uniqueIds.map(([name, label]) => ({
    name: `constraint ${name}`,
    cypher: `CREATE CONSTRAINT ${name} IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE`,
  })),
  ...[
    ['unit_kind', 'Unit', 'kind'],
    ['unit_side', 'Unit', 'side'],
    ['unit_provenance', 'Unit', 'provenance'],
    ['region_level', 'Region', 'level'],
    ['region_list_year', 'Region', 'listYear'],
    ['unit_demonstration', 'Unit', 'demonstration'],
    ['pairing_kind', 'Pairing', 'kind'],
    ['pairing_sector', 'Pairing', 'sector'],
    ['pairing_status', 'Pairing', 'status'],
    ['pairing_since', 'Pairing', 'since'],
    ['pairing_until', 'Pairing', 'until'],
    ['pairing_provenance', 'Pairing', 'provenance'],
    ['figure_group', 'Figure', 'group'],
    ['node_replaced_placeholder', 'Node', 'replacedPlaceholder'],
    ['change_target', 'Change', 'targetId'],
    ['change_actor', 'Change', 'actor'],
    ['change_at', 'Change', 'at'],
    ['activity_date', 'Activity', 'date'],
  ].map(([name, label, prop]) => ({
    name: `index ${name}`,
    cypher: `CREATE INDEX ${name} IF NOT EXISTS FOR (n:${label}) ON (n.${prop})`,
  })),
  // One text index serves every CONTAINS of search and of the units page: `names` holds each form of a
  // unit's name, its pinyin and initials (src/search/pinyinOf.ts searchFieldsOf).
  {
    name: 'text index unit_names_text',
    cypher: 'CREATE TEXT INDEX unit_names_text IF NOT EXISTS FOR (n:Unit) ON (n.names)',
  },
  // Texts of one or two Han characters, which the text index's trigrams cannot serve (SearchRepository).
  {
    name: 'fulltext index unit_name_fulltext',
    cypher:
      "CREATE FULLTEXT INDEX unit_name_fulltext IF NOT EXISTS FOR (n:Unit) ON EACH [n.name] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}",
  },
];

/**
 * The migrations of the Lucene-backed search indexes (the text indexes and the full-text index): the ones a
 * bulk load may build after its rows instead of maintaining row by row (see `deferSearchIndexes`).
 */
export const SEARCH_INDEX_MIGRATIONS: Migration[] = MIGRATIONS.filter((m) => /^(text|fulltext) index /.test(m.name));

/** Returns the index name of a migration of {@link SEARCH_INDEX_MIGRATIONS} (`unit_names_text` of `text index unit_names_text`). */
export const indexNameOf = (m: Migration): string => m.name.replace(/^(text|fulltext) index /, '');

/**
 * Applies every migration (each is idempotent), waits for the indexes to come online, then retires the
 * search indexes of an older schema (rewriting the units' search fields first; see retireSearchIndexes).
 * Returns the names applied; throws naming the migration that failed.
 */
export async function applyMigrations(db: Database): Promise<string[]> {
  for (const m of MIGRATIONS) {
    try {
      await db.write((tx) => tx.run(m.cypher));
    } catch (err) {
      throw new Error(`migration '${m.name}' failed: ${(err as Error).message}`, { cause: err });
    }
  }
  await db.write((tx) => tx.run('CALL db.awaitIndexes(300)'));
  await retireSearchIndexes(db);
  return MIGRATIONS.map((m) => m.name);
}
