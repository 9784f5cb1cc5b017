import type { ManagedTransaction } from 'neo4j-driver';
import type { Database } from '../db/Database';
import { params } from '../db/params';
import { toPlain } from '../db/toPlain';
import type { PairingKindValue, PairingStatusValue, ProvenanceValue, SectorValue } from '../domain/vocabulary';
import { pageOf, type Page } from '../graphql/cursor';
import { sourceProjection, type SourceRecord } from '../source/SourceRecord';
import { unitProjection, type UnitRecord, type UnitRecordKey } from '../unit/UnitRecord';
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

/** What a pairings page reads besides the pairings: each only when the client selected it. */
export interface PairingPageOptions {
  /** Count every match (`totalCount`); the default. */
  withTotal?: boolean;
  /** Read the two units of each pairing in the same round trip (`supporting`, `supported`). */
  withUnits?: boolean;
  /** The units' fields to read (the id always); every field when absent. */
  unitKeys?: readonly UnitRecordKey[] | null;
  /** Read the sources the page's pairings name in the same round trip (`source`). */
  withSources?: boolean;
}

/** A page of pairings with the units and sources read beside it (empty when not asked). */
export interface PairingPage extends Page<PairingRecord> {
  /** Each end of the page's pairings once, with the fields of `unitKeys` only when it was given. */
  units: UnitRecord[];
  sources: SourceRecord[];
}

/**
 * Returns the end of a page's Cypher over the rows `p`, `s`, `t` already cut to the page: the pairings, then
 * their units and sources when asked (so that their resolvers need no second round trip).
 */
function pageReturn(o: PairingPageOptions): string {
  // Each unit once, however many of the page's pairings it has (a community paired with many villages).
  const units = o.withUnits ? `[u IN ends | ${unitProjection('u', o.unitKeys ?? undefined)}]` : '[]';
  const sources = o.withSources ? `COLLECT { MATCH (src:Source) WHERE src.id IN sourceIds RETURN ${sourceProjection('src')} }` : '[]';
  // Only aggregates in this WITH: a literal there would be a grouping key, and a page without rows would
  // then have no record at all instead of one with empty lists.
  return `WITH collect(${pairingProjection('p', 's', 't')}) AS rows, collect(DISTINCT s) + collect(DISTINCT t) AS ends,
      collect(DISTINCT p.source) AS sourceIds
    RETURN rows, ${units} AS units, ${sources} AS sources`;
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
   * Returns one page of pairings matching `filter`, ordered by id after `afterId`, in one round trip: with the
   * total count, the pairings' units and their sources as `options` ask. A region filter starts the walk at the
   * region's index entry. Throws the database's error.
   */
  async list(filter: PairingListFilter, first: number, afterId: string | null, options: PairingPageOptions = {}): Promise<PairingPage> {
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
        ${pageReturn(options)}`;
      const count = `MATCH (p:Pairing) ${where.length ? `WHERE ${where.join(' AND ')}` : ''} RETURN count(p) AS total`;
      cypher = withTotal ? `CALL () { ${count} } CALL () { ${page} } RETURN total, rows, units, sources` : `CALL () { ${page} } RETURN null AS total, rows, units, sources`;
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
          ${pageReturn(options)} }`;
      cypher = withTotal ? `CALL () { ${filtered} RETURN count(p) AS total } ${page} RETURN total, rows, units, sources` : `${page} RETURN null AS total, rows, units, sources`;
    }
    const result = await this.db.read((tx) => tx.run(cypher, parameters));
    const record = result.records[0];
    return {
      ...pageOf(toPlain(record.get('rows')) as unknown as PairingRecord[], toPlain(record.get('total')) as number | null, first),
      units: toPlain(record.get('units')) as unknown as UnitRecord[],
      sources: toPlain(record.get('sources')) as unknown as SourceRecord[],
    };
  }
}
