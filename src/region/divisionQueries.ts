/**
 * The division loader's Cypher, parameters only. Rows carry `id`, `name`, `shortName`, `parent`, `level`,
 * `kind`, the search fields (`pinyin`, `initials`, `names`: see searchFieldsOf), and the list's `source` and
 * `year`. A division's code is its `id` (the GraphQL field `code` reads it).
 */

/** How each row compares with what is stored: `created`, `updated` or `unchanged`. */
const CLASSIFY = `
  UNWIND $rows AS row
  OPTIONAL MATCH (old:Region {id: row.id})
  OPTIONAL MATCH (old)-[:PART_OF]->(op:Region)
  WITH row, old, collect(op.id) AS oldParents
  WITH row, old, CASE
    WHEN old IS NULL THEN 'created'
    WHEN old.name = row.name AND coalesce(old.shortName, '') = coalesce(row.shortName, '') AND old.level = row.level
      AND old.kind = row.kind AND old.source = row.source AND old.listYear = row.year AND old.current = true
      AND oldParents = CASE WHEN row.parent IS NULL THEN [] ELSE [row.parent] END
      AND old.pinyin = row.pinyin AND old.names STARTS WITH row.names THEN 'unchanged'
    ELSE 'updated' END AS outcome`;

/**
 * Creates or updates the rows that differ, with their PART_OF link to the parent (which must exist: a row
 * whose parent is missing is returned in `orphans` and the caller rolls the batch back). A village's
 * demonstration flag is set to false on creation only, so that an imported flag survives a reload.
 */
export const WRITE_DIVISIONS = `${CLASSIFY}
  OPTIONAL CALL (row, outcome) {
    WITH row, outcome WHERE outcome <> 'unchanged'
    MERGE (r:Node {id: row.id})
    ON CREATE SET r.demonstration = CASE WHEN row.kind IN ['VILLAGE', 'COMMUNITY'] THEN false END
    SET r:Unit:Region, r.name = row.name, r.shortName = row.shortName, r.level = row.level, r.kind = row.kind,
      r.provenance = 'REPORTED', r.source = row.source, r.listYear = row.year, r.current = true, r.notCurrentSince = null,
      r.pinyin = row.pinyin, r.initials = row.initials,
      r.names = reduce(s = row.names, f IN coalesce(r.formerNames, []) + coalesce(r.formerPinyin, []) | s + '|' + f)
    WITH r, row
    CALL (r, row) {
      MATCH (r)-[stale:PART_OF]->(x)
      WITH stale, x, row WHERE x.id <> coalesce(row.parent, '')
      DELETE stale
    }
    OPTIONAL CALL (r, row) {
      WITH r, row WHERE row.parent IS NOT NULL
      OPTIONAL MATCH (p:Region {id: row.parent})
      FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END |
        MERGE (r)-[l:PART_OF]->(p) SET l.provenance = 'REPORTED', l.source = row.source)
      RETURN CASE WHEN p IS NULL THEN row.id END AS orphan
    }
    RETURN orphan
  }
  RETURN outcome, count(*) AS n, collect(orphan)[0..3] AS orphans`;

/** The order of a row's fields in {@link CREATE_DIVISIONS}' `$rows` (lists, not maps: less for Bolt to carry). */
export const CREATE_ROW_FIELDS = ['id', 'name', 'shortName', 'parent', 'level', 'kind', 'pinyin', 'initials', 'names'] as const;

/**
 * Creates the rows of a batch that the graph does not hold yet (`$rows` are all new: the caller classified
 * them in the same transaction), each linked PART_OF its parent; returns the rows whose parent is missing.
 * Each row is a list in the order of {@link CREATE_ROW_FIELDS}; the list's `$source` and `$year` are the same for all.
 */
export const CREATE_DIVISIONS = `
  UNWIND $rows AS row
  OPTIONAL MATCH (p:Region {id: row[3]})
  WITH row, p WHERE row[3] IS NULL OR p IS NOT NULL
  CREATE (r:Node:Unit:Region {id: row[0], name: row[1], shortName: row[2], level: row[4], kind: row[5], provenance: 'REPORTED',
    source: $source, listYear: $year, current: true, pinyin: row[6], initials: row[7], names: row[8],
    demonstration: CASE WHEN row[5] IN ['VILLAGE', 'COMMUNITY'] THEN false END})
  FOREACH (parent IN CASE WHEN p IS NULL THEN [] ELSE [p] END |
    CREATE (r)-[:PART_OF {provenance: 'REPORTED', source: $source}]->(parent))
  RETURN count(r) AS created`;

/** Returns the outcome of each row (`created`, `updated`, `unchanged`) by id, as the transaction sees the graph. */
export const OUTCOME_OF_DIVISIONS = `${CLASSIFY}
  RETURN row.id AS id, outcome`;

/**
 * Marks the regions within `$prefixes` (all when empty) at the levels `$levels` that an older list wrote and
 * the newer one (year `$year`) did not name again: no longer current since that year. Never deletes.
 */
export const MARK_NOT_CURRENT = `
  MATCH (r:Region) WHERE r.listYear < $year AND r.current = true AND r.level IN $levels
    AND (size($prefixes) = 0 OR any(p IN $prefixes WHERE r.id STARTS WITH p))
  SET r.current = false, r.notCurrentSince = $year
  RETURN count(r) AS n`;

/**
 * Applies an older list's rows: a known code whose older name differs from its names gets it as a former
 * name with the year (and its full pinyin in `formerPinyin` and `names`, so that search finds either); a code the graph does not know is created as not current since `$newerYear`
 * (its parent must exist, else it is skipped and counted in `skipped`).
 */
export const APPLY_OLDER_LIST = `
  UNWIND $rows AS row
  OPTIONAL MATCH (r:Region {id: row.id})
  OPTIONAL CALL (r, row) {
    WITH r, row WHERE r IS NOT NULL AND NOT row.name IN ([r.name, r.shortName] + coalesce(r.formerNames, []))
    SET r.formerNames = coalesce(r.formerNames, []) + row.name, r.formerNameYears = coalesce(r.formerNameYears, []) + row.year,
      r.formerPinyin = coalesce(r.formerPinyin, []) + row.namePinyin, r.names = r.names + '|' + row.name + '|' + row.namePinyin
    RETURN 1 AS renamed
  }
  RETURN count(renamed) AS renamed`;

/** Creates the codes of an older list that the graph does not hold, as divisions no longer current. */
export const CREATE_FORMER_DIVISIONS = `
  UNWIND $rows AS row
  WITH row WHERE NOT EXISTS { MATCH (:Region {id: row.id}) }
  OPTIONAL MATCH (p:Region {id: row.parent})
  WITH row, p WHERE p IS NOT NULL
  CREATE (r:Node:Unit:Region {id: row.id})
  SET r.name = row.name, r.level = row.level, r.kind = row.kind, r.provenance = 'REPORTED', r.source = row.source,
    r.listYear = row.year, r.current = false, r.notCurrentSince = $newerYear, r.pinyin = row.pinyin,
    r.initials = row.initials, r.names = row.names,
    r.demonstration = CASE WHEN row.kind IN ['VILLAGE', 'COMMUNITY'] THEN false END
  CREATE (r)-[:PART_OF {provenance: 'REPORTED', source: row.source}]->(p)
  RETURN count(r) AS created`;

/** Writes the division lists as Source nodes. */
export const WRITE_DIVISION_SOURCES = `
  UNWIND $sources AS s
  MERGE (n:Node {id: s.id})
  SET n:Source, n.title = s.title, n.publisher = s.publisher, n.published = date(s.published), n.kind = 'DIVISION_LIST',
    n.note = s.note, n.provenance = 'REPORTED', n.source = s.id`;

/** Returns one region whose code lies between `$low` and `$high` (12-digit codes compare as numbers), if any. */
export const ANY_REGION_IN_RANGE = `
  MATCH (r:Region) WHERE r.id >= $low AND r.id <= $high
  RETURN r.id AS id LIMIT 1`;

/** Counts the regions at `$level` within `$prefixes` (all when empty), from the level index. */
export const COUNT_LEVEL_IN_SCOPE = `
  MATCH (r:Region {level: $level})
  WHERE size($prefixes) = 0 OR any(p IN $prefixes WHERE r.id STARTS WITH p)
  RETURN count(r) AS n`;

/** Counts the units of the graph (the count store). */
export const COUNT_UNITS = `MATCH (u:Unit) RETURN count(u) AS n`;
