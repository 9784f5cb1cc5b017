import { recordingDatabase, type RecordingDatabase } from '../../src/bench/recordingDatabase';
import { ActivitiesDocument, ActivityIdsDocument, DormantPairingsDocument } from '../../src/generated/operations';
import { createGraphQLServer, type GraphQLServer } from '../../src/server/createGraphQLServer';
import { testDatabase, testDriver } from '../support/testDatabase';
import { listenOnLoopback } from '../support/testServer';
import { print } from 'graphql';
import type { Driver } from 'neo4j-driver';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/** Each ledger question is one read transaction of one statement, and `activities` counts only when `totalCount` is selected. */

let driver: Driver;
let rec: RecordingDatabase;
let server: GraphQLServer;
let url: string;

beforeAll(async () => {
  driver = testDriver();
  rec = recordingDatabase(testDatabase(driver));
  server = await createGraphQLServer(rec.db, { migrated: true });
  url = await listenOnLoopback(server);
});

afterAll(async () => {
  await server.stop();
  await driver.close();
});

/** Sends `doc` and returns the statements its request ran, per transaction. */
async function statementsOf<R, V>(doc: TypedDocumentNode<R, V>, variables: V): Promise<string[][]> {
  rec.start();
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: print(doc), variables }) });
  const body = (await res.json()) as { errors?: unknown[] };
  const txs = rec.stop();
  expect(body.errors).toBeUndefined();
  return txs.map((t) => t.queries.map((q) => q.cypher));
}

it('a page of activities without totalCount is one statement that counts nothing', async () => {
  const txs = await statementsOf(ActivityIdsDocument, { region: '150921', first: 10 });
  expect(txs).toHaveLength(1);
  expect(txs[0]).toHaveLength(1);
  expect(txs[0][0]).not.toMatch(/count\(a\) AS total/);
});

it('with totalCount, the same one statement counts too', async () => {
  const txs = await statementsOf(ActivitiesDocument, { region: '150921', first: 10 });
  // The page's statement, then at most one batch of the selected pairings and cooperations (none when the page is empty).
  expect(txs[0]).toHaveLength(1);
  expect(txs[0][0]).toMatch(/count\(a\) AS total/);
});

it('dormantPairings is one statement', async () => {
  const txs = await statementsOf(DormantPairingsDocument, { region: '150921', since: '2024-01-01' });
  expect(txs).toEqual([[expect.stringContaining('OPTIONAL MATCH (c:Region {id: $region})')]]);
});
