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
/** The cjk full-text index of unit names (src/db/migrations.ts). */
const FULLTEXT_INDEX = 'unit_name_fulltext';
/** Neo4j's message when the full-text index does not exist (while a bulk load rebuilds it). */
const MISSING_FULLTEXT = /no such full-?text (schema )?index/i;

/** Returns `text` as a Lucene phrase, quotes and backslashes escaped: no query syntax gets through. */
function lucenePhrase(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Searches unit names in Chinese and pinyin through the text and full-text indexes. */
export class SearchRepository {
  constructor(private readonly db: Database) {}

  /**
   * Returns the best `first` units for `text`, best first, in one round trip. Chinese text of three
   * characters or more is matched against every name of a unit (a division's short and former names too)
   * through the text index of `names`, and shorter text through the cjk full-text index; Latin text against
   * full pinyin and initials, in the same text index. Ties are broken by shorter name, then id, so the order
   * is deterministic. Throws the database's error.
   */
  async search(text: string, first: number, kind: UnitKindValue[] | null): Promise<SearchHitRecord[]> {
    try {
      return await this.searchWith(text, first, kind, true);
    } catch (err) {
      // A bulk division load builds the full-text index after its rows (src/region/deferSearchIndexes.ts):
      // meanwhile a text of one or two characters goes through CONTAINS too.
      if (!MISSING_FULLTEXT.test((err as Error).message ?? '')) throw err;
      return this.searchWith(text, first, kind, false);
    }
  }

  private async searchWith(text: string, first: number, kind: UnitKindValue[] | null, fullText: boolean): Promise<SearchHitRecord[]> {
    const branches: string[] = [];
    const hasHan = HAN.test(text);
    const latin = normalizeLatin(text);
    // How a Chinese text ranks against a unit whose `names` hold it: the name itself, another of its names
    // whole (a short or former name), the name's start, inside the name, inside another name.
    const hanRank = `CASE WHEN u.name = $text THEN [100.0, 'NAME_EXACT'] WHEN $text IN split(u.names, '|') THEN [90.0, 'OTHER_NAME_EXACT']
      WHEN u.name STARTS WITH $text THEN [60.0, 'NAME_PREFIX'] WHEN u.name CONTAINS $text THEN [40.0, 'NAME']`;
    if (hasHan && fullText && [...text].length < 3) {
      // Two characters (卓资): the text index's trigrams cannot serve them, and CONTAINS would read the whole
      // index (68 ms on the national divisions). The cjk full-text index holds every two-character run of a
      // name as a token, so it finds the same names; each hit is ranked as the CONTAINS branch ranks it.
      branches.push(`CALL db.index.fulltext.queryNodes('${FULLTEXT_INDEX}', $phrase, {limit: ${SHORT_TEXT_HITS}}) YIELD node AS u, score
        WITH u, ${hanRank} WHEN u.names CONTAINS $text THEN [35.0, 'OTHER_NAME'] ELSE [10.0 + score, 'NAME'] END AS rank
        RETURN u, rank[0] AS base, rank[1] AS matchedOn`);
    } else if (hasHan || !latin) {
      // One seek of the text index of `names` (every form of every unit's name); a text holding the separator
      // `|` must not match across two forms, which the check of each form keeps out.
      branches.push(`MATCH (u:Unit) WHERE u.names CONTAINS $text AND any(f IN split(u.names, '|') WHERE f CONTAINS $text)
        WITH u, ${hanRank} ELSE [35.0, 'OTHER_NAME'] END AS rank
        RETURN u, rank[0] AS base, rank[1] AS matchedOn`);
    }
    if (latin && !hasHan) {
      // The same index holds the pinyin and initials; a division's former pinyin (guaijiaopucunweihui for
      // 拐角铺村委会, 2021) is one of its other forms.
      branches.push(`MATCH (u:Unit) WHERE u.names CONTAINS $latin
        WITH u, CASE WHEN u.pinyin STARTS WITH $latin THEN [50.0, 'PINYIN'] WHEN u.initials STARTS WITH $latin THEN [45.0, 'INITIALS']
          WHEN u.pinyin CONTAINS $latin THEN [30.0, 'PINYIN']
          WHEN any(f IN split(u.names, '|') WHERE f CONTAINS $latin AND NOT f IN [u.pinyin, u.initials]) THEN [28.0, 'PINYIN']
          ELSE [25.0, 'INITIALS'] END AS rank
        RETURN u, rank[0] AS base, rank[1] AS matchedOn`);
    }
    // Exactly one branch applies, and it yields each unit once with its best rank.
    if (branches.length !== 1) throw new Error(`invariant: search of ${JSON.stringify(text)} built ${branches.length} branches`);
    const cypher = `
      CALL () { ${branches[0]} }
      WITH u, base + 10.0 / size(u.name) AS score, matchedOn ${kind?.length ? 'WHERE u.kind IN $kind' : ''}
      ORDER BY score DESC, size(u.name), u.id
      LIMIT $first
      RETURN {unit: ${unitProjection('u')}, score: score, matchedOn: matchedOn} AS row`;
    const result = await this.db.read((tx) =>
      tx.run(cypher, params({ text, latin, phrase: lucenePhrase(text), first, kind }, ['first'])),
    );
    return result.records.map((r) => toPlain(r.get('row')) as unknown as SearchHitRecord);
  }
}
