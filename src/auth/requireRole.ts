import type { GraphQLError } from 'graphql';
import { forbidden, unauthenticated } from './AuthError';
import type { Caller } from './Caller';
import { roleAtLeast, type Role } from './roles';

/** Returns the error for a caller who may not do `what`, which needs `needed`: UNAUTHENTICATED without a token, FORBIDDEN with too weak a role; null when allowed. */
export function roleError(caller: Caller, needed: Role, what: string): GraphQLError | null {
  if (roleAtLeast(caller.role, needed)) return null;
  if (caller.subject === null && caller.role === null) return unauthenticated(`${what} needs a bearer token with the ${needed} role`);
  return forbidden(what, needed);
}

/** Returns nothing when `caller` has at least `needed`; throws UNAUTHENTICATED (no token) or FORBIDDEN (too weak a role) naming `what`. */
export function requireRole(caller: Caller, needed: Role, what: string): void {
  const error = roleError(caller, needed, what);
  if (error) throw error;
}
