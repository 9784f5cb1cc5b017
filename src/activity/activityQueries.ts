import { activeOn, pairingProjection } from '../pairing/PairingRecord';
import { ACTIVITY_OF, activityProjection } from './ActivityRecord';

/**
 * The ledger's Cypher, one named query per question, parameters only. A question about a region starts at
 * the region's unique-index entry and walks down its PART_OF tree (every node on the way a Region), then to
 * the units located there, their pairings and the pairings' activities; cooperation-wide activities are
 * reached through the cooperations whose side is a division of that tree. No query scans all activities.
 */

/** The activities with the ids `$ids` (unknown ones absent), each with its pairing or cooperation. */
export const ACTIVITIES_BY_IDS = `
  UNWIND $ids AS id
  MATCH (a:Activity {id: id})-[:${ACTIVITY_OF}]->(o)
  RETURN ${activityProjection('a', 'o')} AS row`;

/** The divisions below `c`, `c` included, ending at `r`. */
const below = (c: string, r: string) => `(${c}) (()<-[:PART_OF]-(:Region))* (${r}:Region)`;

/**
 * The distinct pairings `o` with an end within `c` (a division below it, or a unit located in one), each with
 * `child`: the code of the child of `c` holding that end (null for `c` itself and the units located in it).
 * Written as subqueries that start from `c`, so that the walk goes down the tree and never from the activities up.
 */
const pairingsIn = (c: string) => `
    MATCH line = ${below(c, 'r')}
    WITH r, CASE WHEN size(nodes(line)) > 1 THEN nodes(line)[1].id END AS child
    CALL (r) { MATCH (r)<-[:LOCATED_IN]-(u:Unit) RETURN u UNION RETURN r AS u }
    CALL (u) { MATCH (u)<-[:SUPPORTER|SUPPORTED]-(o:Pairing) RETURN o }
    WITH DISTINCT o, child`;

/** The distinct cooperations `o` with a side within `c`, each with `child` as in {@link pairingsIn}. */
const cooperationsIn = (c: string) => `
    MATCH line = ${below(c, 'r')}
    WITH r, CASE WHEN size(nodes(line)) > 1 THEN nodes(line)[1].id END AS child
    CALL (r) { MATCH (r)<-[:SUPPORTING_SIDE|SUPPORTED_SIDE]-(o:Cooperation) RETURN o }
    WITH DISTINCT o, child`;

/** The activities `a` of the owner `o` within the period, as a subquery that starts from `o`. */
const activitiesOf = (o: string) => `CALL (${o}) { MATCH (${o})<-[:${ACTIVITY_OF}]-(a:Activity) WHERE ${inPeriod('a')} RETURN a }`;

/** The date and form filters of an activity `a`: `$from`, `$to` (dates) and `$forms` (null: all). */
const inPeriod = (a: string) => `${a}.date >= date($from) AND ${a}.date <= date($to) AND ($forms IS NULL OR ${a}.form IN $forms)`;

/**
 * The (o, a) pairs of a scope, as a subquery over `s` (the scope's index entry; null when it names nothing):
 * a pairing's or a cooperation's activities; a unit's (of its pairings, and of the cooperations it is a side of);
 * a region's (of the pairings with an end within it, and of the cooperations with a side within it); or,
 * without a scope, those of the period from the date index.
 */
export const ACTIVITY_SCOPES = {
  pairing: {
    start: 'OPTIONAL MATCH (s:Pairing {id: $pairingId})',
    pairs: `MATCH (s)<-[:${ACTIVITY_OF}]-(a:Activity) WHERE ${inPeriod('a')} RETURN s AS o, a`,
  },
  cooperation: {
    start: 'OPTIONAL MATCH (s:Cooperation {id: $cooperationId})',
    pairs: `MATCH (s)<-[:${ACTIVITY_OF}]-(a:Activity) WHERE ${inPeriod('a')} RETURN s AS o, a`,
  },
  unit: {
    start: 'OPTIONAL MATCH (s:Unit {id: $unitId})',
    pairs: `MATCH (s)<-[:SUPPORTER|SUPPORTED]-(o:Pairing)<-[:${ACTIVITY_OF}]-(a:Activity) WHERE ${inPeriod('a')} RETURN o, a
      UNION
      MATCH (s)<-[:SUPPORTING_SIDE|SUPPORTED_SIDE]-(o:Cooperation)<-[:${ACTIVITY_OF}]-(a:Activity) WHERE ${inPeriod('a')} RETURN o, a`,
  },
  region: {
    start: 'OPTIONAL MATCH (s:Region {id: $region})',
    pairs: `${pairingsIn('s')} WITH DISTINCT o ${activitiesOf('o')} RETURN o, a
      UNION
      ${cooperationsIn('s')} WITH DISTINCT o ${activitiesOf('o')} RETURN o, a`,
  },
  all: {
    start: 'WITH true AS s',
    pairs: `MATCH (a:Activity) WHERE ${inPeriod('a')} MATCH (a)-[:${ACTIVITY_OF}]->(o) RETURN o, a`,
  },
} as const;

/** Which scope a listing starts from. */
export type ActivityScope = keyof typeof ACTIVITY_SCOPES;

/**
 * Returns the query of one page of a scope's activities, newest first (date descending, then id), after the
 * keyset `$afterDate`/`$afterId`, `$limit` rows; with `withTotal`, also how many match in all. Answers
 * `found` (whether the scope's entry exists), `rows` and `total` (null without `withTotal`).
 */
export function activityPageQuery(scope: ActivityScope, withTotal: boolean): string {
  const { start, pairs } = ACTIVITY_SCOPES[scope];
  const page = `CALL (s) {
      CALL (s) { ${pairs} }
      WITH o, a WHERE $afterDate IS NULL OR a.date < date($afterDate) OR (a.date = date($afterDate) AND a.id > $afterId)
      WITH o, a ORDER BY a.date DESC, a.id LIMIT $limit
      RETURN collect(${activityProjection('a', 'o')}) AS rows
    }`;
  const total = withTotal ? `CALL (s) { CALL (s) { ${pairs} } RETURN count(a) AS total }` : 'WITH s, rows, null AS total';
  return `${start} ${page} ${total} RETURN s IS NOT NULL AS found, rows, total`;
}

/**
 * The active pairings (active on `$on`, today) with an end within `$region` and no activity on or after
 * `$since`, each with its last activity (null when none): never-active ones first by their first day (unknown
 * first), then by their last activity, oldest first; ties by id. At most `$limit`.
 */
export const DORMANT_PAIRINGS = `
  OPTIONAL MATCH (c:Region {id: $region})
  CALL (c) {
    ${pairingsIn('c')}
    WITH DISTINCT o AS p WHERE ${activeOn('p')}
    CALL (p) {
      OPTIONAL MATCH (p)<-[:${ACTIVITY_OF}]-(a:Activity)
      WITH a ORDER BY a.date DESC, a.id LIMIT 1
      RETURN a AS last
    }
    WITH p, last WHERE last IS NULL OR last.date < date($since)
    MATCH (s:Unit)<-[:SUPPORTER]-(p)-[:SUPPORTED]->(t:Unit)
    WITH p, s, t, last
    ORDER BY CASE WHEN last IS NULL THEN 0 ELSE 1 END, CASE WHEN last IS NULL THEN coalesce(p.since, date('0001-01-01')) ELSE last.date END, p.id
    LIMIT $limit
    RETURN collect({pairing: ${pairingProjection('p', 's', 't')},
      lastActivity: CASE WHEN last IS NULL THEN null ELSE ${activityProjection('last', 'p')} END,
      silentDays: duration.inDays(coalesce(last.date, p.since), date($on)).days}) AS rows
  }
  RETURN c IS NOT NULL AS found, rows`;

/** The sum of `unit` over the measures of activity `x`. */
const sumOf = (x: string, unit: string) => `reduce(t = 0.0, i IN range(0, size(${x}.measureUnits) - 1) | t + CASE WHEN ${x}.measureUnits[i] = ${unit} THEN ${x}.measureValues[i] ELSE 0.0 END)`;

/** Per unit of measure of `$units`, how many of the activities `acts` carry it and the sum of its values (units none carries left out). */
const sumsOf = (acts: string) =>
  `[u IN $units WHERE any(x IN ${acts} WHERE u IN x.measureUnits) | {unit: u, count: size([x IN ${acts} WHERE u IN x.measureUnits]), value: reduce(t = 0.0, x IN ${acts} | t + ${sumOf('x', 'u')})}]`;

/**
 * The tallies of the activities of `$region` over the period: in all, per form, per child region (of the ends
 * and sides within the region; null for those at the region itself or located directly in it) and per
 * supporting unit (a cooperation-wide activity: its supporting side). One row per (dim, key).
 */
export const ACTIVITY_SUMMARY = `
  OPTIONAL MATCH (c:Region {id: $region})
  CALL (c) {
    CALL (c) {
      ${pairingsIn('c')}
      ${activitiesOf('o')}
      MATCH (o)-[:SUPPORTER]->(s:Unit)
      RETURN a, child, s.id AS supporter
      UNION
      ${cooperationsIn('c')}
      ${activitiesOf('o')}
      MATCH (o)-[:SUPPORTING_SIDE]->(s:Region)
      RETURN a, child, s.id AS supporter
    }
    UNWIND [['TOTAL', null], ['FORM', a.form], ['REGION', child], ['SUPPORTER', supporter]] AS g
    WITH DISTINCT g[0] AS dim, g[1] AS key, a
    WITH dim, key, collect(a) AS acts
    RETURN collect({dim: dim, key: key, count: size(acts), sums: ${sumsOf('acts')}}) AS rows
  }
  RETURN c IS NOT NULL AS found, rows`;

/**
 * For each `$items` entry (a figure's id, its form and unit), the activities of the figure's cooperation (its
 * own and its pairings') of that form within the figure's period that carry that unit: how many, and the sum.
 */
export const RECONCILIATION = `
  UNWIND $items AS item
  MATCH (f:Figure {id: item.figureId})-[:OF]->(c:Cooperation)
  CALL (f, c, item) {
    CALL (c) {
      MATCH (c)<-[:${ACTIVITY_OF}]-(a:Activity) RETURN a
      UNION
      MATCH (c)<-[:IN_COOPERATION]-(:Pairing)<-[:${ACTIVITY_OF}]-(a:Activity) RETURN a
    }
    WITH a WHERE a.form = item.form AND item.unit IN a.measureUnits
      AND (f.periodFrom IS NULL OR a.date >= date(f.periodFrom)) AND (f.periodTo IS NULL OR a.date <= date(f.periodTo))
    RETURN count(a) AS count, sum(${sumOf('a', 'item.unit')}) AS recorded
  }
  RETURN item.figureId AS figureId, count, recorded`;
