import type { AddressInfo } from 'node:net';
import neo4j, { type Driver } from 'neo4j-driver';
import { createDatabase, type Database } from '../../src/db/Database';
import { PlannerRepository } from '../../src/planner/PlannerRepository';
import { createGraphQLServer, type GraphQLServer } from '../../src/server/createGraphQLServer';
import { testDatabase, testDriver } from '../support/testDatabase';

/**
 * The routing code path against the single test instance: a driver over `neo4j://` gets its routing table from
 * the server (as it would from a cluster) and sends READ sessions to a reader of that table and WRITE sessions to
 * the writer; the app's Database keeps read-your-writes through the driver's bookmark manager.
 */
const P = `routing${process.pid}`;
const database = process.env.NEO4J_DATABASE ?? 'neo4j';

let routed: Driver;
let direct: Driver;
let db: Database;
beforeAll(() => {
  const uri = process.env.NEO4J_URI!;
  const auth = process.env.NEO4J_PASSWORD ? neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD) : undefined;
  routed = neo4j.driver(uri.replace(/^(bolt|neo4j)(\+s|\+ssc)?:\/\//, 'neo4j$2://'), auth);
  direct = testDriver();
  db = createDatabase(routed, database);
});
afterAll(async () => {
  await db.write((tx) => tx.run('MATCH (n:RoutingProbe) WHERE n.id STARTS WITH $p DELETE n', { p: P }));
  await routed.close();
  await direct.close();
});

/** The driver's routing table of the database (internal state, read only to show which path the driver took). */
function routingTable(driver: Driver): { readers: string[]; writers: string[]; routers: string[] } | null {
  const provider = (driver as unknown as { _connectionProvider?: { _routingTableRegistry?: { get(db: string, supplier: () => null): unknown } } })._connectionProvider;
  const table = provider?._routingTableRegistry?.get(database, () => null) as { readers: { asHostPort(): string }[]; writers: { asHostPort(): string }[]; routers: { asHostPort(): string }[] } | null;
  if (!table) return null;
  const list = (xs: { asHostPort(): string }[]) => xs.map((x) => x.asHostPort());
  return { readers: list(table.readers), writers: list(table.writers), routers: list(table.routers) };
}

describe('NEO4J_URI=neo4j://… (routing)', () => {
  it('connects through the routing path: the server hands out a routing table with readers and a writer', async () => {
    await routed.verifyConnectivity({ database });
    const info = await routed.getServerInfo({ database });
    expect(info.address).toBeTruthy();
    const [row] = (await direct.executeQuery('CALL dbms.routing.getRoutingTable({}, $db) YIELD servers RETURN servers', { db: database })).records;
    const roles = (row.get('servers') as { role: string }[]).map((s) => s.role).sort();
    expect(roles).toEqual(['READ', 'ROUTE', 'WRITE']);
    await db.read((tx) => tx.run('RETURN 1'));
    const table = routingTable(routed);
    expect(table).not.toBeNull();
    expect(table!.readers.length).toBeGreaterThan(0);
    expect(table!.writers.length).toBe(1);
    // A bolt:// driver has no routing table at all.
    await testDatabase(direct).read((tx) => tx.run('RETURN 1'));
    expect(routingTable(direct)).toBeNull();
  });

  it('reads its own writes: each read right after a write sees it, the bookmarks advancing with every write', async () => {
    const seen: number[] = [];
    let previous: string[] = [];
    for (let v = 1; v <= 20; v++) {
      await db.write((tx) => tx.run('MERGE (n:RoutingProbe {id: $id}) SET n.v = $v', { id: `${P}-1`, v }));
      const bookmarks = [...(await routed.executeQueryBookmarkManager.getBookmarks())];
      expect(bookmarks).not.toEqual(previous);
      previous = bookmarks;
      const r = await db.read((tx) => tx.run('MATCH (n:RoutingProbe {id: $id}) RETURN n.v AS v', { id: `${P}-1` }));
      seen.push(Number(r.records[0].get('v')));
    }
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('answers a repository question the same as over bolt://', async () => {
    const overRouting = await new PlannerRepository(db).coverage('150921000000', '2024-06-01');
    const overBolt = await new PlannerRepository(testDatabase(direct)).coverage('150921000000', '2024-06-01');
    expect(overRouting.found).toBe(true);
    expect(overRouting).toEqual(overBolt);
  });

  it('serves GraphQL over a routing driver', async () => {
    let server: GraphQLServer | undefined;
    try {
      server = await createGraphQLServer(db, { migrated: true }, { production: true });
      await new Promise<void>((resolve) => server!.httpServer.listen(0, '127.0.0.1', resolve));
      const port = (server.httpServer.address() as AddressInfo).port;
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ counterparts(unitId: "150921212210", activeOn: "2024-06-01") { side unit { id kind } pairing { kind } } }' }),
      });
      const body = (await res.json()) as { data?: { counterparts: unknown[] }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data!.counterparts.length).toBeGreaterThan(0);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      await server?.stop();
    }
  });
});
