import neo4j, { type Driver } from 'neo4j-driver';
import { createDatabase } from '../../src/db/Database';
import { applyMigrations } from '../../src/db/migrations';
import { createGraphQLServer, type GraphQLServer } from '../../src/server/createGraphQLServer';
import { startOwnNeo4j, loadSeedInto, type OwnNeo4j } from '../support/ownNeo4j';
import { listenOnLoopback } from '../support/testServer';
import { bearer, testAuth, tokenFor } from '../support/tokens';

/**
 * Issue 16, item 3: Neo4j freezes (SIGSTOP) under load. Every request ends while Neo4j is still frozen,
 * within the documented bound (transaction timeout + grace, or the connection-acquisition timeout when the
 * pool is exhausted), with SERVICE_UNAVAILABLE, QUERY_TIMEOUT or WRITE_OUTCOME_UNKNOWN, never INTERNAL; and
 * once Neo4j thaws, every write answered with success is in the database with its audit entry, every write
 * answered with an error is not, and a write of unknown outcome is wholly in or wholly out. The test freezes
 * a Neo4j of its own and leaves no Java process behind.
 */

const TX_TIMEOUT_MS = 5000;
const GRACE_MS = 2000;
const ACQUISITION_MS = 1500;
/** The freeze lasts far longer than any bound, so that an answer before the thaw is an answer within the bound. */
const FREEZE_MS = 25_000;
const UNITS = 24;
const P = `frz${process.pid}`;

let neo: OwnNeo4j;
let driver: Driver;
let server: GraphQLServer;
let url: string;
let planner: Record<string, string>;

async function cypher<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { records } = await driver.executeQuery(query, params);
  return records.map((r) => Object.fromEntries(r.keys.map((k) => [k, neo4j.isInt(r.get(k)) ? r.get(k).toNumber() : r.get(k)])) as T);
}

beforeAll(async () => {
  neo = await startOwnNeo4j('freeze');
  // A small pool, so that the load exhausts it while Neo4j is frozen.
  driver = neo4j.driver(neo.uri, undefined, {
    maxConnectionPoolSize: 6,
    connectionAcquisitionTimeout: ACQUISITION_MS,
    connectionTimeout: ACQUISITION_MS,
    maxTransactionRetryTime: ACQUISITION_MS,
  });
  const setup = createDatabase(driver, 'neo4j');
  await applyMigrations(setup);
  await loadSeedInto(setup);
  await cypher(
    `UNWIND range(0, $n - 1) AS i
     MATCH (r:Region {id: '110105000000'})
     CREATE (u:Node:Unit:Organization {id: $p + '-' + i, name: '冻结测试学校 ' + i, kind: 'SCHOOL', side: 'SUPPORTING', provenance: 'IMPORTED', source: 'freeze-test'})
     CREATE (u)-[:LOCATED_IN {provenance: 'IMPORTED', source: 'freeze-test'}]->(r)`,
    { n: UNITS, p: P },
  );
  const db = createDatabase(driver, 'neo4j', undefined, { txTimeoutMs: TX_TIMEOUT_MS, graceMs: GRACE_MS, maxRetryMs: ACQUISITION_MS });
  server = await createGraphQLServer(db, { migrated: true }, { auth: testAuth(), txTimeoutMs: TX_TIMEOUT_MS });
  url = await listenOnLoopback(server);
  planner = bearer(await tokenFor('planner', `${P}-planner`));
}, 300_000);

afterAll(async () => {
  if (neo?.current.pid) process.kill(neo.current.pid, 'SIGCONT');
  await server?.stop().catch(() => {});
  await driver?.close().catch(() => {});
  expect(await neo?.dispose()).toEqual([]);
}, 120_000);

interface Answer {
  kind: 'read' | 'write';
  unit: number;
  name: string;
  code: string;
  at: number;
}

async function send(kind: 'read' | 'write', unit: number, name: string): Promise<Answer> {
  const query =
    kind === 'write'
      ? { query: 'mutation F($id: ID!, $name: String!) { updateUnit(id: $id, input: {name: $name}) { action unit { name } } }', variables: { id: `${P}-${unit}`, name } }
      : { query: 'query F($id: ID!) { unit(id: $id) { id name region { code } } }', variables: { id: `${P}-${unit}` } };
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...planner }, body: JSON.stringify(query) });
  const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
  const code = body.errors?.length ? (body.errors[0].extensions?.code ?? 'NO_CODE') : 'OK';
  return { kind, unit, name, code, at: Date.now() };
}

it('ends every request while Neo4j is frozen, with a retryable code or WRITE_OUTCOME_UNKNOWN, and no acknowledged write is lost or invented', async () => {
  // Warm: the service answers.
  expect((await send('read', 0, '')).code).toBe('OK');
  expect((await send('write', 0, `${P} warm`)).code).toBe('OK');

  const answers: Promise<Answer>[] = [];
  const burst = (round: number) => {
    for (let i = 0; i < UNITS; i += 1) {
      answers.push(send('write', i, `${P} r${round} u${i}`));
      answers.push(send('read', i, ''));
    }
  };
  burst(1);
  await new Promise((r) => setTimeout(r, 30));
  process.kill(neo.current.pid!, 'SIGSTOP');
  // More requests arrive while it is frozen: the pool is exhausted and they queue for a connection.
  await new Promise((r) => setTimeout(r, 500));
  burst(2);
  const settled = await Promise.race([Promise.all(answers), new Promise<null>((r) => setTimeout(() => r(null), FREEZE_MS))]);
  process.kill(neo.current.pid!, 'SIGCONT');
  expect(settled).not.toBeNull(); // every request ended before the thaw
  const all = settled!;

  const codes = [...new Set(all.map((a) => a.code))].sort();
  expect(codes.filter((c) => !['OK', 'SERVICE_UNAVAILABLE', 'QUERY_TIMEOUT', 'WRITE_OUTCOME_UNKNOWN'].includes(c))).toEqual([]);
  // The freeze was felt: not everything succeeded.
  expect(all.filter((a) => a.code !== 'OK').length).toBeGreaterThan(0);

  // Once Neo4j answers again (and has rolled back what was left), the database agrees with the answers.
  for (let i = 0; i < 600; i += 1) {
    const ok = await cypher('RETURN 1 AS one').then(
      () => true,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // Transactions left open by abandoned requests end by the server's own timeout.
  for (let i = 0; i < 100; i += 1) {
    const [{ open }] = await cypher<{ open: number }>("SHOW TRANSACTIONS YIELD currentQuery, transactionId WHERE NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS' RETURN count(*) AS open");
    if (open === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const stored = new Map((await cypher<{ id: string; name: string }>('MATCH (u:Unit) WHERE u.id STARTS WITH $p RETURN u.id AS id, u.name AS name', { p: `${P}-` })).map((r) => [r.id, r.name]));
  const changes = await cypher<{ target: string; names: string[] }>(
    `MATCH (c:Change {operation: 'updateUnit'}) WHERE c.targetId STARTS WITH $p
     RETURN c.targetId AS target, collect(c.after) AS names`,
    { p: `${P}-` },
  );
  const auditedByUnit = new Map(changes.map((c) => [c.target, c.names.map(String).join('\n')]));
  for (const a of all.filter((x) => x.kind === 'write')) {
    const id = `${P}-${a.unit}`;
    const inAudit = (auditedByUnit.get(id) ?? '').includes(a.name);
    if (a.code === 'OK') expect({ id, name: a.name, inAudit }).toEqual({ id, name: a.name, inAudit: true });
    else if (a.code !== 'WRITE_OUTCOME_UNKNOWN') expect({ id, name: a.name, code: a.code, inAudit }).toEqual({ id, name: a.name, code: a.code, inAudit: false });
  }
  // What each unit holds is the name of a write that committed (acknowledged or of unknown outcome), as audited.
  for (const [id, name] of stored) {
    if (name.startsWith(P)) expect((auditedByUnit.get(id) ?? '').includes(name)).toBe(true);
  }
}, 300_000);
