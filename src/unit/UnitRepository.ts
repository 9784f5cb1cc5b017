import type { ManagedTransaction } from 'neo4j-driver';
import type { Database } from '../db/Database';
import { params } from '../db/params';
import { plainRows, toPlain } from '../db/toPlain';
import { pageOf, type Page } from '../graphql/cursor';
import type { ProvenanceValue, SideValue, UnitKindValue } from '../domain/vocabulary';
import { sourceProjection, type SourceRecord } from '../source/SourceRecord';
import { unitProjection, type UnitRecord } from './UnitRecord';

/** Filters of a unit listing; absent ones do not filter. */
export interface UnitListFilter {
  kind?: UnitKindValue[] | null;
  side?: SideValue | null;
  regionCode?: string | null;
  provenance?: ProvenanceValue[] | null;
  nameContains?: string | null;
  demonstration?: boolean | null;
}

const FIND_BY_IDS = `
  UNWIND $ids AS id
  MATCH (u:Unit {id: id})
  RETURN ${unitProjection('u')} AS row`;

/** Returns the units with these ids as `tx` sees them (inside a write, say); unknown ids are absent. */
export async function findUnitsIn(tx: ManagedTransaction, ids: readonly string[]): Promise<UnitRecord[]> {
  const result = await tx.run(FIND_BY_IDS, { ids });
  return plainRows<UnitRecord>(result.records);
}

/** What a units page reads besides the units: each only when the client selected it. */
export interface UnitPageOptions {
  /** Count every match (`totalCount`); the default. */
  withTotal?: boolean;
  /** Read the region each unit lies in, in the same round trip (`region`). */
  withRegions?: boolean;
  /** Read the sources the units name, in the same round trip (`source`). */
  withSources?: boolean;
}

/** A page of units with the regions and sources read beside it (empty when not asked). */
export interface UnitPage extends Page<UnitRecord> {
  regions: UnitRecord[];
  sources: SourceRecord[];
}

/** Returns the end of a page's Cypher over `u` cut to the page: the units, then their regions and sources when asked. */
function pageReturn(o: UnitPageOptions): string {
  const regions = o.withRegions
    ? `COLLECT { MATCH (r:Unit) WHERE r.id IN [x IN rows WHERE x.regionCode IS NOT NULL | x.regionCode] WITH DISTINCT r RETURN ${unitProjection('r')} }`
    : '[]';
  const sources = o.withSources ? `COLLECT { MATCH (src:Source) WHERE src.id IN [x IN rows WHERE x.source IS NOT NULL | x.source] RETURN ${sourceProjection('src')} }` : '[]';
  return `WITH collect(${unitProjection('u')}) AS rows RETURN rows, ${regions} AS regions, ${sources} AS sources`;
}

/** Reads units from Neo4j. */
export class UnitRepository {
  constructor(private readonly db: Database) {}

  /** Returns the units with these ids (unknown ids are simply absent), in one round trip. */
  async findByIds(ids: readonly string[]): Promise<UnitRecord[]> {
    return this.db.read((tx) => findUnitsIn(tx, ids));
  }

  /**
   * Returns one page of units matching `filter`, ordered by id after `afterId`, in one round trip, with the
   * total count when `withTotal` (the default; else `totalCount` is -1, a count the resolver never sends), and
   * the units' regions and sources when asked.
   * Without a region or a name filter the page walks the units in id order from the id index and stops at its
   * end, so that it costs the same whatever the size of the graph; with a region the walk starts at that region
   * (an index seek), with a name filter at the name's text index.
   */
  async list(filter: UnitListFilter, first: number, afterId: string | null, options: UnitPageOptions = {}): Promise<UnitPage> {
    const where: string[] = [];
    if (filter.kind?.length) where.push('u.kind IN $kind');
    if (filter.side) where.push('u.side = $side');
    if (filter.provenance?.length) where.push('u.provenance IN $provenance');
    // `names` holds the name and has the text index; the second test keeps the match to the name itself.
    if (filter.nameContains) where.push('u.names CONTAINS $nameContains AND u.name CONTAINS $nameContains');
    if (filter.demonstration !== undefined && filter.demonstration !== null) where.push('u.demonstration = $demonstration');
    const withTotal = options.withTotal ?? true;
    let count: string;
    let page: string;
    if (!filter.regionCode && !filter.nameContains) {
      page = `MATCH (u:Unit) USING INDEX u:Unit(id)
        WHERE u.id > coalesce($afterId, '')${where.length ? ` AND ${where.join(' AND ')}` : ''}
        WITH u ORDER BY u.id LIMIT $limit
        ${pageReturn(options)}`;
      count = `MATCH (u:Unit) ${where.length ? `WHERE ${where.join(' AND ')}` : ''} RETURN count(u) AS total`;
    } else {
      // A region starts the walk at its index entry; a name filter lets the planner use the name's text index.
      const match = filter.regionCode ? 'MATCH (:Region {id: $regionCode})<-[:PART_OF|LOCATED_IN*1..8]-(u:Unit)' : 'MATCH (u:Unit)';
      const filtered = `${match} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} WITH DISTINCT u`;
      page = `${filtered} WHERE $afterId IS NULL OR u.id > $afterId
        WITH u ORDER BY u.id LIMIT $limit
        ${pageReturn(options)}`;
      count = `${filtered} RETURN count(u) AS total`;
    }
    const cypher = withTotal
      ? `CALL () { ${count} } CALL () { ${page} } RETURN total, rows, regions, sources`
      : `CALL () { ${page} } RETURN null AS total, rows, regions, sources`;
    const result = await this.db.read((tx) =>
      tx.run(cypher, params({ ...filter, afterId, limit: first + 1 }, ['limit'])),
    );
    const record = result.records[0];
    return {
      ...pageOf(toPlain(record.get('rows')) as unknown as UnitRecord[], toPlain(record.get('total')) as number | null, first),
      regions: toPlain(record.get('regions')) as unknown as UnitRecord[],
      sources: toPlain(record.get('sources')) as unknown as SourceRecord[],
    };
  }
}
