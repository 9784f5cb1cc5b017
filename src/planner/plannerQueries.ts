import { activeOn } from '../pairing/PairingRecord';
import { unitProjection } from '../unit/UnitRecord';

/**
 * The planner's Cypher, one named query per question, parameters only. Every query about a region
 * starts at the region's unique-index entry and walks down its PART_OF tree (every node on the way a
 * Region, at any depth), so none scans all villages and none assumes how many levels lie below.
 */

/** The divisions at any depth below `c`, `c` included (every step a PART_OF between Regions). */
const below = (c: string, r: string) => `(${c}) (()<-[:PART_OF]-(:Region))* (${r}:Region)`;

/** The units within `c`: the divisions below it, `c` included, and the units located in them. */
const unitsIn = (c: string, u: string) => `${below(c, '')} (()<-[:LOCATED_IN]-(:Unit)){0,1} (${u}:Unit)`;

/**
 * The region `c` of `$region`; `$countyOnly` makes any other level than COUNTY not found (the
 * deprecated `county` argument).
 */
const REGION = `
  OPTIONAL MATCH (c:Region {id: $region})
  WITH CASE WHEN c IS NOT NULL AND (NOT $countyOnly OR c.level = 'COUNTY') THEN c END AS c`;

/** Each village's county (the nearest COUNTY-level division above it): a walk up per village, for `countyCode` and `countyName`. */
const VILLAGE_COUNTY = `
    CALL (v) {
      OPTIONAL MATCH (v) (()-[:PART_OF]->(:Region))+ (k:Region {level: 'COUNTY'})
      RETURN k LIMIT 1
    }
    WITH t, v, k, kinds, partners ORDER BY t.id, v.id`;

/** The rows without their county: `countyCode` and `countyName` are null. */
const NO_VILLAGE_COUNTY = `
    WITH t, v, null AS k, kinds, partners ORDER BY t.id, v.id`;

/**
 * Returns the query of the villages below a region lacking an active pairing (of the given supporting kinds), with
 * their township, and with their county only when `county` (a fixed fragment either way; the values are all
 * parameters). Never throws.
 */
export function unpairedVillagesQuery(options: { county: boolean }): string {
  return `${REGION}
  CALL (c) {
    MATCH ${below('c', 'v')}
    WHERE v.kind = 'VILLAGE' AND (NOT $demonstrationOnly OR v.demonstration = true)
    MATCH (v)-[:PART_OF]->(t:Region)
    WHERE $township IS NULL OR t.id = $township
    OPTIONAL MATCH (v)<-[:SUPPORTED]-(p:Pairing)-[:SUPPORTER]->(s:Unit) WHERE ${activeOn('p')}
    WITH t, v, collect(DISTINCT p.kind) AS kinds, collect(DISTINCT s.kind) AS partnerKinds, count(DISTINCT s) AS partners
    WHERE CASE WHEN $supportingKinds IS NULL THEN partners = 0 ELSE none(k IN partnerKinds WHERE k IN $supportingKinds) END${options.county ? VILLAGE_COUNTY : NO_VILLAGE_COUNTY}
    RETURN collect({unit: ${unitProjection('v')}, townshipCode: t.id, townshipName: t.name, countyCode: k.id, countyName: k.name,
      demonstration: coalesce(v.demonstration, false), pairedKinds: kinds, partnerCount: partners}) AS rows
  }
  OPTIONAL MATCH (tw:Region {id: $township})
  RETURN c IS NOT NULL AS regionFound,
    $township IS NULL OR (tw IS NOT NULL AND c IN COLLECT { MATCH (tw) (()-[:PART_OF]->(:Region))+ (a:Region) RETURN a }) AS townshipFound,
    rows`;
}

/** Villages below a region lacking an active pairing (of the given supporting kinds), with their township and county. */
export const UNPAIRED_VILLAGES = unpairedVillagesQuery({ county: true });

/** The sections of a coverage, in the order they are computed: each a subquery returning the list of its name. */
export const COVERAGE_SECTIONS = ['entries', 'villageGroups', 'unitGroups', 'supporting'] as const;

/** One section of a coverage. */
export type CoverageSection = (typeof COVERAGE_SECTIONS)[number];

/**
 * The subquery of each section of a coverage. `entries`: the region's children (the divisions directly under it
 * when `$byRank` is null, else those at that level and the divisions standing in where the level is skipped);
 * `villageGroups`: the village counts grouped by entry; `unitGroups`: the units of each kind; `supporting`: the
 * supporting units. `$ranks` maps each level to its depth (PROVINCE 0 … VILLAGE 4).
 */
const COVERAGE_SECTION_CYPHER: Record<CoverageSection, string> = {
  entries: `
  CALL (c) {
    CALL (c) {
      MATCH (c)<-[:PART_OF]-(x:Region) WHERE $byRank IS NULL
      RETURN x
      UNION
      MATCH (c) (()<-[:PART_OF]-(y:Region) WHERE $ranks[y.level] <= $byRank)* (x:Region)
      WHERE $byRank IS NOT NULL AND ($ranks[x.level] = $byRank
        OR ($ranks[x.level] < $byRank AND EXISTS { MATCH (x)<-[:PART_OF]-(z:Region) WHERE $ranks[z.level] > $byRank }))
      RETURN x
    }
    WITH x, EXISTS { MATCH (x)<-[:SUPPORTED]-(p:Pairing) WHERE ${activeOn('p')} } AS regionPaired
    ORDER BY x.id
    RETURN collect({code: x.id, name: x.name, level: x.level, regionPaired: regionPaired}) AS entries
  }`,
  villageGroups: `
  CALL (c) {
    MATCH line = ${below('c', 'v')}
    WHERE v.kind = 'VILLAGE'
    WITH v, nodes(line) AS up,
      EXISTS { MATCH (v)<-[:SUPPORTED]-(p:Pairing) WHERE ${activeOn('p')} } AS paired
    WITH v, paired, CASE WHEN $byRank IS NULL THEN up[1].id
      ELSE coalesce(head([n IN up WHERE $ranks[n.level] = $byRank | n.id]), last([n IN up WHERE $ranks[n.level] < $byRank | n.id])) END AS entry
    WITH entry, count(v) AS villages,
      sum(CASE WHEN paired THEN 1 ELSE 0 END) AS paired,
      sum(CASE WHEN v.demonstration THEN 1 ELSE 0 END) AS demonstration,
      sum(CASE WHEN v.demonstration AND paired THEN 1 ELSE 0 END) AS demonstrationPaired
    RETURN collect({entry: entry, villages: villages, paired: paired, demonstration: demonstration,
      demonstrationPaired: demonstrationPaired}) AS villageGroups
  }`,
  unitGroups: `
  CALL (c) {
    MATCH ${unitsIn('c', 'u')}
    WITH DISTINCT u
    OPTIONAL MATCH (u)<-[:SUPPORTED]-(p:Pairing) WHERE ${activeOn('p')}
    WITH u, collect(DISTINCT p.kind) AS kinds
    WITH u.kind AS kind, coalesce(u.demonstration, false) AS demonstration, kinds, count(u) AS n
    RETURN collect({kind: kind, demonstration: demonstration, kinds: kinds, n: n}) AS unitGroups
  }`,
  supporting: `
  CALL (c) {
    MATCH ${unitsIn('c', 'x')}<-[:SUPPORTED]-(p:Pairing)-[:SUPPORTER]->(s:Unit)
    WITH DISTINCT p, s
    WITH s, p, ${activeOn('p')} AS active
    WITH s, collect(CASE WHEN active THEN p.kind END) AS activeKinds,
      sum(CASE WHEN p.until IS NOT NULL AND p.until < date($on) THEN 1 ELSE 0 END) AS ended
    ORDER BY size(activeKinds) DESC, s.id
    RETURN collect({unit: ${unitProjection('s')}, activeKinds: activeKinds, ended: ended}) AS supporting
  }`,
};

/**
 * Returns the coverage of a region in one round trip, computing only `sections` (composed of the fixed
 * subqueries above, nothing else: the values are all parameters); a section left out costs nothing and is
 * returned as an empty list. Never throws.
 */
export function coverageQuery(sections: ReadonlySet<CoverageSection>): string {
  const calls = COVERAGE_SECTIONS.filter((s) => sections.has(s)).map((s) => COVERAGE_SECTION_CYPHER[s]);
  const columns = COVERAGE_SECTIONS.map((s) => (sections.has(s) ? s : `[] AS ${s}`));
  return `${REGION}${calls.join('')}
  RETURN c IS NOT NULL AS found, c.name AS regionName, c.level AS regionLevel, ${columns.join(', ')}`;
}

/** The coverage with every section: its entries, village groups, unit groups and supporting units. */
export const COVERAGE = coverageQuery(new Set(COVERAGE_SECTIONS));

/** The candidates for a unit's new partner (`$candidateKinds` maps the unit's kind to the kinds that may support it), with the facts the score is made of. */
export const SUGGESTION_CANDIDATES = `
  OPTIONAL MATCH (u:Unit {id: $unitId})
  CALL (u) {
    OPTIONAL MATCH (u)-[:PART_OF|LOCATED_IN*0..3]->(county:Region {level: 'COUNTY'})
    OPTIONAL MATCH (u)-[:PART_OF|LOCATED_IN*0..2]->(town:Region {level: 'TOWNSHIP'})
    RETURN county, town LIMIT 1
  }
  CALL (county) {
    OPTIONAL MATCH (county)<-[:PART_OF|LOCATED_IN*0..3]-(:Unit)<-[:SUPPORTED]-(:Pairing)-[:SUPPORTER]->(:Unit)
      -[:PART_OF|LOCATED_IN*0..3]->(sc:Region {level: 'COUNTY'})
    RETURN collect(DISTINCT sc) AS supportingCounties
  }
  CALL (u) {
    OPTIONAL MATCH (u)<-[:SUPPORTED]-(p:Pairing)-[:SUPPORTER]->(partner:Unit)
    RETURN collect(DISTINCT p.sector) AS ownSectors,
      collect(DISTINCT CASE WHEN ${activeOn('p')} THEN partner.kind END) AS partnerKinds
  }
  CALL (u, county, town, supportingCounties, ownSectors, partnerKinds) {
    UNWIND supportingCounties AS sc
    MATCH (sc)<-[:PART_OF|LOCATED_IN*0..3]-(cand:Unit)
    WHERE cand.kind IN coalesce($candidateKinds[u.kind], []) AND cand.side = 'SUPPORTING'
    WITH DISTINCT cand
    WHERE NOT EXISTS { MATCH (u)<-[:SUPPORTED]-(p:Pairing)-[:SUPPORTER]->(cand) WHERE ${activeOn('p')} }
    CALL (cand) {
      OPTIONAL MATCH (cand)<-[:SUPPORTER]-(p:Pairing) WHERE ${activeOn('p')}
      RETURN count(p) AS load, collect(DISTINCT p.sector) AS sectors
    }
    CALL (cand, town) {
      OPTIONAL MATCH (cand)<-[:SUPPORTER]-(p:Pairing)-[:SUPPORTED]->(x:Unit)-[:PART_OF|LOCATED_IN*0..2]->(town)
      WHERE ${activeOn('p')}
      RETURN count(DISTINCT x) AS inTownship
    }
    CALL (cand, county) {
      OPTIONAL MATCH (cand)<-[:SUPPORTER]-(p:Pairing)-[:SUPPORTED]->(x:Unit)-[:PART_OF|LOCATED_IN*0..3]->(county)
      WHERE ${activeOn('p')}
      RETURN count(DISTINCT x) AS inCounty
    }
    RETURN collect({unit: ${unitProjection('cand')}, load: load, inTownship: inTownship, inCounty: inCounty,
      sameSectors: [s IN sectors WHERE s IN ownSectors], sameKind: cand.kind IN partnerKinds}) AS candidates
  }
  RETURN u IS NOT NULL AS found, u.kind AS kind, u.side AS side, town.name AS townshipName, candidates`;

/** Returns the shortest-path query for at most `maxHops` relationships (an integer checked by the caller). */
export function connectionQuery(maxHops: number): string {
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > 12) throw new Error(`invariant: unchecked maxHops ${maxHops}`);
  return `
    OPTIONAL MATCH (a:Unit {id: $fromId})
    OPTIONAL MATCH (b:Unit {id: $toId})
    CALL (a, b) {
      OPTIONAL MATCH path = shortestPath((a)-[:SUPPORTER|SUPPORTED|PART_OF|LOCATED_IN*1..${maxHops}]-(b))
      WHERE a <> b AND all(n IN nodes(path) WHERE n:Unit OR n:Pairing)
      RETURN path
    }
    RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound,
      CASE WHEN path IS NULL THEN null ELSE {
        hops: length(path),
        nodes: [n IN nodes(path) | {id: n.id, name: coalesce(n.name, n.kind),
          type: CASE WHEN n:Pairing THEN 'PAIRING' WHEN n:Region THEN 'REGION' ELSE 'UNIT' END, kind: n.kind}],
        edges: [r IN relationships(path) | {type: type(r), from: startNode(r).id, to: endNode(r).id}]
      } END AS path`;
}

/** Pairings into any unit within a region started and ended per year and kind. */
export const TIMELINE = `${REGION}
  CALL (c) {
    MATCH ${unitsIn('c', '')}<-[:SUPPORTED]-(p:Pairing)
    WITH DISTINCT p
    UNWIND [{year: p.since.year, kind: p.kind, started: 1, ended: 0},
            CASE WHEN p.until IS NOT NULL THEN {year: p.until.year, kind: p.kind, started: 0, ended: 1} END] AS e
    WITH e WHERE e IS NOT NULL
    WITH e.year AS year, e.kind AS kind, sum(e.started) AS started, sum(e.ended) AS ended
    ORDER BY year, kind
    RETURN collect({year: year, kind: kind, started: started, ended: ended}) AS rows
  }
  RETURN c IS NOT NULL AS found, rows`;
