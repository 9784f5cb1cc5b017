import { ACTIVITY_OF } from '../activity/ActivityRecord';
import { activeOn as activeOnParam, statusOf } from '../pairing/PairingRecord';

const activeOn = (p: string) => activeOnParam(p).replaceAll('$on', '$activeOn');

/** Units that take part in pairings: organizations, estates and divisions at township or village level. */
const PAIRABLE = (u: string) => `(${u}.level IS NULL OR ${u}.level IN ['TOWNSHIP', 'VILLAGE'])`;
const PROVENANCE_OK = (v: string) => `($provenance IS NULL OR ${v}.provenance IN $provenance)`;
const PAIRING_OK = (p: string) => `(($kinds IS NULL OR ${p}.kind IN $kinds) AND ${PROVENANCE_OK(p)} AND ${activeOn(p)})`;

const NODE = (u: string) => `${u} { .id, label: coalesce(${u}.shortName, ${u}.name), .kind, .side, .demonstration, .provenance,
  region: coalesce([(${u})-[:PART_OF]->(x:Region) | x.id][0], [(${u})-[:LOCATED_IN]->(y:Region) | y.id][0]),
  paired: EXISTS { MATCH (${u})<-[:SUPPORTER|SUPPORTED]-(q:Pairing) WHERE ${activeOn('q')} } }`;

/** The ledger of pairing `p`: how many activities it has and the date of the last (read from its own relationships only). */
const LEDGER = `activityCount: COUNT { (p)<-[:${ACTIVITY_OF}]-(:Activity) },
  lastActivity: head(COLLECT { MATCH (p)<-[:${ACTIVITY_OF}]-(a:Activity) RETURN a.date ORDER BY a.date DESC LIMIT 1 })`;
const PAIRING_EDGE = (ledger: boolean) =>
  `p { .id, source: s.id, target: t.id, type: 'PAIRING', .kind, .sector, .since, .until, status: ${statusOf('p')}, .provenance,
  ${ledger ? LEDGER : 'activityCount: null, lastActivity: null'} }`;
const LOCATION_EDGE = `{ id: c.id + '|' + type(l) + '|' + par.id, source: c.id, target: par.id, type: type(l),
  kind: null, sector: null, since: null, until: null, status: null, provenance: l.provenance, activityCount: null, lastActivity: null }`;

/** Neighbours of the frontier units one step away: through a pairing, or a parent or child division (each passing the filters). */
export const NEIGHBOURS = `
  UNWIND $frontier AS id
  MATCH (u:Unit {id: id})
  CALL (u) {
    MATCH (u)<-[:SUPPORTER|SUPPORTED]-(p:Pairing)-[:SUPPORTER|SUPPORTED]->(n:Unit)
    WHERE n <> u AND ${PAIRING_OK('p')}
    RETURN n
    UNION
    MATCH (u)-[l:PART_OF|LOCATED_IN]-(n:Unit)
    WHERE ${PROVENANCE_OK('l')}
    RETURN n
  }
  WITH DISTINCT n WHERE ${PAIRABLE('n')} AND ${PROVENANCE_OK('n')}
  RETURN n.id AS id ORDER BY id`;

/** Whether the center unit exists. */
export const CENTER = `OPTIONAL MATCH (u:Unit {id: $centerId}) RETURN u IS NOT NULL AS found`;

/** Whether the region exists. */
export const REGION = `OPTIONAL MATCH (r:Region {id: $region}) RETURN r IS NOT NULL AS found`;

/** Node ids of the whole selection without a center, in id order (LIMIT applied by the caller). */
export const SELECTION_IDS_ALL = `
  MATCH (u:Unit) WHERE u.id IS NOT NULL AND ${PAIRABLE('u')} AND ${PROVENANCE_OK('u')}
  RETURN u.id AS id ORDER BY id LIMIT $limit`;

/** Node ids below a region plus the counterparts of its pairings, in id order. */
export const SELECTION_IDS_REGION = `
  MATCH (r:Region {id: $region})
  CALL (r) {
    MATCH (r)<-[:PART_OF|LOCATED_IN*0..6]-(u:Unit) RETURN u
    UNION
    MATCH (r)<-[:PART_OF|LOCATED_IN*0..6]-(:Unit)<-[:SUPPORTER|SUPPORTED]-(p:Pairing)-[:SUPPORTER|SUPPORTED]->(u:Unit)
    WHERE ${PAIRING_OK('p')}
    RETURN u
  }
  WITH DISTINCT u WHERE ${PAIRABLE('u')} AND ${PROVENANCE_OK('u')}
  RETURN u.id AS id ORDER BY id LIMIT $limit`;

/** The node records of the given ids, in the order given. */
export const NODES_BY_IDS = `
  UNWIND $ids AS id
  MATCH (u:Unit {id: id})
  RETURN ${NODE('u')} AS row`;

/** The edges whose two ends are among the given ids, pairings first, each in id order; with `ledger`, the pairings' activity counts and last dates. */
export const EDGES_BY_IDS = (ledger: boolean) => `
  CALL () {
    UNWIND $ids AS id
    MATCH (s:Unit {id: id})<-[:SUPPORTER]-(p:Pairing)-[:SUPPORTED]->(t:Unit)
    WHERE t.id IN $ids AND ${PAIRING_OK('p')}
    RETURN ${PAIRING_EDGE(ledger)} AS row
    UNION
    UNWIND $ids AS id
    MATCH (c:Unit {id: id})-[l:PART_OF|LOCATED_IN]->(par:Unit)
    WHERE par.id IN $ids AND ${PROVENANCE_OK('l')}
    RETURN ${LOCATION_EDGE} AS row
  }
  RETURN row ORDER BY row.type = 'PAIRING' DESC, row.id`;

/** Every pairing node of the selection without a center, streamed (no limit). */
export const STREAM_NODES_ALL = `
  MATCH (u:Unit) WHERE u.id IS NOT NULL AND ${PAIRABLE('u')} AND ${PROVENANCE_OK('u')}
  RETURN ${NODE('u')} AS row ORDER BY u.id`;

/** Every edge of the selection without a center, streamed (no limit), with the pairings' activity counts and last dates. */
export const STREAM_EDGES_ALL = `
  CALL () {
    MATCH (s:Unit)<-[:SUPPORTER]-(p:Pairing)-[:SUPPORTED]->(t:Unit)
    WHERE ${PAIRING_OK('p')} AND ${PAIRABLE('s')} AND ${PAIRABLE('t')} AND ${PROVENANCE_OK('s')} AND ${PROVENANCE_OK('t')}
    RETURN ${PAIRING_EDGE(true)} AS row
    UNION ALL
    MATCH (c:Unit)-[l:PART_OF|LOCATED_IN]->(par:Unit)
    WHERE ${PAIRABLE('c')} AND ${PAIRABLE('par')} AND ${PROVENANCE_OK('c')} AND ${PROVENANCE_OK('par')} AND ${PROVENANCE_OK('l')}
    RETURN ${LOCATION_EDGE} AS row
  }
  RETURN row`;
