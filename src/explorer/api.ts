// The explorer's GraphQL client: posts the typed documents codegen makes from operations.graphql to /graphql
// with the saved token, and keeps the auth check's last verdict for the token card.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { fileNameOf, saveBlob } from './dom';
import { t, type Key } from './i18n';
import { RequestFailed, failureOf, failureOfError, readToken, type Failure, type WireError } from './token';

const printed = new WeakMap<object, string>();

/** The last refusal by the auth check (null after an answer it let through with the same token). */
let verdict: Failure | null = null;
const listeners: ((failure: Failure | null) => void)[] = [];

/** Returns the auth check's last refusal of the current token, or null. */
export function authVerdict(): Failure | null {
  return verdict;
}

/** Calls `listener` whenever the auth check's verdict on the current token changes; returns nothing. */
export function onAuthVerdict(listener: (failure: Failure | null) => void): void {
  listeners.push(listener);
}

/** Forgets the verdict (after the token changed); returns nothing. */
export function resetVerdict(): void {
  verdict = null;
}

/** Keeps the auth check's verdict on `token`: its refusal, or none after an answer it let through. */
export function noteAnswer(token: string | null, failure: Failure | null): void {
  if (token !== readToken()) return;
  if (failure && !failure.code) return;
  if (failure?.code === verdict?.code && failure?.message === verdict?.message) return;
  verdict = failure;
  for (const l of listeners) l(failure);
}

/**
 * Posts a typed operation to /graphql (JSON, which CSRF prevention accepts) with the saved token, and
 * returns its data. Throws {@link RequestFailed} with the errors' codes and messages (a network error as is).
 */
export async function request<R, V>(doc: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  let query = printed.get(doc);
  if (!query) printed.set(doc, (query = print(doc)));
  const token = readToken();
  try {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json().catch(() => ({}))) as { data?: R | null; errors?: WireError[] };
    if (body.errors?.length || !body.data) throw new RequestFailed(failureOf(res.status, body.errors ?? [], token !== null));
    noteAnswer(token, null);
    return body.data;
  } catch (err) {
    noteAnswer(token, failureOfError(err, token !== null));
    throw err;
  }
}

/** Returns why a request failed, for the page: a token is needed, the token was refused or is too weak, or another error. */
export function reasonOf(failure: Failure): 'token-needed' | 'token-refused' | 'forbidden' | 'error' {
  if (failure.code === 'UNAUTHENTICATED') return failure.withToken ? 'token-refused' : 'token-needed';
  return failure.code === 'FORBIDDEN' ? 'forbidden' : 'error';
}

/** Returns the text for a failed request, in the page's language. */
export function describe(failure: Failure): string {
  const key: Key = ({ 'token-needed': 'tokenNeeded', 'token-refused': 'tokenRefused', forbidden: 'tokenForbidden', error: 'error' } as const)[reasonOf(failure)];
  return t(key, { message: failure.message });
}

/** Returns the failure behind an error a request threw, with the current token noted. */
export function failureNow(err: unknown): Failure {
  return failureOfError(err, readToken() !== null);
}

/**
 * Downloads `url` with the saved token (a link cannot carry the header): fetched into memory, then saved
 * from a Blob URL. Returns the file name saved (from Content-Disposition, else `fallback`); throws
 * {@link RequestFailed} when the service refuses (its JSON error read), a network error as is.
 */
export async function downloadFile(url: string, fallback: string, init: RequestInit = {}): Promise<string> {
  const token = readToken();
  try {
    const res = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: WireError };
      throw new RequestFailed(failureOf(res.status, body.error ? [body.error] : [], token !== null));
    }
    const file = fileNameOf(res) ?? fallback;
    saveBlob(await res.blob(), file);
    noteAnswer(token, null);
    return file;
  } catch (err) {
    noteAnswer(token, failureOfError(err, token !== null));
    throw err;
  }
}
