import type { Driver } from 'neo4j-driver';
import { applyMigrations, MIGRATIONS } from '../../src/db/migrations';
import { cypher, testDatabase, testDriver } from '../support/testDatabase';

let driver: Driver;
beforeAll(() => {
  driver = testDriver();
});
afterAll(() => driver.close());

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
      "SHOW FULLTEXT INDEXES YIELD name, options WHERE name = 'unit_names' RETURN options",
    );
    expect(index.options.indexConfig['fulltext.analyzer']).toBe('cjk');
  });

  it('enforce unique ids', async () => {
    await expect(cypher(driver, "CREATE (:Node {id: '150921000000'})")).rejects.toThrow(/already exists/);
  });
});
