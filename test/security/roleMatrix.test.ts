import { startHarness, type Harness, type Reply } from '../server/harness';
import { bearer, expiredToken, foreignToken, testAuth, tokenFor } from '../support/tokens';
import { SignJWT } from 'jose';
import { fingerprint, type Fingerprint } from './fingerprint';
import { TEST_SECRET } from '../support/tokens';

/**
 * Who may do what, over HTTP against the real server and database: every operation of the API with no
 * token, a malformed header, a token signed with another secret, an expired token, a token without a
 * role, and a valid token of each role. Changes are sent with input that fails its checks after the role
 * check (an unknown id or region), so an allowed call answers BAD_USER_INPUT or NOT_FOUND and nothing is
 * written: the database is compared before and after.
 */

type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'allowed';
type CallerName = 'none' | 'malformed' | 'foreign' | 'expired' | 'no role' | 'viewer' | 'planner' | 'admin';

const CALLERS: CallerName[] = ['none', 'malformed', 'foreign', 'expired', 'no role', 'viewer', 'planner', 'admin'];

/** Each operation with the weakest role allowed (null: reads, open to all). */
const OPERATIONS: { name: string; query: string; needs: 'planner' | 'admin' | null }[] = [
  { name: 'units (read)', query: '{ units(first: 1) { totalCount } }', needs: null },
  { name: 'graph (read)', query: '{ graph(centerId: "150921000000", depth: 1) { nodes { id } } }', needs: null },
  { name: 'createUnit', query: 'mutation { createUnit(input: {id: "RM-X", name: "x", kind: SCHOOL, region: "999999"}) { action } }', needs: 'planner' },
  { name: 'updateUnit', query: 'mutation { updateUnit(id: "RM-NO-SUCH", input: {name: "x"}) { action } }', needs: 'planner' },
  { name: 'replacePlaceholder', query: 'mutation { replacePlaceholder(placeholder: "RM-NO-SUCH", input: {id: "RM-X", name: "x", kind: SCHOOL, region: "110105"}) { action } }', needs: 'planner' },
  { name: 'pairUnits', query: 'mutation { pairUnits(input: {supporting: "RM-NO-SUCH", supported: "RM-NO-SUCH-2"}) { action } }', needs: 'planner' },
  { name: 'endPairing', query: 'mutation { endPairing(id: "RM-NO-SUCH") { action } }', needs: 'planner' },
  { name: 'setContact', query: 'mutation { setContact(personId: "RM-NO-SUCH", input: {phone: "010 1234 5678"}) { id } }', needs: 'planner' },
  { name: 'contact (read)', query: '{ entity(id: "person-hu-yongqing") { id contact { phone } } }', needs: 'planner' },
  { name: 'deletePairing', query: 'mutation { deletePairing(id: "RM-NO-SUCH") { deleted } }', needs: 'admin' },
  { name: 'deleteUnit', query: 'mutation { deleteUnit(id: "RM-NO-SUCH") { deleted } }', needs: 'admin' },
  { name: 'changes (audit)', query: '{ changes(first: 1) { totalCount } }', needs: 'admin' },
];

const RANK = { viewer: 0, planner: 1, admin: 2 } as const;

/** What a caller must get for an operation when reads are open: a query it may run answers ok, a mutation it may send gets past the role check. */
function expected(caller: CallerName, op: { query: string; needs: 'planner' | 'admin' | null }): Outcome {
  if (caller === 'malformed' || caller === 'foreign' || caller === 'expired') return 'UNAUTHENTICATED';
  const pass = op.query.startsWith('mutation') ? 'allowed' : 'ok';
  if (op.needs === null) return pass;
  if (caller === 'none') return 'UNAUTHENTICATED';
  if (caller === 'no role') return 'FORBIDDEN';
  return RANK[caller] >= RANK[op.needs] ? pass : 'FORBIDDEN';
}

/** What a reply says: ok (data, no error), allowed (past the role check: BAD_USER_INPUT, NOT_FOUND or data), or the auth code. */
function outcome(r: Reply): string {
  const errors = r.json?.errors ?? [];
  const codes = errors.map((e) => e.extensions?.code);
  if (codes.includes('UNAUTHENTICATED')) return r.status === 401 ? 'UNAUTHENTICATED' : `UNAUTHENTICATED with HTTP ${r.status}`;
  if (codes.includes('FORBIDDEN')) return 'FORBIDDEN';
  if (codes.some((c) => c === 'BAD_USER_INPUT' || c === 'NOT_FOUND')) return 'allowed';
  if (errors.length) return `unexpected ${String(codes)}: ${errors[0].message}`;
  return r.status === 200 && r.json?.data ? 'ok' : `HTTP ${r.status}`;
}

let open: Harness;
let closed: Harness;
let headers: Record<CallerName, Record<string, string>>;
let before: Fingerprint;

beforeAll(async () => {
  open = await startHarness({ production: true, auth: testAuth() });
  closed = await startHarness({ production: true, auth: testAuth({ readsNeedToken: true }) });
  const noRole = await new SignJWT({ roles: ['reader-of-something-else'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('tester-norole')
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(TEST_SECRET));
  headers = {
    none: {},
    malformed: { authorization: 'Bearer not-a-jwt' },
    foreign: bearer(await foreignToken()),
    expired: bearer(await expiredToken()),
    'no role': bearer(noRole),
    viewer: bearer(await tokenFor('viewer')),
    planner: bearer(await tokenFor('planner')),
    admin: bearer(await tokenFor('admin')),
  };
  before = await fingerprint(open.driver);
}, 60_000);

afterAll(async () => {
  await open?.close();
  await closed?.close();
});

describe('the role matrix with open reads', () => {
  it.each(OPERATIONS.map((op) => [op.name, op] as const))('%s', async (_name, op) => {
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const caller of CALLERS) {
      got[caller] = outcome(await open.post({ query: op.query }, headers[caller]));
      want[caller] = expected(caller, op);
    }
    expect(got).toEqual(want);
  });

  it('gives a viewer the rest of an entity when only its contact is forbidden', async () => {
    const r = await open.post({ query: '{ entity(id: "person-hu-yongqing") { id name contact { phone } } }' }, headers.viewer);
    expect(r.json?.data).toEqual({ entity: { id: 'person-hu-yongqing', name: expect.any(String), contact: null } });
    expect(r.json?.errors?.[0]).toMatchObject({ path: ['entity', 'contact'], extensions: { code: 'FORBIDDEN' } });
    const other = await open.post({ query: '{ entity(id: "plan-doubling-education") { id contact { phone } } }' }, headers.viewer);
    expect(other.json?.errors).toBeUndefined();
  });

  it('says why a token is refused, with WWW-Authenticate, and leaks no detail', async () => {
    const expired = await open.post({ query: '{ apiVersion }' }, headers.expired);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toBe('Bearer');
    expect(expired.json?.errors?.[0].message).toBe('invalid token: the token has expired');
    const foreign = await open.post({ query: '{ apiVersion }' }, headers.foreign);
    expect(foreign.json?.errors?.[0].message).toBe('invalid token: the token signature does not verify');
    const basic = await open.post({ query: '{ apiVersion }' }, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(basic.json?.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const none = await open.post({ query: 'mutation { endPairing(id: "x") { action } }' });
    expect(none.json?.errors?.[0].message).toBe('endPairing needs a bearer token with the planner role');
  });
});

describe('reads that need a token (AUTH_READS=token)', () => {
  it('refuses reads and exports without a token (401) and serves any valid role', async () => {
    const anonymous = await closed.post({ query: '{ apiVersion }' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json?.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    for (const caller of ['viewer', 'planner', 'admin'] as const) {
      expect(outcome(await closed.post({ query: '{ units(first: 1) { totalCount } }' }, headers[caller]))).toBe('ok');
    }
    const exportUrl = `${closed.url}/export/graph.json?centerId=150921000000&depth=1`;
    const refused = await fetch(exportUrl);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const served = await fetch(exportUrl, { headers: headers.viewer });
    expect(served.status).toBe(200);
    expect(((await served.json()) as { nodes: unknown[] }).nodes.length).toBeGreaterThan(1);
  });

  it('refuses a bad token on exports even when reads are open', async () => {
    const res = await fetch(`${open.url}/export/graph.json?centerId=150921000000&depth=1`, { headers: headers.expired });
    expect(res.status).toBe(401);
  });
});

describe('afterwards', () => {
  it('left the database unchanged', async () => {
    expect(await fingerprint(open.driver)).toEqual(before);
  });
});
