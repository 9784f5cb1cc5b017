import type { ManagedTransaction } from 'neo4j-driver';
import type { Database } from '../db/Database';
import { params } from '../db/params';
import { toPlain } from '../db/toPlain';
import type { PairingKindValue, PairingStatusValue, ProvenanceValue, SectorValue } from '../domain/vocabulary';
import type { Page } from '../graphql/cursor';
import { unitProjection } from '../unit/UnitRecord';
import { activeOn, pairingProjection, statusOf, type CounterpartRecord, type PairingRecord } from './PairingRecord';

/** Filters of a pairing listing; absent ones do not filter. */
export interface PairingListFilter {
  kind?: PairingKindValue[] | null;
  sector?: SectorValue[] | null;
  supportingRegion?: string | null;
  supportedRegion?: string | null;
  activeOn?: string | null;
  provenance?: ProvenanceValue[] | null;
  status?: PairingStatusValue | null;
}

const COUNTERPARTS = `
  OPTIONAL MATCH (u:Unit {id: $unitId})
  OPTIONAL MATCH (u)<-[mine:SUPPORTER|SUPPORTED]-(p:Pairing)-[theirs:SUPPORTER|SUPPORTED]->(c:Unit)
    WHERE type(mine) <> type(theirs) AND ${activeOn('p')}
  WITH u, p, c, theirs ORDER BY p.kind, c.id, p.id
  RETURN u IS NOT NULL AS found,
    [x IN collect(CASE WHEN p IS NULL THEN null ELSE {
      unit: ${unitProjection('c')},
      side: CASE type(theirs) WHEN 'SUPPORTER' THEN 'SUPPORTING' ELSE 'SUPPORTED' END,
      pairing: p { .id, .kind, .sector, .since, .until, .asOf, status: ${statusOf('p')}, .agreementId, .provenance, .source,
        supportingId: CASE type(theirs) WHEN 'SUPPORTER' THEN c.id ELSE u.id END,
        supportedId: CASE type(theirs) WHEN 'SUPPORTED' THEN c.id ELSE u.id END }
    } END) WHERE x IS NOT NULL] AS rows`;

const FIND_BY_IDS = `
  UNWIND $ids AS id
  MATCH (s:Unit)<-[:SUPPORTER]-(p:Pairing {id: id})-[:SUPPORTED]->(t:Unit)
  RETURN ${pairingProjection('p', 's', 't')} AS row`;

/** Returns the pairings with these ids as `tx` sees them (inside a write, say); unknown ids are absent. */
export async function findPairingsIn(tx: ManagedTransaction, ids: readonly string[]): Promise<PairingRecord[]> {
  const result = await tx.run(FIND_BY_IDS, { ids });
  return result.records.map((r) => toPlain(r.get('row')) as unknown as PairingRecord);
}

/** Reads pairings. */
export class PairingRepository {
  constructor(private readonly db: Database) {}

  /** Returns the counterparts of a unit active on `on`, or null when no unit has that id; one round trip. */
  async counterparts(unitId: string, on: string): Promise<CounterpartRecord[] | null> {
    const result = await this.db.read((tx) => tx.run(COUNTERPARTS, { unitId, on }));
    const record = result.records[0];
    if (!record.get('found')) return null;
    return toPlain(record.get('rows')) as unknown as CounterpartRecord[];
  }

  /** Returns the pairings with these ids (unknown ids absent), in one round trip. */
  async findByIds(ids: readonly string[]): Promise<PairingRecord[]> {
    return this.db.read((tx) => findPairingsIn(tx, ids));
  }

  /**
   * Returns one page of pairings matching `filter`, ordered by id after `afterId`, with the total count,
   * in one round trip. A region filter starts the walk at the region's index entry.
   */
  async list(filter: PairingListFilter, first: number, afterId: string | null, options: { withTotal?: boolean } = {}): Promise<Page<PairingRecord>> {
    const where: string[] = [];
    if (filter.kind?.length) where.push('p.kind IN $kind');
    if (filter.sector?.length) where.push('p.sector IN $sector');
    if (filter.provenance?.length) where.push('p.provenance IN $provenance');
    if (filter.status) where.push(`${statusOf('p')} = $status`);
    if (filter.activeOn) where.push(activeOn('p').replaceAll('$on', '$activeOn'));
    const withTotal = options.withTotal ?? true;
    const parameters = params({ ...filter, afterId, limit: first + 1 }, ['limit']);
    let cypher: string;
    if (!filter.supportedRegion && !filter.supportingRegion) {
      // No region: walk the pairings in id order from the id index and stop at the page's end, so that a page
      // costs the same whatever the size of the graph; the count, when asked, reads the pairings alone.
      const filters = where.length ? ` AND ${where.join(' AND ')}` : '';
      const page = `
        MATCH (p:Pairing) USING INDEX p:Pairing(id)
        WHERE p.id > coalesce($afterId, '')${filters}
        CALL (p) { MATCH (s:Unit)<-[:SUPPORTER]-(p)-[:SUPPORTED]->(t:Unit) RETURN s, t }
        WITH p, s, t ORDER BY p.id LIMIT $limit
        RETURN collect(${pairingProjection('p', 's', 't')}) AS rows`;
      const count = `MATCH (p:Pairing) ${where.length ? `WHERE ${where.join(' AND ')}` : ''} RETURN count(p) AS total`;
      cypher = withTotal ? `CALL () { ${count} } CALL () { ${page} } RETURN total, rows` : `CALL () { ${page} } RETURN null AS total, rows`;
    } else {
      let match: string;
      if (filter.supportedRegion) {
        match = `MATCH (:Region {id: $supportedRegion})<-[:PART_OF|LOCATED_IN*0..8]-(t:Unit)<-[:SUPPORTED]-(p:Pairing)-[:SUPPORTER]->(s:Unit)`;
        if (filter.supportingRegion) where.push('EXISTS { (s)-[:PART_OF|LOCATED_IN*0..8]->(:Region {id: $supportingRegion}) }');
      } else {
        match = `MATCH (:Region {id: $supportingRegion})<-[:PART_OF|LOCATED_IN*0..8]-(s:Unit)<-[:SUPPORTER]-(p:Pairing)-[:SUPPORTED]->(t:Unit)`;
      }
      const filtered = `${match} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} WITH DISTINCT p, s, t`;
      const page = `CALL () { ${filtered} WHERE $afterId IS NULL OR p.id > $afterId
          WITH p, s, t ORDER BY p.id LIMIT $limit
          RETURN collect(${pairingProjection('p', 's', 't')}) AS rows }`;
      cypher = withTotal ? `CALL () { ${filtered} RETURN count(p) AS total } ${page} RETURN total, rows` : `${page} RETURN null AS total, rows`;
    }
    const result = await this.db.read((tx) => tx.run(cypher, parameters));
    const record = result.records[0];
    const rows = toPlain(record.get('rows')) as unknown as PairingRecord[];
    const total = toPlain(record.get('total')) as number | null;
    // Without withTotal nothing was counted: -1 stands in for a count the resolver never sends (it asks
    // for the count exactly when the client selects totalCount).
    return { items: rows.slice(0, first), hasNextPage: rows.length > first, totalCount: total ?? -1 };
  }

}
