import { TypenameDocument } from '../../src/generated/operations';
import { startTestServer, type TestServer } from '../support/testServer';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('the HTTP server over a real Neo4j', () => {
  it('answers { __typename } at /graphql', async () => {
    const res = await t.execute(TypenameDocument);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ __typename: 'Query' });
  });

  it('says it is alive at /healthz and ready at /readyz', async () => {
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', problems: [] });
  });

  it('keeps CSRF prevention on: a simple GET without a preflight header is refused', async () => {
    const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{__typename}')}`);
    expect(res.status).toBe(400);
  });
});
