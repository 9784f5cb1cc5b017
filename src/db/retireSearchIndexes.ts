import type { Database } from './Database';
import { params } from './params';
import { toPlain } from './toPlain';

/**
 * The search indexes of the schema before `names` held every form (name, pinyin, initials) of each unit:
 * three text indexes and a full-text index over the name and `pinyinWords`.
 */
export const RETIRED_SEARCH_INDEXES = ['unit_name_text', 'unit_pinyin_text', 'unit_initials_text', 'unit_names'];

/** Units rewritten per transaction by {@link retireSearchIndexes}. */
const BATCH = 10_000;

/**
 * Rewrites the search fields of the units after `$after` in id order (one batch): `names` gains the pinyin and
 * initials, a division's former pinyin (the Latin forms its `names` held) is kept in `formerPinyin`, and
 * `pinyinWords` goes. A unit already rewritten is left alone. Returns the batch's last id and its size.
 */
const REWRITE_SEARCH_FIELDS = `
  MATCH (u:Unit) WHERE u.id > $after
  WITH u ORDER BY u.id LIMIT $batch
  CALL (u) {
    WITH u WHERE u.name IS NOT NULL AND u.pinyin IS NOT NULL
      AND NOT coalesce(u.names, '') ENDS WITH '|' + u.pinyin + '|' + coalesce(u.initials, '')
    SET u.formerPinyin = CASE WHEN u.formerNames IS NULL THEN u.formerPinyin
          ELSE [s IN split(coalesce(u.names, ''), '|') WHERE s =~ '[a-z0-9]+'] END,
        u.names = coalesce(u.names, u.name) + '|' + u.pinyin + '|' + coalesce(u.initials, '')
    REMOVE u.pinyinWords
  }
  RETURN max(u.id) AS last, count(u) AS n`;

/**
 * Brings a database of the older schema to the current one: when one of {@link RETIRED_SEARCH_INDEXES}
 * exists, every unit's search fields are rewritten in batches (the search index of `names` then serves
 * them), and the retired indexes are dropped last, so that a run killed half-way is completed by the next.
 * A database of the current schema costs one `SHOW INDEXES`. Returns the number of units read; throws the
 * database's error.
 */
export async function retireSearchIndexes(db: Database): Promise<number> {
  const present = await db.read(async (t) => {
    const r = await t.run('SHOW INDEXES YIELD name WHERE name IN $names RETURN collect(name) AS names', { names: RETIRED_SEARCH_INDEXES });
    return r.records[0].get('names') as string[];
  });
  if (!present.length) return 0;
  let after = '';
  let read = 0;
  for (;;) {
    const batch = await db.write(async (t) => {
      const r = await t.run(REWRITE_SEARCH_FIELDS, params({ after, batch: BATCH }, ['batch']));
      return { last: r.records[0].get('last') as string | null, n: Number(toPlain(r.records[0].get('n'))) };
    });
    if (!batch.n || batch.last === null) break;
    read += batch.n;
    after = batch.last;
  }
  for (const name of present) {
    // Index names cannot be parameters; these come from the fixed list above.
    await db.write((t) => t.run(`DROP INDEX ${name} IF EXISTS`));
  }
  return read;
}
