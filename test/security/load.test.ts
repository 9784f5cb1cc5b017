import autocannon from 'autocannon';
import { startHarness, type Harness } from '../server/harness';

/**
 * A bounded load test on loopback: 3000 GraphQL requests from 40 connections, a mix of search,
 * counterparts and coverage, against the real server over the real test database. Every answer must be a
 * 2xx without GraphQL errors; nothing may time out or fail to connect.
 */

const AMOUNT = 3000;
const CONNECTIONS = 40;

const OPERATIONS = [
  { operationName: 'LoadSearch', query: 'query LoadSearch($text: String!) { search(text: $text, first: 10) { score unit { id name kind } } }', variables: { text: '卓资' } },
  { operationName: 'LoadCounterparts', query: 'query LoadCounterparts($id: ID!) { counterparts(unitId: $id) { side unit { id name kind } pairing { id kind since status } } }', variables: { id: '150921212210' } },
  { operationName: 'LoadCoverage', query: 'query LoadCoverage($county: ID!) { coverage(county: $county) { countyCode townships { code name villages paired unpaired } } }', variables: { county: '150921' } },
  { operationName: 'LoadSearch', query: 'query LoadSearch($text: String!) { search(text: $text, first: 10) { score unit { id name kind } } }', variables: { text: 'gjp' } },
  { operationName: 'LoadCounterparts', query: 'query LoadCounterparts($id: ID!) { counterparts(unitId: $id) { side unit { id name kind } pairing { id kind since status } } }', variables: { id: '110105000000' } },
  { operationName: 'LoadSearch', query: 'query LoadSearch($text: String!) { search(text: $text, first: 10) { score unit { id name kind } } }', variables: { text: 'guaijiaopu' } },
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ production: true });
});
afterAll(() => h.close());

describe('load on loopback', () => {
  it(`answers ${AMOUNT} requests from ${CONNECTIONS} connections with no error and no non-2xx`, async () => {
    // Warm up: each operation once, and make sure each answers without errors before measuring.
    for (const op of OPERATIONS) {
      const res = await h.post(op);
      expect({ op: op.operationName, errors: res.json?.errors }).toEqual({ op: op.operationName, errors: undefined });
    }
    let answered = 0;
    const bad: string[] = [];
    const result = await autocannon({
      url: `${h.url}/graphql`,
      method: 'POST',
      connections: CONNECTIONS,
      amount: AMOUNT,
      timeout: 20,
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      requests: OPERATIONS.map((op) => ({
        method: 'POST' as const,
        body: JSON.stringify(op),
        onResponse: (status: number, body: string) => {
          answered += 1;
          if (status !== 200 || !body.startsWith('{"data":') || body.includes('"errors"')) bad.push(`${status} ${body.slice(0, 200)}`);
        },
      })),
    });
    const summary = {
      requests: result.requests.total,
      '2xx': result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      seconds: result.duration,
      'req/s': Math.round(result.requests.average),
      'latency ms (mean, p50, p99, max)': [result.latency.mean, result.latency.p50, result.latency.p99, result.latency.max],
    };
    process.stdout.write(`load test: ${JSON.stringify(summary)}\n`);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(result['2xx']).toBeGreaterThanOrEqual(AMOUNT);
    expect(answered).toBeGreaterThanOrEqual(AMOUNT);
    expect(bad.slice(0, 5)).toEqual([]);
    // Aimed at about 30 s; 38 to 56 s were measured on the 2-core machine while other suites and JVMs ran: the bound leaves room for that.
    expect(result.duration).toBeLessThan(90);

    // One access line per request, and the metrics counted them.
    const lines = h.logs.filter((l) => l.msg === 'request' && l.path === '/graphql' && l.status === 200);
    expect(lines.length).toBeGreaterThanOrEqual(AMOUNT);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    const counted = Number(/^http_requests_total\{method="POST",route="\/graphql",status="200"\} (\d+)$/m.exec(metrics)?.[1]);
    expect(counted).toBeGreaterThanOrEqual(AMOUNT);
    expect(metrics).toMatch(/^graphql_operations_total\{operation="LoadCoverage",type="query",outcome="ok"\} \d+$/m);
    expect(metrics).not.toMatch(/^graphql_errors_total/m);
  }, 120_000);
});
