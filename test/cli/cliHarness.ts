import { startTestServer, type TestServer } from '../support/testServer';
import { runCli, type CliRun } from '../support/runCli';
import { buildDist } from '../support/serviceProcess';

/** Runs `node bin/pairing-graph.js …` as a user would, asynchronously (the test server lives in this process), without PAIRING_GRAPH_URL and _LANG of the caller. */
export function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, env, { unset: ['PAIRING_GRAPH_URL', 'PAIRING_GRAPH_LANG'] });
}

/**
 * Builds what the bin runs (as a user's `npm install` or `npm run build` does) and starts a test server;
 * returns the server and its GraphQL URL. Throws when the build fails.
 */
export async function buildAndServe(): Promise<{ t: TestServer; url: string }> {
  buildDist();
  const t = await startTestServer();
  return { t, url: `${t.url}/graphql` };
}
