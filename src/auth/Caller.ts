import type { Role } from './roles';

/** Who sends a request: the token's subject and role, or nobody (no token). */
export interface Caller {
  /** The token's `sub`; null without a token. */
  subject: string | null;
  /** The strongest role of the token; null without a token or when it names no known role. */
  role: Role | null;
}

/** The caller of a request without a token. */
export const ANONYMOUS: Caller = Object.freeze({ subject: null, role: null });
