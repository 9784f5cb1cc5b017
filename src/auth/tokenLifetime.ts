import type { JWTPayload } from 'jose';
import { formatDuration } from '../util/parseDuration';

/** The longest a token may be valid when AUTH_MAX_TOKEN_LIFETIME is not set. */
export const DEFAULT_MAX_TOKEN_LIFETIME = '24h';

/**
 * Returns why a verified token's lifetime is refused, or null when it is accepted: it must carry `exp`, and
 * `exp` may lie at most `maxSeconds` after its `iat` and after `nowSeconds` (so that neither a missing `iat`
 * nor one in the future stretches it).
 */
export function lifetimeProblem(payload: JWTPayload, maxSeconds: number, nowSeconds: number): string | null {
  if (typeof payload.exp !== 'number') return `it has no expiry (exp); tokens must expire within ${formatDuration(maxSeconds)} (AUTH_MAX_TOKEN_LIFETIME)`;
  const from = typeof payload.iat === 'number' ? Math.min(payload.iat, nowSeconds) : nowSeconds;
  const lifetime = Math.ceil(payload.exp - from);
  if (lifetime > maxSeconds) {
    return `it is valid for ${formatDuration(lifetime)}, longer than the maximum of ${formatDuration(maxSeconds)} (AUTH_MAX_TOKEN_LIFETIME)`;
  }
  return null;
}
