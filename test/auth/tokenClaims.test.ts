import { SignJWT, type JWTPayload } from 'jose';
import { startHarness, type Harness, type Reply } from '../server/harness';
import { runCli } from '../support/runCli';
import { buildDist } from '../support/serviceProcess';
import { TEST_SECRET, bearer, testAuth } from '../support/tokens';

/**
 * Issue 16, item 10, over HTTP against the real server and database: what a token's roles claim may hold
 * (only strings count; any other shape is refused with 401), that a token must expire (`exp`), and within
 * the maximum lifetime (AUTH_MAX_TOKEN_LIFETIME), and that `pairing-graph token` refuses longer lifetimes.
 * The audit trail (`changes`, admins only) shows which role a token got.
 */

const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);

/** Signs `claims` with the test secret, with `sub` and, unless the claims set them, iat now and exp in ten minutes. */
function sign(claims: JWTPayload, options: { noExp?: boolean } = {}): Promise<string> {
  const payload: JWTPayload = { sub: 'tester-claims', iat: now(), ...(options.noExp ? {} : { exp: now() + 600 }), ...claims };
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(TEST_SECRET));
}

/** What a reply to the audit query says: ok (an admin), FORBIDDEN (a weaker role or none), or 401 with its message. */
function outcome(r: Reply): string {
  const error = r.json?.errors?.[0];
  if (!error) return r.status === 200 ? 'admin' : `HTTP ${r.status}`;
  if (error.extensions?.code === 'UNAUTHENTICATED') return `${r.status} ${error.message}`;
  return String(error.extensions?.code);
}

const AUDIT = { query: '{ changes(first: 1) { totalCount } }' };

let server: Harness;
let shortLived: Harness;
beforeAll(async () => {
  buildDist();
  server = await startHarness({ production: true, auth: testAuth() });
  shortLived = await startHarness({ production: true, auth: testAuth({ maxLifetimeSeconds: HOUR }) });
}, 180_000);
afterAll(async () => {
  await server?.close();
  await shortLived?.close();
});

describe('the roles claim', () => {
  it.each([
    ['a nested list', [['admin']]],
    ['a list with a number', ['admin', 7]],
    ['a list with null', [null, 'admin']],
    ['an object', { admin: true }],
    ['a number', 3],
    ['true', true],
    ['null', null],
  ])('%s is refused with 401, never read as a role', async (_what, roles) => {
    const r = await server.post(AUDIT, bearer(await sign({ roles })));
    expect(outcome(r)).toBe('401 invalid token: its roles claim must be a string or a list of strings');
  });

  it('is refused in the fallback claim `role` too', async () => {
    const r = await server.post(AUDIT, bearer(await sign({ role: [['admin']] })));
    expect(outcome(r)).toBe('401 invalid token: its role claim must be a string or a list of strings');
  });

  it.each([
    ['a string', 'admin', 'admin'],
    ['names separated by spaces and commas', 'viewer, admin', 'admin'],
    ['a list of strings, unknown names ignored', ['auditor', 'ADMIN'], 'admin'],
    ['a list without a known role', ['auditor'], 'FORBIDDEN'],
    ['an empty list', [], 'FORBIDDEN'],
    ['a planner', ['planner'], 'FORBIDDEN'],
  ])('%s counts its strings only', async (_what, roles, expected) => {
    expect(outcome(await server.post(AUDIT, bearer(await sign({ roles }))))).toBe(expected);
  });

  it('without the claim the token has no role', async () => {
    expect(outcome(await server.post(AUDIT, bearer(await sign({}))))).toBe('FORBIDDEN');
  });
});

describe('expiry and the maximum lifetime', () => {
  it('refuses a token without exp', async () => {
    const r = await server.post(AUDIT, bearer(await sign({ roles: ['admin'] }, { noExp: true })));
    expect(outcome(r)).toBe('401 invalid token: it has no expiry (exp); tokens must expire within 1d (AUTH_MAX_TOKEN_LIFETIME)');
  });

  it('accepts exactly the default maximum (24 h) and refuses a second more, counted from iat', async () => {
    const iat = now();
    expect(outcome(await server.post(AUDIT, bearer(await sign({ roles: ['admin'], iat, exp: iat + 24 * HOUR }))))).toBe('admin');
    const r = await server.post(AUDIT, bearer(await sign({ roles: ['admin'], iat, exp: iat + 24 * HOUR + 1 })));
    expect(outcome(r)).toBe('401 invalid token: it is valid for 86401s, longer than the maximum of 1d (AUTH_MAX_TOKEN_LIFETIME)');
  });

  it('counts from now without iat, and from now when iat lies in the future', async () => {
    const noIat = await sign({ roles: ['admin'], iat: undefined, exp: now() + 30 * 24 * HOUR });
    expect(outcome(await server.post(AUDIT, bearer(noIat)))).toMatch(/^401 invalid token: it is valid for .*, longer than the maximum of 1d/);
    const futureIat = await sign({ roles: ['admin'], iat: now() + 300 * 24 * HOUR, exp: now() + 300 * 24 * HOUR + HOUR });
    expect(outcome(await server.post(AUDIT, bearer(futureIat)))).toMatch(/^401 invalid token: it is valid for .*, longer than the maximum of 1d/);
  });

  it('follows a configured maximum (1 h here)', async () => {
    expect(outcome(await shortLived.post(AUDIT, bearer(await sign({ roles: ['admin'], exp: now() + HOUR }))))).toBe('admin');
    const r = await shortLived.post(AUDIT, bearer(await sign({ roles: ['admin'], exp: now() + 2 * HOUR })));
    expect(outcome(r)).toBe('401 invalid token: it is valid for 2h, longer than the maximum of 1h (AUTH_MAX_TOKEN_LIFETIME)');
  });
});

describe('pairing-graph token and the maximum lifetime', () => {
  it('refuses --expires over AUTH_MAX_TOKEN_LIFETIME (exit 2), naming the option, the value and the maximum', async () => {
    const r = await runCli(['token', '--role', 'admin', '--expires', '25h', '--lang', 'en'], { AUTH_JWT_SECRET: TEST_SECRET });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/"25h" for --expires: at most 24h \(AUTH_MAX_TOKEN_LIFETIME/);
    const custom = await runCli(['token', '--role', 'admin', '--expires', '2h'], { AUTH_JWT_SECRET: TEST_SECRET, AUTH_MAX_TOKEN_LIFETIME: '1h' });
    expect(custom.status).toBe(2);
    expect(custom.stderr).toMatch(/--expires 的取值 "2h" 无效：不得超过 1h（AUTH_MAX_TOKEN_LIFETIME/);
  });

  it('issues the maximum, which the service accepts', async () => {
    const r = await runCli(['token', '--role', 'admin', '--sub', 'max', '--expires', '24h'], { AUTH_JWT_SECRET: TEST_SECRET });
    expect(r.status).toBe(0);
    expect(outcome(await server.post(AUDIT, bearer(r.stdout.trim())))).toBe('admin');
  });

  it('refuses a malformed AUTH_MAX_TOKEN_LIFETIME, naming it', async () => {
    const r = await runCli(['token', '--role', 'admin'], { AUTH_JWT_SECRET: TEST_SECRET, AUTH_MAX_TOKEN_LIFETIME: 'forever' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/AUTH_MAX_TOKEN_LIFETIME: a duration such as 30m, 8h, 24h or 7d, longer than 0 \(got 'forever'\)/);
  });
});
