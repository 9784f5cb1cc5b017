import type { Database } from '../db/Database';
import { params } from '../db/params';
import { toPlain } from '../db/toPlain';
import type { UnitKindValue } from '../domain/vocabulary';
import { unitProjection, type UnitRecord } from '../unit/UnitRecord';
import { normalizeLatin } from './pinyinOf';

/** One hit as read. */
export interface SearchHitRecord {
  unit: UnitRecord;
  score: number;
  matchedOn: 'NAME_EXACT' | 'NAME_PREFIX' | 'NAME' | 'OTHER_NAME_EXACT' | 'OTHER_NAME' | 'PINYIN' | 'INITIALS';
}

const HAN = /\p{Script=Han}/u;
/** How many full-text hits a one- or two-character text ranks (the index returns them best first). */
const SHORT_TEXT_HITS = 1000;
/** Neo4j's message when the full-text index `unit_names` does not exist (while a bulk load rebuilds it). */
const MISSING_FULLTEXT = /no such full-?text (schema )?index/i;

/** Returns `text` as a Lucene phrase, quotes and backslashes escaped: no query syntax gets through. */
function lucenePhrase(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Searches unit names in Chinese and pinyin through the text and full-text indexes. */
export class SearchRepository {
  constructor(private readonly db: Database) {}

  /**
   * Returns the best `first` units for `text`, best first, in one round trip. Chinese text is matched
   * against names (text index, CONTAINS), a division's short and former names, and the cjk full-text index; Latin text against full pinyin
   * and initials. Ties are broken by shorter name, then id, so the order is deterministic.
   */
  async search(text: string, first: number, kind: UnitKindValue[] | null): Promise<SearchHitRecord[]> {
    try {
      return await this.searchWith(text, first, kind, true);
    } catch (err) {
      // A bulk division load builds the full-text index after its rows (src/region/deferSearchIndexes.ts):
      // meanwhile the other branches answer alone.
      if (!MISSING_FULLTEXT.test((err as Error).message ?? '')) throw err;
      return this.searchWith(text, first, kind, false);
    }
  }

  private async searchWith(text: string, first: number, kind: UnitKindValue[] | null, fullText: boolean): Promise<SearchHitRecord[]> {
    const branches: string[] = [];
    const hasHan = HAN.test(text);
    const latin = normalizeLatin(text);
    if (hasHan && fullText && [...text].length < 3) {
      // Two characters (卓资): the text indexes' trigrams cannot serve them, and CONTAINS would read the whole
      // index (68 ms on the national divisions). The cjk full-text index holds every two-character run of a
      // name as a token, so it finds the same names; each hit is ranked as the CONTAINS branches rank it.
      branches.push(`CALL db.index.fulltext.queryNodes('unit_names', $phrase, {limit: ${SHORT_TEXT_HITS}}) YIELD node AS u, score
        RETURN u, CASE WHEN u.name = $text THEN 100.0 WHEN u.name STARTS WITH $text THEN 60.0 WHEN u.name CONTAINS $text THEN 40.0
            WHEN $text IN split(u.names, '|') THEN 90.0 WHEN u.names CONTAINS $text THEN 35.0 ELSE 10.0 + score END AS base,
          CASE WHEN u.name = $text THEN 'NAME_EXACT' WHEN u.name STARTS WITH $text THEN 'NAME_PREFIX' WHEN u.name CONTAINS $text THEN 'NAME'
            WHEN $text IN split(u.names, '|') THEN 'OTHER_NAME_EXACT' WHEN u.names CONTAINS $text THEN 'OTHER_NAME' ELSE 'NAME' END AS matchedOn`);
    } else if (hasHan || !latin) {
      branches.push(`MATCH (u:Unit) WHERE u.name CONTAINS $text
        RETURN u, CASE WHEN u.name = $text THEN 100.0 WHEN u.name STARTS WITH $text THEN 60.0 ELSE 40.0 END AS base,
          CASE WHEN u.name = $text THEN 'NAME_EXACT' WHEN u.name STARTS WITH $text THEN 'NAME_PREFIX' ELSE 'NAME' END AS matchedOn`);
      // A division's short and former names (拐角铺村, 拐角铺村委会 of the 2021 list), through their text index.
      branches.push(`MATCH (u:Unit) WHERE u.names CONTAINS $text
        RETURN u, CASE WHEN $text IN split(u.names, '|') THEN 90.0 ELSE 35.0 END AS base,
          CASE WHEN $text IN split(u.names, '|') THEN 'OTHER_NAME_EXACT' ELSE 'OTHER_NAME' END AS matchedOn`);
      if (fullText) {
        branches.push(`CALL db.index.fulltext.queryNodes('unit_names', $phrase, {limit: 200}) YIELD node, score
          RETURN node AS u, 10.0 + score AS base, 'NAME' AS matchedOn`);
      }
    }
    if (latin && !hasHan) {
      branches.push(`MATCH (u:Unit) WHERE u.pinyin CONTAINS $latin
        RETURN u, CASE WHEN u.pinyin STARTS WITH $latin THEN 50.0 ELSE 30.0 END AS base, 'PINYIN' AS matchedOn`);
      // The pinyin of a division's former names (guaijiaopucunweihui for 拐角铺村委会, 2021).
      branches.push(`MATCH (u:Unit) WHERE u.names CONTAINS $latin
        RETURN u, 28.0 AS base, 'PINYIN' AS matchedOn`);
      branches.push(`MATCH (u:Unit) WHERE u.initials CONTAINS $latin
        RETURN u, CASE WHEN u.initials STARTS WITH $latin THEN 45.0 ELSE 25.0 END AS base, 'INITIALS' AS matchedOn`);
    }
    const cypher = `
      CALL () { ${branches.join(' UNION ALL ')} }
      WITH u, base, matchedOn ${kind?.length ? 'WHERE u.kind IN $kind' : ''}
      WITH u, base + 10.0 / size(u.name) AS score, matchedOn
      ORDER BY score DESC
      WITH u, collect({score: score, matchedOn: matchedOn})[0] AS best
      ORDER BY best.score DESC, size(u.name), u.id
      LIMIT $first
      RETURN {unit: ${unitProjection('u')}, score: best.score, matchedOn: best.matchedOn} AS row`;
    const result = await this.db.read((tx) =>
      tx.run(cypher, params({ text, latin, phrase: lucenePhrase(text), first, kind }, ['first'])),
    );
    return result.records.map((r) => toPlain(r.get('row')) as unknown as SearchHitRecord);
  }
}
