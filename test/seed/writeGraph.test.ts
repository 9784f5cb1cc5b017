import type { Driver } from 'neo4j-driver';
import type { SeedGraph } from '../../src/seed/SeedGraph';
import { writeGraph } from '../../src/seed/writeGraph';
import { cypher, testDatabase, testDriver } from '../support/testDatabase';

const P = `wg-${process.pid}`;
let driver: Driver;
beforeAll(() => {
  driver = testDriver();
});
afterAll(async () => {
  await cypher(driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $p DETACH DELETE n', { p: P });
  await driver.close();
});

const unit = (id: string) => ({ labels: ['Node', 'Unit', 'Organization'], id, props: { id, name: `测试单位 ${id}`, kind: 'SCHOOL', provenance: 'IMPORTED', source: 'seed-placeholder' } });
const countMine = async () => (await cypher<{ n: number }>(driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $p RETURN count(n) AS n', { p: P }))[0].n;

describe('writeGraph', () => {
  it.each(['merge', 'create'] as const)('(%s) names the missing end of a relationship and writes nothing', async (mode) => {
    const graph: SeedGraph = {
      nodes: [unit(`${P}-a-${mode}`), unit(`${P}-b-${mode}`)],
      relationships: [
        { type: 'LOCATED_IN', from: `${P}-a-${mode}`, to: `${P}-b-${mode}`, props: { provenance: 'IMPORTED', source: 'seed-placeholder' } },
        { type: 'LOCATED_IN', from: `${P}-a-${mode}`, to: `${P}-nowhere`, props: { provenance: 'IMPORTED', source: 'seed-placeholder' } },
      ],
    };
    await expect(testDatabase(driver).write((tx) => writeGraph(tx, graph, { mode }))).rejects.toThrow(`no node with id '${P}-nowhere'`);
    expect(await countMine()).toBe(0);
  });

  it('refuses a label outside its list before writing anything', async () => {
    const graph: SeedGraph = { nodes: [{ ...unit(`${P}-c`), labels: ['Node', 'Unit', 'Admin'] }], relationships: [] };
    await expect(testDatabase(driver).write((tx) => writeGraph(tx, graph))).rejects.toThrow(/label 'Admin' is not allowed/);
    expect(await countMine()).toBe(0);
  });

  it('merges: writing the same graph twice leaves one copy', async () => {
    const graph: SeedGraph = {
      nodes: [unit(`${P}-d`), unit(`${P}-e`)],
      relationships: [{ type: 'LOCATED_IN', from: `${P}-d`, to: `${P}-e`, props: { provenance: 'IMPORTED', source: 'seed-placeholder' } }],
    };
    await testDatabase(driver).write((tx) => writeGraph(tx, graph));
    await testDatabase(driver).write((tx) => writeGraph(tx, graph));
    const [row] = await cypher<{ n: number; r: number }>(
      driver,
      'MATCH (n:Node) WHERE n.id STARTS WITH $p OPTIONAL MATCH (n)-[r:LOCATED_IN]->() RETURN count(DISTINCT n) AS n, count(r) AS r',
      { p: `${P}-` },
    );
    expect(row).toEqual({ n: 2, r: 1 });
  });
});
