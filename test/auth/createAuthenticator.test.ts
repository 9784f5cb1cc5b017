import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { createAuthenticator } from '../../src/auth/createAuthenticator';
import { loadConfig } from '../../src/config/loadConfig';
import { TEST_SECRET, testAuth, tokenFor } from '../support/tokens';

/**
 * Token verification as configured: a shared secret (HS256) or a JSON Web Key Set served over HTTP
 * (here a real server on loopback with an ES256 key), issuer and audience, the roles claim, and the
 * configuration rules for AUTH_*.
 */

let jwks: Server;
let jwksUrl: string;
let key: KeyLike;
let otherKey: KeyLike;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  key = pair.privateKey;
  otherKey = (await generateKeyPair('ES256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  jwks = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

const es256 = (claims: Record<string, unknown>, signer: KeyLike, kid = 'k1') =>
  new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).setSubject('li.si').setIssuer('https://id.example.gov.cn').setAudience('pairing-graph').setExpirationTime('5m').sign(signer);

describe('with a shared secret', () => {
  it('returns the subject and the strongest known role; no header is anonymous while reads are open', async () => {
    const auth = testAuth();
    expect(await auth.authenticate(`Bearer ${await tokenFor('planner', '王五')}`)).toEqual({ subject: '王五', role: 'planner' });
    expect(await auth.authenticate(undefined)).toEqual({ subject: null, role: null });
    const many = await new SignJWT({ roles: ['viewer', 'admin', 'auditor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('5m').sign(new TextEncoder().encode(TEST_SECRET));
    expect((await auth.authenticate(`Bearer ${many}`)).role).toBe('admin');
  });

  it('refuses an unsigned token (alg none) and a token without a subject', async () => {
    const auth = testAuth();
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'x', roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url');
    await expect(auth.authenticate(`Bearer ${header}.${body}.`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const noSub = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(TEST_SECRET));
    await expect(auth.authenticate(`Bearer ${noSub}`)).rejects.toThrow('invalid token: it has no subject (sub)');
  });

  it('needs a token for everything when reads need one', async () => {
    await expect(testAuth({ readsNeedToken: true }).authenticate(undefined)).rejects.toThrow('a bearer token is required');
  });
});

describe('with a JSON Web Key Set', () => {
  it('verifies tokens of the key set, with issuer, audience and a custom roles claim', async () => {
    const auth = createAuthenticator({ jwksUrl, issuer: 'https://id.example.gov.cn', audience: 'pairing-graph', rolesClaim: 'groups', readsNeedToken: false });
    expect(await auth.authenticate(`Bearer ${await es256({ groups: 'staff planner' }, key)}`)).toEqual({ subject: 'li.si', role: 'planner' });
    await expect(auth.authenticate(`Bearer ${await es256({ groups: ['admin'] }, otherKey)}`)).rejects.toThrow('invalid token: the token signature does not verify');
    const wrongAudience = createAuthenticator({ jwksUrl, audience: 'another-api', readsNeedToken: false });
    await expect(wrongAudience.authenticate(`Bearer ${await es256({}, key)}`)).rejects.toThrow("invalid token: the token's aud claim is not accepted");
    // An HS256 token signed with some secret is refused where keys are public (no algorithm confusion).
    await expect(auth.authenticate(`Bearer ${await tokenFor('admin')}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('AUTH_* configuration', () => {
  it('lists every problem: a short secret, a secret and a key set together, no secret in production', () => {
    expect(() => loadConfig({ AUTH_JWT_SECRET: 'short' })).toThrow(/AUTH_JWT_SECRET: at least 32 characters/);
    expect(() => loadConfig({ AUTH_JWT_SECRET: 'x'.repeat(32), AUTH_JWKS_URL: 'https://id.example/jwks' })).toThrow(/AUTH_JWKS_URL: set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET: AUTH_JWT_SECRET or AUTH_JWKS_URL is required in production/);
    expect(() => loadConfig({ AUTH_READS: 'sometimes' })).toThrow(/AUTH_READS: 'open' or 'token'/);
    expect(() => loadConfig({ AUTH_JWKS_URL: 'ftp://x' })).toThrow(/AUTH_JWKS_URL/);
    expect(loadConfig({}).AUTH_READS).toBe('open');
  });
});
