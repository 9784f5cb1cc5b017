import { createMetrics, MAX_OPERATION_LABELS } from '../../src/observability/metrics';
import { requestIdFrom } from '../../src/observability/requestId';
import { startHarness, type Harness, type LogLine } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const PROBE = 'query Probe { search(text: "卓资", first: 2) { unit { id } } }';

function linesOf(reqId: string): LogLine[] {
  return h.logs.filter((l) => l.reqId === reqId);
}

/** Waits until the request's access line is written (it is written when the response finishes). */
async function accessLine(reqId: string): Promise<LogLine> {
  for (let i = 0; i < 50; i += 1) {
    const line = linesOf(reqId).find((l) => l.msg === 'request');
    if (line) return line;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no access line for ${reqId}`);
}

describe('request ids', () => {
  it('echoes a sane x-request-id and replaces anything else with a UUID', async () => {
    const sane = await h.post({ query: '{ __typename }' }, { 'x-request-id': 'trace-42.a:b_c' });
    expect(sane.headers.get('x-request-id')).toBe('trace-42.a:b_c');
    for (const insane of ['has space', '<script>', 'x'.repeat(129), '-leading-dash', 'é']) {
      const res = await h.post({ query: '{ __typename }' }, { 'x-request-id': insane });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    const none = await fetch(`${h.url}/healthz`);
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(['first-1', 'second'])).toBe('first-1');
  });
});

describe('structured logs', () => {
  it('writes one JSON line per request with method, path, status, ms and operationName', async () => {
    const res = await h.post({ query: PROBE }, { 'x-request-id': 'log-one' });
    expect(res.status).toBe(200);
    const line = await accessLine('log-one');
    expect(line).toMatchObject({ level: 'info', msg: 'request', reqId: 'log-one', method: 'POST', path: '/graphql', status: 200, operationName: 'Probe', service: 'pairing-graph' });
    expect(typeof line.ms).toBe('number');
    expect(typeof line.time).toBe('string');
    expect(linesOf('log-one').filter((l) => l.msg === 'request')).toHaveLength(1);
    await fetch(`${h.url}/readyz`, { headers: { 'x-request-id': 'log-ready' } });
    expect(await accessLine('log-ready')).toMatchObject({ method: 'GET', path: '/readyz', status: 200 });
  });

  it('writes one line per GraphQL error, with its code and the request id', async () => {
    const res = await h.post({ query: 'query Missing { counterparts(unitId: "NO-SUCH-UNIT") { side } }' }, { 'x-request-id': 'log-error' });
    expect(res.json?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await accessLine('log-error');
    const errors = linesOf('log-error').filter((l) => l.msg === 'graphql error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'NOT_FOUND', operationName: 'Missing', path: 'counterparts' });
    const bad = await h.post('{"query": ', { 'x-request-id': 'log-json' });
    expect(bad.status).toBe(400);
    expect(await accessLine('log-json')).toMatchObject({ status: 400, path: '/graphql' });
    expect(linesOf('log-json').find((l) => l.msg === 'http error')).toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('/metrics', () => {
  it('serves Prometheus text with HTTP, GraphQL, Cypher and process metrics', async () => {
    await h.post({ query: PROBE });
    await h.post({ query: 'query Missing { counterparts(unitId: "NO-SUCH-UNIT") { side } }' });
    const res = await fetch(`${h.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^http_requests_total\{method="POST",route="\/graphql",status="200"\} \d+$/m);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0\.1",method="POST",route="\/graphql",status="200"\} \d+$/m);
    expect(text).toMatch(/^graphql_operations_total\{operation="Probe",type="query",outcome="ok"\} \d+$/m);
    expect(text).toMatch(/^graphql_operations_total\{operation="Missing",type="query",outcome="error"\} \d+$/m);
    expect(text).toMatch(/^graphql_operation_duration_seconds_count\{operation="Probe",type="query"\} \d+$/m);
    expect(text).toMatch(/^graphql_errors_total\{code="NOT_FOUND"\} \d+$/m);
    expect(text).toMatch(/^neo4j_transaction_duration_seconds_count\{mode="read",outcome="ok"\} \d+$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  });

  it('keeps the number of operation labels bounded', () => {
    const m = createMetrics();
    for (let i = 0; i < MAX_OPERATION_LABELS; i += 1) expect(m.operationLabel(`Op${i}`)).toBe(`Op${i}`);
    expect(m.operationLabel('OneTooMany')).toBe('(other)');
    expect(m.operationLabel('Op7')).toBe('Op7');
    expect(m.operationLabel(null)).toBe('(anonymous)');
    expect(m.operationLabel('not a name!')).toBe('(invalid)');
  });
});

describe('the body limit', () => {
  it('answers 413 PAYLOAD_TOO_LARGE over GRAPHQL_BODY_LIMIT and serves bodies under it', async () => {
    const small = await startHarness({ bodyLimitBytes: 2048 });
    try {
      const ok = await small.post({ query: '{ __typename }', variables: { pad: 'x'.repeat(1500) } });
      expect(ok.json?.data).toEqual({ __typename: 'Query' });
      const big = await small.post({ query: '{ __typename }', variables: { pad: 'x'.repeat(3000) } });
      expect(big.status).toBe(413);
      expect(big.json).toEqual({ errors: [{ message: 'The request body is larger than the limit of 2048 bytes.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    } finally {
      await small.close();
    }
  });
});
