// The explorer page's access token: kept in sessionStorage (this tab only, gone when it closes; never
// localStorage) and sent as `Authorization: Bearer <token>` with every GraphQL request and export the page
// makes. Also how a failed request is described: refused by the auth check (401 UNAUTHENTICATED, 403 or
// FORBIDDEN) or failed for another reason.

const TOKEN_KEY = 'pairing-graph.token';

/** The token when sessionStorage is unavailable (it then lasts as long as the page). */
let fallback: string | null = null;

/** Returns the token saved for this tab, or null. */
export function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || null;
  } catch {
    return fallback;
  }
}

/** Saves a token for this tab (a pasted `Bearer ` prefix and spaces are dropped; empty text clears it); returns what was saved. */
export function saveToken(text: string): string | null {
  const token = text.trim().replace(/^Bearer\s+/i, '').trim() || null;
  fallback = token;
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // no sessionStorage (a locked-down browser): the token lasts for this page only
  }
  return token;
}

/** Forgets the token of this tab. */
export function clearToken(): void {
  saveToken('');
}

/** Returns `{ authorization: 'Bearer <token>' }`, or no header without a token. */
export function authHeaders(token: string | null): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Why a request failed: `code` is set when the auth check refused it; `withToken` says whether it carried a token. */
export interface Failure {
  code: 'UNAUTHENTICATED' | 'FORBIDDEN' | null;
  message: string;
  withToken: boolean;
}

/** The error a request of the page throws: it carries its {@link Failure}. */
export class RequestFailed extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

/** An error as GraphQL (`errors[]`) or the export routes (`error`) send it. */
export interface WireError {
  message?: string;
  code?: string;
  extensions?: { code?: string };
}

/** Returns the failure of an answer with HTTP `status` and `errors` (none: a plain HTTP error). */
export function failureOf(status: number, errors: WireError[], withToken: boolean): Failure {
  const codes = errors.map((e) => e.extensions?.code ?? e.code);
  const code = codes.includes('UNAUTHENTICATED') || status === 401 ? 'UNAUTHENTICATED' : codes.includes('FORBIDDEN') || status === 403 ? 'FORBIDDEN' : null;
  const message = errors.map((e) => e.message).filter(Boolean).join('; ') || `HTTP ${status}`;
  return { code, message, withToken };
}

/** Returns the failure behind any error a request threw (a network error has no code). */
export function failureOfError(err: unknown, withToken: boolean): Failure {
  if (err instanceof RequestFailed) return err.failure;
  return { code: null, message: err instanceof Error ? err.message : String(err), withToken };
}

export type PageRole = 'viewer' | 'planner' | 'admin';

/**
 * Returns the strongest role the saved token names in its `roles` or `role` claim, or null (no token, or one
 * the page cannot read). Only to show or hide buttons: the service checks the token and refuses what it forbids.
 */
export function roleOf(token: string | null): PageRole | null {
  if (!token) return null;
  try {
    const part = token.split('.')[1] ?? '';
    const json = decodeURIComponent(
      Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
    );
    const claims = JSON.parse(json) as { roles?: unknown; role?: unknown };
    const names = [claims.roles, claims.role].flatMap((v) => (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,]+/) : [])).map(String);
    for (const role of ['admin', 'planner', 'viewer'] as const) if (names.includes(role)) return role;
    return null;
  } catch {
    return null;
  }
}
