import { activeOn } from '../pairing/PairingRecord';
import { unitProjection } from '../unit/UnitRecord';

/**
 * The planner's Cypher, one named query per question, parameters only. Every query about a county
 * starts at the county's unique-index entry and walks down, so none scans all villages.
 */

/** Villages of a county lacking an active pairing (of the given supporting kinds). */
export const UNPAIRED_VILLAGES = `
  OPTIONAL MATCH (c:Region {id: $county})
  CALL (c) {
    MATCH (c)<-[:PART_OF]-(t:Region)<-[:PART_OF]-(v:Region)
    WHERE v.kind = 'VILLAGE' AND ($township IS NULL OR t.id = $township)
      AND (NOT $demonstrationOnly OR v.demonstration = true)
    OPTIONAL MATCH (v)<-[:SUPPORTED]-(p:Pairing)-[:SUPPORTER]->(s:Unit) WHERE ${activeOn('p')}
    WITH t, v, collect(DISTINCT p.kind) AS kinds, collect(DISTINCT s.kind) AS partnerKinds, count(DISTINCT s) AS partners
    WHERE CASE WHEN $supportingKinds IS NULL THEN partners = 0 ELSE none(k IN partnerKinds WHERE k IN $supportingKinds) END
    WITH t, v, kinds, partners ORDER BY t.id, v.id
    RETURN collect({unit: ${unitProjection('v')}, townshipCode: t.id, townshipName: t.name,
      demonstration: coalesce(v.demonstration, false), pairedKinds: kinds, partnerCount: partners}) AS rows
  }
  RETURN c IS NOT NULL AS countyFound,
    $township IS NULL OR EXISTS { (c)<-[:PART_OF]-(:Region {id: $township}) } AS townshipFound,
    rows`;

/** Per township, per unit and per supporting unit counts of a county, in one round trip. */
export const COVERAGE = `
  OPTIONAL MATCH (c:Region {id: $county})
  CALL (c) {
    MATCH (c)<-[:PART_OF]-(t:Region)
    OPTIONAL MATCH (t)<-[:PART_OF]-(v:Region {kind: 'VILLAGE'})
    WITH t, v, v IS NOT NULL AND EXISTS { MATCH (v)<-[:SUPPORTED]-(p:Pairing) WHERE ${activeOn('p')} } AS paired
    WITH t, count(v) AS villages,
      sum(CASE WHEN paired THEN 1 ELSE 0 END) AS paired,
      sum(CASE WHEN v.demonstration THEN 1 ELSE 0 END) AS demonstration,
      sum(CASE WHEN v.demonstration AND paired THEN 1 ELSE 0 END) AS demonstrationPaired
    WITH t, villages, paired, demonstration, demonstrationPaired,
      EXISTS { MATCH (t)<-[:SUPPORTED]-(p:Pairing) WHERE ${activeOn('p')} } AS townshipPaired
    ORDER BY t.id
    RETURN collect({code: t.id, name: t.name, villages: villages, paired: paired, demonstration: demonstration,
      demonstrationPaired: demonstrationPaired, townshipPaired: townshipPaired}) AS townships
  }
  CALL (c) {
    MATCH (c)<-[:PART_OF|LOCATED_IN*0..3]-(u:Unit)
    WITH DISTINCT u
    OPTIONAL MATCH (u)<-[:SUPPORTED]-(p:Pairing) WHERE ${activeOn('p')}
    WITH u, collect(DISTINCT p.kind) AS kinds
    RETURN collect({kind: u.kind, demonstration: coalesce(u.demonstration, false), kinds: kinds}) AS units
  }
  CALL (c) {
    MATCH (c)<-[:PART_OF|LOCATED_IN*0..3]-(:Unit)<-[:SUPPORTED]-(p:Pairing)-[:SUPPORTER]->(s:Unit)
    WITH DISTINCT p, s
    WITH s, p, ${activeOn('p')} AS active
    WITH s, collect(CASE WHEN active THEN p.kind END) AS activeKinds,
      sum(CASE WHEN p.until IS NOT NULL AND p.until < date($on) THEN 1 ELSE 0 END) AS ended
    ORDER BY size(activeKinds) DESC, s.id
    RETURN collect({unit: ${unitProjection('s')}, activeKinds: activeKinds, ended: ended}) AS supporting
  }
  RETURN c IS NOT NULL AND c.level = 'COUNTY' AS found, c.name AS countyName, townships, units, supporting`;

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

/** Pairings into a county started and ended per year and kind. */
export const TIMELINE = `
  OPTIONAL MATCH (c:Region {id: $county})
  CALL (c) {
    MATCH (c)<-[:PART_OF|LOCATED_IN*0..3]-(:Unit)<-[:SUPPORTED]-(p:Pairing)
    WITH DISTINCT p
    UNWIND [{year: p.since.year, kind: p.kind, started: 1, ended: 0},
            CASE WHEN p.until IS NOT NULL THEN {year: p.until.year, kind: p.kind, started: 0, ended: 1} END] AS e
    WITH e WHERE e IS NOT NULL
    WITH e.year AS year, e.kind AS kind, sum(e.started) AS started, sum(e.ended) AS ended
    ORDER BY year, kind
    RETURN collect({year: year, kind: kind, started: started, ended: ended}) AS rows
  }
  RETURN c IS NOT NULL AS found, rows`;
