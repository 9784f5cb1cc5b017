import type { Driver } from 'neo4j-driver';
import { applyMigrations, MIGRATIONS } from '../../src/db/migrations';
import { RETIRED_SEARCH_INDEXES, retireSearchIndexes } from '../../src/db/retireSearchIndexes';
import { namesOf, pinyinOf } from '../../src/search/pinyinOf';
import { SearchRepository } from '../../src/search/SearchRepository';
import { cypher, testDatabase, testDriver } from '../support/testDatabase';

const P = `mig${process.pid}`;

let driver: Driver;
beforeAll(() => {
  driver = testDriver();
});
afterAll(async () => {
  await cypher(driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $p DETACH DELETE n', { p: P });
  await driver.close();
});

describe('migrations on a real Neo4j', () => {
  it('are idempotent: applying them again changes no constraint or index', async () => {
    const before = await cypher(driver, 'SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state RETURN name, type, state ORDER BY name');
    await applyMigrations(testDatabase(driver));
    const after = await cypher(driver, 'SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state RETURN name, type, state ORDER BY name');
    expect(after).toEqual(before);
    expect(after.every((i) => i.state === 'ONLINE')).toBe(true);
  });

  it('create every named constraint and index', async () => {
    const names = new Set(
      (await cypher<{ name: string }>(driver, 'SHOW INDEXES YIELD name RETURN name')).map((r) => r.name),
    );
    const constraints = new Set((await cypher<{ name: string }>(driver, 'SHOW CONSTRAINTS YIELD name RETURN name')).map((r) => r.name));
    for (const m of MIGRATIONS) {
      const name = /(?:CONSTRAINT|INDEX) (\w+) IF NOT EXISTS/.exec(m.cypher)![1];
      expect(m.cypher.includes('CONSTRAINT') ? constraints.has(name) : names.has(name)).toBe(true);
    }
  });

  it('give the name full-text index the cjk analyzer', async () => {
    const [index] = await cypher<{ options: { indexConfig: Record<string, unknown> } }>(
      driver,
      "SHOW FULLTEXT INDEXES YIELD name, options WHERE name = 'unit_name_fulltext' RETURN options",
    );
    expect(index.options.indexConfig['fulltext.analyzer']).toBe('cjk');
  });

  it('enforce unique ids', async () => {
    await expect(cypher(driver, "CREATE (:Node {id: '150921000000'})")).rejects.toThrow(/already exists/);
  });

  it('bring a database of the older schema to the current one: names gain the pinyin forms, the retired indexes go', async () => {
    // The older schema: no `names` on a unit that is not a division, a division's `names` without its pinyin,
    // `pinyinWords` for the full-text index, and a text index of its own for the pinyin.
    const org = { id: `${P}-org`, name: '迁移测试种养合作社', ...pinyinOf('迁移测试种养合作社') };
    const village = { id: `${P}-vil`, name: '迁移测试村民委员会', shortName: '迁移测试村', former: '迁移测式村委会', ...pinyinOf('迁移测试村') };
    const formerPinyin = pinyinOf(village.former).pinyin;
    await cypher(
      driver,
      `CREATE (:Node:Unit:Organization {id: $org.id, name: $org.name, kind: 'ENTERPRISE', provenance: 'IMPORTED', pinyin: $org.pinyin, initials: $org.initials, pinyinWords: 'x'})
       CREATE (:Node:Unit {id: $v.id, name: $v.name, shortName: $v.shortName, kind: 'VILLAGE', provenance: 'REPORTED', pinyin: $v.pinyin, initials: $v.initials,
         formerNames: [$v.former], names: $v.name + '|' + $v.shortName + '|' + $v.former + '|' + $formerPinyin})`,
      { org, v: village, formerPinyin },
    );
    await cypher(driver, 'CREATE TEXT INDEX unit_pinyin_text IF NOT EXISTS FOR (n:Unit) ON (n.pinyin)');
    await applyMigrations(testDatabase(driver));
    const left = await cypher<{ name: string }>(driver, 'SHOW INDEXES YIELD name WHERE name IN $names RETURN name', { names: RETIRED_SEARCH_INDEXES });
    expect(left).toEqual([]);
    const rows = await cypher<{ id: string; names: string; formerPinyin: string[] | null; words: boolean }>(
      driver,
      'MATCH (u:Unit) WHERE u.id IN $ids RETURN u.id AS id, u.names AS names, u.formerPinyin AS formerPinyin, u.pinyinWords IS NOT NULL AS words ORDER BY id',
      { ids: [org.id, village.id] },
    );
    expect(rows).toEqual([
      { id: org.id, names: namesOf(org.name, [], org), formerPinyin: null, words: false },
      { id: village.id, names: namesOf(village.name, [village.shortName, village.former, formerPinyin], village), formerPinyin: [formerPinyin], words: false },
    ]);
    // Search finds both through the one text index, by name, short name, former pinyin and initials.
    const search = new SearchRepository(testDatabase(driver));
    const found = async (text: string) => (await search.search(text, 50, null)).map((h) => h.unit.id);
    expect(await found('种养合作')).toContain(org.id);
    expect(await found('迁移测试村')).toContain(village.id);
    expect(await found(formerPinyin)).toContain(village.id);
    expect(await found(org.initials)).toContain(org.id);
    // Current already: nothing to read again.
    expect(await retireSearchIndexes(testDatabase(driver))).toBe(0);
  }, 120_000);
});
