import type { Database } from '../db/Database';
import { toPlain } from '../db/toPlain';
import { unitProjection, type UnitRecord } from '../unit/UnitRecord';

const CHILDREN_OF = `
  UNWIND $codes AS code
  OPTIONAL MATCH (c:Region)-[:PART_OF]->(:Region {id: code})
  WITH code, c ORDER BY c.id
  RETURN code, collect(${unitProjection('c')}) AS rows`;

const ANCESTORS_OF = `
  UNWIND $codes AS code
  OPTIONAL MATCH path = (:Region {id: code})-[:PART_OF*1..6]->(a:Region)
  WITH code, a, length(path) AS distance ORDER BY distance
  RETURN code, collect(${unitProjection('a')}) AS rows`;

/**
 * The divisions directly under `$parent`, ordered by code, starting from the parent's unique-index entry;
 * no row at all when the parent is unknown (grouping by `p` keeps an empty list for a parent without children).
 */
export const REGIONS_UNDER = `
  MATCH (p:Region {id: $parent})
  OPTIONAL MATCH (c:Region)-[:PART_OF]->(p)
  WITH p, c ORDER BY c.id
  RETURN p.id AS parent, collect(${unitProjection('c')}) AS rows`;

/** The provinces ordered by code, from the index on `Region.level`. */
export const PROVINCES = `
  MATCH (c:Region {level: 'PROVINCE'})
  WITH c ORDER BY c.id
  RETURN collect(${unitProjection('c')}) AS rows`;

/** Reads the division tree. */
export class RegionRepository {
  constructor(private readonly db: Database) {}

  /** Returns, for each code in order, its child divisions ordered by code (one round trip for all codes). */
  async childrenOf(codes: readonly string[]): Promise<UnitRecord[][]> {
    return this.grouped(CHILDREN_OF, codes);
  }

  /** Returns, for each code in order, its ancestors nearest first (one round trip for all codes). */
  async ancestorsOf(codes: readonly string[]): Promise<UnitRecord[][]> {
    return this.grouped(ANCESTORS_OF, codes);
  }

  /**
   * Returns the divisions directly under the 12-digit `parent` ordered by code, or the provinces when `parent`
   * is null, in one round trip; null when no division has the code `parent`.
   */
  async regionsUnder(parent: string | null): Promise<UnitRecord[] | null> {
    const result = await this.db.read((tx) => (parent === null ? tx.run(PROVINCES) : tx.run(REGIONS_UNDER, { parent })));
    const [record] = result.records;
    return record ? (toPlain(record.get('rows')) as unknown as UnitRecord[]) : null;
  }

  private async grouped(cypher: string, codes: readonly string[]): Promise<UnitRecord[][]> {
    const result = await this.db.read((tx) => tx.run(cypher, { codes }));
    const byCode = new Map(result.records.map((r) => [r.get('code') as string, toPlain(r.get('rows')) as unknown as UnitRecord[]]));
    return codes.map((c) => byCode.get(c) ?? []);
  }
}
