import type { ManagedTransaction } from 'neo4j-driver';
import { toPlain } from '../db/toPlain';

/**
 * Clears every unit's side, then gives each division within a cooperation's region, and each unit located
 * in one, the side of that region in its cooperations: SUPPORTING or SUPPORTED. Regions are taken from the
 * widest to the narrowest, so the nearest cooperation region decides (朝阳区 supports 卓资县; 十渡镇 of 房山区
 * is supported by 朝阳区 although Beijing supports elsewhere). A region that is both supporting and supported
 * gives no side: a pairing's cooperation, not the side, decides whether it is accepted.
 */
const REFRESH_SIDES = `
  CALL () {
    MATCH (u:Unit) WHERE u.side IS NOT NULL
    SET u.side = null
  }
  MATCH (c:Cooperation)-[rel:SUPPORTING_SIDE|SUPPORTED_SIDE]->(r:Region)
  WITH r, collect(DISTINCT CASE type(rel) WHEN 'SUPPORTING_SIDE' THEN 'SUPPORTING' ELSE 'SUPPORTED' END) AS sides
  WITH r, CASE WHEN size(sides) = 1 THEN sides[0] END AS side,
    CASE r.level WHEN 'PROVINCE' THEN 0 WHEN 'CITY' THEN 1 WHEN 'COUNTY' THEN 2 WHEN 'TOWNSHIP' THEN 3 ELSE 4 END AS depth
  ORDER BY depth, r.id
  CALL (r, side) {
    MATCH (r)<-[:PART_OF*0..4]-(x:Region)
    SET x.side = side
    WITH x
    OPTIONAL MATCH (u:Unit)-[:LOCATED_IN]->(x) WHERE NOT u:Region
    SET u.side = side
    RETURN count(DISTINCT x) AS regions
  }
  RETURN sum(regions) AS regions`;

/** Runs {@link REFRESH_SIDES} inside `tx`; returns how many divisions got a side. */
export async function refreshSides(tx: ManagedTransaction): Promise<number> {
  const result = await tx.run(REFRESH_SIDES);
  return Number(toPlain(result.records[0]?.get('regions') ?? 0));
}
