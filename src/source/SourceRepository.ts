import type { Database } from '../db/Database';
import { plainRows } from '../db/toPlain';
import { sourceProjection, type SourceRecord } from './SourceRecord';

const FIND_BY_IDS = `
  UNWIND $ids AS id
  MATCH (s:Source {id: id})
  RETURN ${sourceProjection('s')} AS row`;

/** Reads sources. */
export class SourceRepository {
  constructor(private readonly db: Database) {}

  /** Returns the sources with these ids (unknown ids absent), in one round trip. */
  async findByIds(ids: readonly string[]): Promise<SourceRecord[]> {
    const result = await this.db.read((tx) => tx.run(FIND_BY_IDS, { ids }));
    return plainRows<SourceRecord>(result.records);
  }
}
