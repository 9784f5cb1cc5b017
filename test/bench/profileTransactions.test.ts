import neo4j, { type Driver } from 'neo4j-driver';
import { localExecutor } from '../../src/bench/localExecutor';
import { profileTransactions } from '../../src/bench/profileTransactions';
import { recordingDatabase, type RecordedTransaction } from '../../src/bench/recordingDatabase';
import { createGraphQLServer, type GraphQLServer } from '../../src/server/createGraphQLServer';
import { cypher, testDatabase, testDriver } from '../support/testDatabase';

/**
 * The bench's db hits: a request's recorded statements replayed under PROFILE. The oracle profiles each statement
 * on its own in an auto-commit session and walks the plan tree with an explicit stack, apart from the code under test.
 */

const P = `bprof${process.pid}`;
const DB = process.env.NEO4J_DATABASE ?? 'neo4j';
const SEED_COUNTY = '150921';

const TOWNSHIPS = `query Q($county: ID!) { coverage(county: $county, activeOn: "2024-06-01") { countyCode countyName
  townships { code name villages paired unpaired demonstration demonstrationPaired townshipPaired } } }`;
const FULL = `query Q($county: ID!) { coverage(county: $county, activeOn: "2024-06-01") { countyCode countyName
  townships { code name villages paired unpaired demonstration demonstrationPaired townshipPaired }
  total { villages paired unpaired } kinds { kind units paired unpaired pairings supportingUnits }
  supporting { unit { id name kind } partners ended kinds } } }`;
/** Two top-level fields: two transactions, and the graph's several statements in one of them. */
const TWO_FIELDS = `query Q($county: ID!, $village: ID!) { coverage(county: $county, activeOn: "2024-06-01") { townships { code paired } }
  graph(centerId: $village, depth: 2) { nodes { id } edges { id } } }`;

let driver: Driver;
let server: GraphQLServer;

beforeAll(async () => {
  driver = testDriver();
  server = await createGraphQLServer(testDatabase(driver), { migrated: true }, { production: true });
}, 60_000);

afterAll(async () => {
  await cypher(driver, 'MATCH (n:BenchProfileProbe) WHERE n.id STARTS WITH $p DELETE n', { p: P });
  await server.stop();
  await driver.close();
});

/** Sends `query` through the service's resolvers (in process) into a recording database; returns what it sent. */
async function record(query: string, variables: Record<string, unknown>): Promise<RecordedTransaction[]> {
  const rec = recordingDatabase(testDatabase(driver));
  const send = localExecutor(server.apollo, rec.db)(JSON.stringify({ query, variables }));
  rec.start();
  await send();
  return rec.stop();
}

/** The oracle: each statement PROFILEd alone in an auto-commit session, every operator of its tree visited once. */
async function directHits(txs: RecordedTransaction[]): Promise<number> {
  const session = driver.session({ database: DB, defaultAccessMode: neo4j.session.READ });
  try {
    let total = 0;
    for (const q of txs.flatMap((t) => t.queries)) {
      const { profile } = (await session.run(`PROFILE ${q.cypher}`, q.params)).summary;
      const stack = [profile as unknown as { dbHits: number; children: unknown[] }];
      while (stack.length) {
        const op = stack.pop()!;
        total += op.dbHits;
        stack.push(...(op.children as (typeof op)[]));
      }
    }
    return total;
  } finally {
    await session.close();
  }
}

describe("profileTransactions: a recorded request's db hits", () => {
  it('are positive, equal to profiling the same statements directly, and grow when the question reads more', async () => {
    const townships = await record(TOWNSHIPS, { county: SEED_COUNTY });
    const full = await record(FULL, { county: SEED_COUNTY });
    const plans: unknown[] = [];
    const townshipHits = await profileTransactions(driver, DB, townships, (p) => plans.push(p));
    const fullHits = await profileTransactions(driver, DB, full);
    expect(plans).toHaveLength(townships.flatMap((t) => t.queries).length);
    expect(townshipHits).toBeGreaterThan(0);
    expect(townshipHits).toBe(await directHits(townships));
    expect(fullHits).toBe(await directHits(full));
    expect(fullHits).toBeGreaterThan(townshipHits);
  });

  it('sum every statement of every transaction of a request with several round trips', async () => {
    const txs = await record(TWO_FIELDS, { county: SEED_COUNTY, village: '150921212210' });
    expect(txs.length).toBe(2);
    expect(txs.flatMap((t) => t.queries).length).toBeGreaterThan(2);
    const each = await Promise.all(txs.map((t) => profileTransactions(driver, DB, [t])));
    expect(each.every((h) => h > 0)).toBe(true);
    expect(await profileTransactions(driver, DB, txs)).toBe(each[0] + each[1]);
    expect(await profileTransactions(driver, DB, txs)).toBe(await directHits(txs));
  });

  it('refuses a write transaction, naming it, and runs nothing', async () => {
    const read = { mode: 'read' as const, queries: [{ cypher: 'RETURN 1 AS one', params: {} }], startMs: 0, endMs: 1 };
    const write = { mode: 'write' as const, queries: [{ cypher: 'CREATE (:BenchProfileProbe {id: $id})', params: { id: `${P}-w` } }], startMs: 1, endMs: 2 };
    await expect(profileTransactions(driver, DB, [read, write])).rejects.toThrow('transaction 2 of 2 is a write');
    expect(await cypher(driver, 'MATCH (n:BenchProfileProbe) WHERE n.id STARTS WITH $p RETURN count(n) AS n', { p: P })).toEqual([{ n: 0 }]);
  });
});
