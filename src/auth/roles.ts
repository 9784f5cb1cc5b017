/** The roles a token may carry, weakest first: each includes what the ones before it may do. */
export const ROLES = ['viewer', 'planner', 'admin'] as const;

/** A role: viewer reads, planner also changes data and sees contact details, admin also removes data and reads the audit trail. */
export type Role = (typeof ROLES)[number];

/** Returns true when `role` may do what `needed` may (never for no role). */
export function roleAtLeast(role: Role | null, needed: Role): boolean {
  return role !== null && ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * Returns the strongest known role named by a token's claim (a string, or a list of strings), or null when
 * it names none. Unknown role names are ignored, never an error.
 */
export function strongestRole(claim: unknown): Role | null {
  const names = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : [];
  let best: Role | null = null;
  for (const name of names) {
    const role = ROLES.find((r) => r === String(name).toLowerCase());
    if (role && (best === null || ROLES.indexOf(role) > ROLES.indexOf(best))) best = role;
  }
  return best;
}
