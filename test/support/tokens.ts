import { SignJWT } from 'jose';
import { createAuthenticator, type AuthSettings, type Authenticator } from '../../src/auth/createAuthenticator';
import { issueToken } from '../../src/auth/issueToken';
import type { Role } from '../../src/auth/roles';

/** The shared secret of the test servers. */
export const TEST_SECRET = 'test-secret-of-pairing-graph-0123456789';

/** Returns an authenticator with the test secret (reads open unless told). */
export function testAuth(settings: Partial<AuthSettings> = {}): Authenticator {
  return createAuthenticator({ secret: TEST_SECRET, readsNeedToken: false, ...settings });
}

/** Returns a valid token for `role`, its subject `tester-<role>` unless given. */
export function tokenFor(role: Role, subject = `tester-${role}`): Promise<string> {
  return issueToken(TEST_SECRET, { subject, role, expiresIn: '10m' });
}

/** Returns a token that expired an hour ago. */
export function expiredToken(role: Role = 'admin'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ roles: [role] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('tester-expired')
    .setIssuedAt(now - 7200)
    .setExpirationTime(now - 3600)
    .sign(new TextEncoder().encode(TEST_SECRET));
}

/** Returns a token signed with another secret. */
export function foreignToken(role: Role = 'admin'): Promise<string> {
  return issueToken('another-secret-that-this-server-does-not-know', { subject: 'intruder', role, expiresIn: '10m' });
}

/** Returns `{ authorization: 'Bearer <token>' }`. */
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
