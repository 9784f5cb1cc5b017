import type http from 'node:http';
import { fmt, log } from './benchFormat';
import { send, sendChecked } from './httpClient';
import { measureLatency, type LatencyFigures } from './measureLatency';

/** What any request to the service costs before it asks Neo4j anything. */
export interface Floor {
  /** GET /healthz: the HTTP round trip alone (Express, no GraphQL, no Neo4j). */
  healthz: LatencyFigures;
  /** POST /graphql `{ __typename }`: HTTP plus Apollo's pipeline (parse, validate, execute, limits, logging, metrics), no Neo4j. */
  typename: LatencyFigures;
}

/**
 * Measures the fixed cost of one request to the service, one client at a time: the HTTP round trip (GET
 * /healthz) and a GraphQL request that needs no database (`{ __typename }`). A question's GraphQL median can
 * not be lower than its driver median plus the latter. Rejects when either fails.
 */
export async function measureFloor(agent: http.Agent, base: string, seconds: number): Promise<Floor> {
  const health = async () => {
    const res = await send(agent, base, { method: 'GET', path: '/healthz' });
    if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
  };
  const typename = { method: 'POST' as const, path: '/graphql', body: JSON.stringify({ query: '{ __typename }' }) };
  await sendChecked(agent, base, typename);
  const lat = await measureLatency(health, () => sendChecked(agent, base, typename), { warmup: 50, minSamples: 100, maxSamples: 1000, maxSeconds: seconds });
  log(`fixed cost of a request: GET /healthz ${fmt(lat.a.medianMs, 2)} ms, { __typename } ${fmt(lat.b.medianMs, 2)} ms (medians)`);
  return { healthz: lat.a, typename: lat.b };
}
