import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { GraphQLError } from 'graphql';
import { unauthenticated } from './AuthError';
import { ANONYMOUS, type Caller } from './Caller';
import { isRolesClaim, strongestRole } from './roles';
import { DEFAULT_MAX_TOKEN_LIFETIME, lifetimeProblem } from './tokenLifetime';
import { parseDuration } from '../util/parseDuration';

/** How tokens are verified and whether reads need one. */
export interface AuthSettings {
  /** HS256 shared secret (at least 32 characters); exclusive with `jwksUrl`. */
  secret?: string;
  /** URL of a JSON Web Key Set (RS256, ES256, EdDSA, …); exclusive with `secret`. */
  jwksUrl?: string;
  /** Required `iss` claim, when set. */
  issuer?: string;
  /** Required `aud` claim, when set. */
  audience?: string;
  /** Claim holding the role or roles (`roles` by default; `role` is read when it is absent). */
  rolesClaim?: string;
  /** The longest a token may be valid, in seconds: `exp` at most this after `iat` and after now (AUTH_MAX_TOKEN_LIFETIME, 24 h by default). */
  maxLifetimeSeconds?: number;
  /** True: every request needs a valid token; false: reads are open and only changes need one. */
  readsNeedToken: boolean;
}

/** Verifies bearer tokens. */
export interface Authenticator {
  readonly settings: AuthSettings;
  /**
   * Returns the caller of a request from its Authorization header: {@link ANONYMOUS} without one. Throws
   * an UNAUTHENTICATED GraphQLError (HTTP 401) for a header that is not `Bearer <jwt>`, a token that does
   * not verify (signature, expiry, issuer, audience), has no `exp` or too long a lifetime, has no subject,
   * has a roles claim that is not a string or a list of strings, or no token when reads need one.
   */
  authenticate(authorization: string | undefined): Promise<Caller>;
}

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'];
const PUBLIC_KEY_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Returns the client-facing reason a token failed, without internal detail. */
function whyInvalid(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${err.claim} claim is not accepted`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return "the token's algorithm is not accepted";
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'no key of the key set matches the token';
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) return 'the key set could not be fetched';
  return 'the token is malformed';
}

/**
 * Returns an authenticator for `settings`. With neither a secret nor a key set, no token verifies: every
 * token gets UNAUTHENTICATED, and only open reads work. Throws an Error for a secret shorter than 32
 * characters or both a secret and a key set (the configuration check catches these first).
 */
export function createAuthenticator(settings: AuthSettings): Authenticator {
  if (settings.secret && settings.jwksUrl) throw new Error('auth: give a shared secret or a JWKS URL, not both');
  if (settings.secret !== undefined && settings.secret.length < 32) throw new Error('auth: the shared secret must have at least 32 characters');
  const key: Uint8Array | JWTVerifyGetKey | null = settings.secret
    ? new TextEncoder().encode(settings.secret)
    : settings.jwksUrl
      ? createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 })
      : null;
  const algorithms = settings.secret ? HMAC_ALGORITHMS : PUBLIC_KEY_ALGORITHMS;
  const rolesClaim = settings.rolesClaim ?? 'roles';
  const maxLifetime = settings.maxLifetimeSeconds ?? parseDuration(DEFAULT_MAX_TOKEN_LIFETIME);

  const fail = (message: string): GraphQLError => unauthenticated(message);
  return {
    settings,
    async authenticate(authorization) {
      if (authorization === undefined || authorization.trim() === '') {
        if (settings.readsNeedToken) throw fail('a bearer token is required (Authorization: Bearer <token>)');
        return ANONYMOUS;
      }
      const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)\s*$/i.exec(authorization);
      if (!match) throw fail('the Authorization header must be "Bearer <token>" with a JSON Web Token');
      if (!key) throw fail('this server accepts no tokens: AUTH_JWT_SECRET or AUTH_JWKS_URL is not set');
      let payload: JWTPayload;
      try {
        const verified =
          key instanceof Uint8Array
            ? await jwtVerify(match[1], key, { algorithms, issuer: settings.issuer, audience: settings.audience, clockTolerance: 30 })
            : await jwtVerify(match[1], key, { algorithms, issuer: settings.issuer, audience: settings.audience, clockTolerance: 30 });
        payload = verified.payload;
      } catch (err) {
        throw fail(`invalid token: ${whyInvalid(err)}`);
      }
      const lifetime = lifetimeProblem(payload, maxLifetime, Date.now() / 1000);
      if (lifetime) throw fail(`invalid token: ${lifetime}`);
      const subject = typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : null;
      if (!subject) throw fail('invalid token: it has no subject (sub)');
      // A malformed claim is refused rather than read as "no role": it is a token this service does not understand.
      const claimName = payload[rolesClaim] !== undefined ? rolesClaim : 'role';
      const claim = payload[claimName];
      if (claim !== undefined && !isRolesClaim(claim)) throw fail(`invalid token: its ${claimName} claim must be a string or a list of strings`);
      return { subject, role: strongestRole(claim) };
    },
  };
}
