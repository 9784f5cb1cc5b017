/** The roles a token may carry, weakest first: each includes what the ones before it may do. */
export const ROLES = ['viewer', 'planner', 'admin'] as const;

/** A role: viewer reads, planner also changes data and sees contact details, admin also removes data and reads the audit trail. */
export type Role = (typeof ROLES)[number];

/** Returns true when `role` may do what `needed` may (never for no role). */
export function roleAtLeast(role: Role | null, needed: Role): boolean {
  return role !== null && ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Returns true when a roles claim has a shape this service reads: a string, or a list of strings. */
export function isRolesClaim(claim: unknown): claim is string | string[] {
  return typeof claim === 'string' || (Array.isArray(claim) && claim.every((name) => typeof name === 'string'));
}

/**
 * Returns the strongest known role named by a token's claim (a string of names separated by spaces or commas,
 * or a list of strings), or null when it names none. Unknown role names are ignored, never an error; so is
 * anything in the claim that is not a string (a nested list does not count), which the authenticator refuses
 * before it gets here.
 */
export function strongestRole(claim: unknown): Role | null {
  const names: unknown[] = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : [];
  let best: Role | null = null;
  for (const name of names) {
    const role = typeof name === 'string' ? ROLES.find((r) => r === name.toLowerCase()) : undefined;
    if (role && (best === null || ROLES.indexOf(role) > ROLES.indexOf(best))) best = role;
  }
  return best;
}
