import { Neo4jError } from 'neo4j-driver';
import { createDatabase, type Database } from '../../src/db/Database';
import { INTERNAL_MESSAGE, isTransactionTimeout, UNAVAILABLE_MESSAGE } from '../../src/server/errorPolicy';
import { testDriver } from '../support/testDatabase';
import { startHarness, type Harness } from './harness';

/** An error as the driver raises it, with its code. */
function driverError(message: string, code: string): Neo4jError {
  return new Neo4jError(message, code, '50N42', 'error: general processing exception');
}

/** A Cypher query that runs for many seconds unless its transaction times out. */
const SLOW = 'UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n';

/** A database whose reads of units fail with `error` (other reads go through). */
function failingUnits(error: () => Error): (db: Database) => Database {
  return (db) => ({
    ...db,
    driver: db.driver,
    name: db.name,
    read: (work) => db.read(async (tx) => {
      const run = tx.run.bind(tx);
      return work(
        new Proxy(tx, {
          get: (target, prop, receiver) =>
            prop === 'run'
              ? (...args: Parameters<typeof run>) => {
                  if (/:Unit\b/.test(String(args[0]))) throw error();
                  return run(...args);
                }
              : (Reflect.get(target, prop, receiver) as unknown),
        }),
      );
    }),
  });
}

describe.each([
  ['development', false],
  ['production', true],
])('in %s', (_mode, production) => {
  let h: Harness;
  let broken: Harness;
  let down: Harness;
  beforeAll(async () => {
    h = await startHarness({ production });
    broken = await startHarness({ production, wrapDb: failingUnits(() => new Error('Invalid input in Cypher: secret detail of the query')) });
    // Every read fails as the driver fails when Neo4j is gone (outside the transaction: no retries to wait for).
    down = await startHarness({
      production,
      wrapDb: (db) => ({
        ...db,
        read: () => Promise.reject(driverError('Failed to connect to server. Caused by: connect ECONNREFUSED 127.0.0.1:7687', 'ServiceUnavailable')),
      }),
    });
  });
  afterAll(async () => {
    await h?.close();
    await broken?.close();
    await down?.close();
  });

  it(`${production ? 'refuses' : 'allows'} introspection`, async () => {
    const res = await h.post({ query: '{ __schema { queryType { name } } }' });
    if (production) {
      expect(res.status).toBe(400);
      expect(res.json?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.json?.errors?.[0]?.message).toMatch(/introspection/i);
    } else {
      expect(res.json).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    }
  });

  it(`${production ? 'never sends' : 'sends'} stack traces, and ${production ? 'masks' : 'keeps'} field suggestions`, async () => {
    const res = await h.post({ query: '{ unitz { id } }' });
    expect(res.status).toBe(400);
    const error = res.json!.errors![0];
    expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(Boolean(error.extensions?.stacktrace)).toBe(!production);
    expect(/Did you mean/.test(error.message)).toBe(!production);
  });

  it(`answers an internal error with INTERNAL_SERVER_ERROR${production ? ' and a generic message' : ' and its message'}, logged in full`, async () => {
    const res = await broken.post({ query: 'query Broken { units(first: 1) { totalCount } }' }, { 'x-request-id': `broken-${production}` });
    expect(res.status).toBe(200);
    const error = res.json!.errors![0];
    expect(error.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    if (production) {
      expect(error).toEqual({ message: INTERNAL_MESSAGE, locations: expect.any(Array), path: ['units'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(res.text).not.toContain('secret detail');
    } else {
      expect(error.message).toContain('secret detail');
      expect(error.extensions?.stacktrace).toBeDefined();
    }
    const logged = broken.logs.find((l) => l.reqId === `broken-${production}` && l.msg.startsWith('graphql error'));
    expect(logged).toMatchObject({ level: 'error', code: 'INTERNAL_SERVER_ERROR', operationName: 'Broken' });
    expect((logged!.err as { stack: string }).stack).toContain('secret detail');
  });

  it('answers SERVICE_UNAVAILABLE with a plain message when Neo4j cannot be reached', async () => {
    const res = await down.post({ query: '{ units(first: 1) { totalCount } }' });
    expect(res.status).toBe(200);
    expect(res.json?.data).toBeNull();
    expect(res.json?.errors).toEqual([{ message: UNAVAILABLE_MESSAGE, locations: expect.any(Array), path: ['units'], extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
    const text = await (await fetch(`${down.url}/metrics`)).text();
    expect(text).toMatch(/^graphql_errors_total\{code="SERVICE_UNAVAILABLE"\} 1$/m);
  });

  it('keeps CSRF prevention on', async () => {
    const simple = await fetch(`${h.url}/graphql?query=${encodeURIComponent('{__typename}')}`);
    expect(simple.status).toBe(400);
    const form = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{__typename}"}' });
    expect(form.status).toBe(400);
  });
});

describe('the Cypher transaction timeout (NEO4J_TX_TIMEOUT_MS)', () => {
  it('makes Neo4j stop a read that runs too long, and tells the observer', async () => {
    const driver = testDriver();
    try {
      const seen: { mode: string; failed: boolean }[] = [];
      const db = createDatabase(driver, process.env.NEO4J_DATABASE ?? 'neo4j', undefined, {
        txTimeoutMs: 300,
        observer: (mode, _s, error) => seen.push({ mode, failed: error !== undefined }),
      });
      const started = Date.now();
      const err = await db.read((tx) => tx.run(SLOW)).catch((e: unknown) => e);
      expect(isTransactionTimeout(err)).toBe(true);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(seen).toEqual([{ mode: 'read', failed: true }]);
      const fine = await db.write((tx) => tx.run('RETURN 1 AS one'));
      expect(fine.records[0].get('one').toNumber()).toBe(1);
      expect(seen[1]).toEqual({ mode: 'write', failed: false });
    } finally {
      await driver.close();
    }
  });

  it('answers QUERY_TIMEOUT over GraphQL', async () => {
    const slow = (db: Database): Database => ({
      ...db,
      read: (work) => db.read(async (tx) => (/* a slow first statement in the same transaction */ await tx.run(SLOW), work(tx))),
    });
    const h = await startHarness({ production: true, txTimeoutMs: 300, wrapDb: slow });
    try {
      const res = await h.post({ query: '{ units(first: 1) { totalCount } }' });
      expect(res.json?.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TIMEOUT' });
      expect(res.json?.errors?.[0]?.message).toMatch(/limit of 300 ms/);
    } finally {
      await h.close();
    }
  });
});
