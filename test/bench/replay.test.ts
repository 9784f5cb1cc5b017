import type { Driver } from 'neo4j-driver';
import { recordingDatabase, type RecordedTransaction } from '../../src/bench/recordingDatabase';
import { replayTransactions, wavesOf } from '../../src/bench/replayTransactions';
import { figuresOf, quantile } from '../../src/bench/measureLatency';
import { localExecutor } from '../../src/bench/localExecutor';
import { createGraphQLServer } from '../../src/server/createGraphQLServer';
import { GraphRepository } from '../../src/graph/GraphRepository';
import { PlannerRepository } from '../../src/planner/PlannerRepository';
import { testDatabase, testDriver } from '../support/testDatabase';

let driver: Driver;
beforeAll(() => {
  driver = testDriver();
});
afterAll(async () => {
  await driver.close();
});

const tx = (startMs: number, endMs: number): RecordedTransaction => ({ mode: 'read', queries: [], startMs, endMs });

describe('the bench records what repositories send and replays it through the plain driver', () => {
  it('records each transaction with its statements and parameters, only while recording', async () => {
    const rec = recordingDatabase(testDatabase(driver));
    const planner = new PlannerRepository(rec.db);
    await planner.coverage('150921000000', '2024-06-01');
    rec.start();
    const coverage = await planner.coverage('150921000000', '2024-06-01');
    const graph = await new GraphRepository(rec.db).graph({ centerId: '150921212210', depth: 2, region: null, kinds: null, provenance: null, activeOn: '2024-06-01', limit: 2000 });
    const recorded = rec.stop();
    expect(coverage.found).toBe(true);
    expect(graph.nodes.length).toBeGreaterThan(1);
    expect(recorded.map((t) => [t.mode, t.queries.length])).toEqual([
      ['read', 1],
      ['read', 5], // the center, two steps of neighbours, the nodes, the edges
    ]);
    expect(recorded[0].queries[0].params).toEqual({
      region: '150921000000',
      on: '2024-06-01',
      countyOnly: false,
      ranks: { PROVINCE: 0, CITY: 1, COUNTY: 2, TOWNSHIP: 3, VILLAGE: 4 },
      byRank: null,
    });
    expect(rec.stop()).toEqual([]);

    // The replay reads the same records as the repository did.
    const neighbourRows = await countRows(recorded[1].queries.slice(1, 3));
    expect(await replayTransactions(driver, process.env.NEO4J_DATABASE ?? 'neo4j', recorded.slice(1))()).toBe(1 + neighbourRows + graph.nodes.length + graph.edges.length);
  });

  it('runs a GraphQL request in-process through Apollo over the repositories, and rejects an answer with errors', async () => {
    const rec = recordingDatabase(testDatabase(driver));
    const server = await createGraphQLServer(testDatabase(driver), { migrated: true }, { production: true });
    try {
      const local = localExecutor(server.apollo, rec.db);
      const body = (query: string) => JSON.stringify({ query, variables: { id: '150921212210' } });
      rec.start();
      await local(body('query Q($id: ID!) { counterparts(unitId: $id) { unit { id } } }'))();
      const recorded = rec.stop();
      // It reached Neo4j through the Database it was given (one read for the one field).
      expect(recorded.map((t) => t.mode)).toEqual(['read']);
      await expect(local(body('query Q($id: ID!) { counterparts(unitId: $id) { nosuchfield } }'))()).rejects.toThrow(/nosuchfield/);
    } finally {
      await server.stop();
    }
  });

  it('groups transactions that overlapped into one wave', () => {
    expect(wavesOf([tx(0, 10), tx(1, 5), tx(6, 8), tx(11, 12)]).map((w) => w.length)).toEqual([2, 1, 1]);
    expect(wavesOf([])).toEqual([]);
  });

  it('computes median and p95 by nearest rank', () => {
    const ms = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(figuresOf(ms)).toMatchObject({ samples: 100, medianMs: 50, p95Ms: 95 });
    expect(quantile([3], 0.95)).toBe(3);
  });
});

/** Returns how many records the statements return, run one by one. */
async function countRows(queries: RecordedTransaction['queries']): Promise<number> {
  const session = driver.session({ database: process.env.NEO4J_DATABASE ?? 'neo4j' });
  try {
    let n = 0;
    for (const q of queries) n += (await session.run(q.cypher, q.params)).records.length;
    return n;
  } finally {
    await session.close();
  }
}
