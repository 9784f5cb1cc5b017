import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { readSeedGraph } from '../../src/seed/readSeedGraph';
import { freePort } from '../support/globalSetup';
import { buildDist, cleanEnv, graphql, javaPidsFor, startService, stopService, waitFor } from '../support/serviceProcess';

/**
 * Issue 16, item 4: a first start on a busy machine died because the migrations and the seed ran under the
 * API's transaction timeout (NEO4J_TX_TIMEOUT_MS). Here the API's timeout is 1 ms, far below what any start-up
 * transaction takes: the service must still migrate and seed an empty embedded Neo4j of its own (under
 * NEO4J_STARTUP_TX_TIMEOUT_MS), while the API's queries keep the 1 ms limit.
 */

beforeAll(buildDist, 120_000);

/** Neo4j checks transaction timeouts periodically (every 2 s by default), so a 1 ms limit stops only the queries that span a check: ask until one is stopped. */
const MAX_QUERIES = 3000;

describe('a first start with a tiny NEO4J_TX_TIMEOUT_MS', () => {
  it('migrates and seeds an empty database under the start-up timeout; API queries still get QUERY_TIMEOUT; SIGTERM leaves no Java', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-startup-'));
    try {
      // The seed's counties only: the national load is npmStart.test.ts's; this test is about the timeouts.
      const env = cleanEnv({ PORT: '0', NEO4J_BOLT_PORT: String(await freePort()), NEO4J_DATA_DIR: dataDir, NEO4J_TX_TIMEOUT_MS: '1', SEED_DIVISIONS: 'counties' });
      const started = await startService(env, false, 280_000);
      const ready = /GraphQL http:\/\/127\.0\.0\.1:(\d+)\/graphql .* neo4j (bolt:\/\/\S+)/.exec(started.output());
      expect(ready).not.toBeNull();
      const [, port, boltUri] = ready!;
      const seed = await readSeedGraph();
      expect(started.output()).toContain(`seed loaded: ${seed.nodes.length} nodes, ${seed.relationships.length} relationships`);

      const driver = neo4j.driver(boltUri);
      try {
        const { records } = await driver.executeQuery(
          `UNWIND $ids AS id OPTIONAL MATCH (n:Node {id: id}) WITH count(n) AS found
           // Every relationship but the division tree's own PART_OF links, which the division load writes.
           MATCH (a:Node)-[r]->(b:Node) WHERE NOT (type(r) = 'PART_OF' AND a:Region AND b:Region)
           RETURN found, count(r) AS relationships`,
          { ids: seed.nodes.map((n) => n.id) },
          { database: 'neo4j' },
        );
        expect(records[0].get('found').toNumber()).toBe(seed.nodes.length);
        expect(records[0].get('relationships').toNumber()).toBe(seed.relationships.length);
      } finally {
        await driver.close();
      }

      const seen = new Map<string, number>();
      for (let i = 0; i < MAX_QUERIES && !seen.has('QUERY_TIMEOUT'); i += 1) {
        const answer = await graphql(Number(port), '{ coverage(county: "150921") { townships { name villages paired } } }');
        const code = answer.errors?.[0]?.extensions?.code ?? (answer.data?.coverage ? 'ok' : 'no data');
        seen.set(code, (seen.get(code) ?? 0) + 1);
      }
      expect([...seen.keys()].sort()).toEqual(seen.has('ok') ? ['QUERY_TIMEOUT', 'ok'] : ['QUERY_TIMEOUT']);

      expect(javaPidsFor(dataDir)).toHaveLength(1);
      expect(await stopService(started)).toBe(0);
      await waitFor(() => javaPidsFor(dataDir).length === 0, 60_000);
      expect(javaPidsFor(dataDir)).toEqual([]);
    } finally {
      for (const pid of javaPidsFor(dataDir)) process.kill(pid, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 600_000);
});
