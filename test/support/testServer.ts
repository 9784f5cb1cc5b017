import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { Driver } from 'neo4j-driver';
import type { QueryCounter } from '../../src/db/Database';
import { createGraphQLServer, type GraphQLServer, type ServerOptions } from '../../src/server/createGraphQLServer';
import { testDatabase, testDriver } from './testDatabase';

/** A GraphQL error as the server sends it. */
export interface WireError {
  message: string;
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

/** The running test server with a typed client over real HTTP. */
export interface TestServer {
  url: string;
  driver: Driver;
  counter: QueryCounter;
  server: GraphQLServer;
  /** Sends a typed operation over HTTP and returns its data and errors. */
  execute<R, V>(doc: TypedDocumentNode<R, V>, variables?: V, headers?: Record<string, string>): Promise<{ data?: R | null; errors?: WireError[]; status: number }>;
  close(): Promise<void>;
}

/** Makes `server` listen on a free port of 127.0.0.1; returns its base URL. */
export async function listenOnLoopback(server: GraphQLServer): Promise<string> {
  await new Promise<void>((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = server.httpServer.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Starts the real server on a free port over the test database, with `options` (an authenticator, say). */
export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const driver = testDriver();
  const counter: QueryCounter = { count: 0 };
  const server = await createGraphQLServer(testDatabase(driver, counter), { migrated: true }, options);
  const url = await listenOnLoopback(server);
  return {
    url,
    driver,
    counter,
    server,
    async execute(doc, variables, headers = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: print(doc), variables }),
      });
      const body = (await res.json()) as { data?: never; errors?: WireError[] };
      return { ...body, status: res.status };
    },
    async close() {
      await server.stop();
      await driver.close();
    },
  };
}
