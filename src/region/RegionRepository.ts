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

  private async grouped(cypher: string, codes: readonly string[]): Promise<UnitRecord[][]> {
    const result = await this.db.read((tx) => tx.run(cypher, { codes }));
    const byCode = new Map(result.records.map((r) => [r.get('code') as string, toPlain(r.get('rows')) as unknown as UnitRecord[]]));
    return codes.map((c) => byCode.get(c) ?? []);
  }
}
