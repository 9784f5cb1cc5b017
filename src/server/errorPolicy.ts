import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';

/** The plain message of SERVICE_UNAVAILABLE: Neo4j cannot be reached. */
export const UNAVAILABLE_MESSAGE = 'The graph database is unavailable at the moment; try again shortly.';
/** The message of INTERNAL_SERVER_ERROR in production: the details are in the server's log, under the request id. */
export const INTERNAL_MESSAGE = 'Internal server error; the server log has the details under the x-request-id of this response.';

/** Codes a client can act on; anything else from inside the server counts as internal. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'SERVICE_UNAVAILABLE',
  'QUERY_TIMEOUT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);

/** Driver error codes and Neo4j status codes that mean "Neo4j is not there now", not "your query is wrong". */
const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.TransientError.Database.DatabaseUnavailable',
]);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);

/** Walks an error and its causes (a few levels deep). */
function* chain(error: unknown): Generator<unknown> {
  let e: unknown = error;
  for (let depth = 0; e && depth < 6; depth += 1) {
    yield e;
    const next = (e as { originalError?: unknown; cause?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
    if (next === e) return;
    e = next;
  }
}

/** True when `error` (or a cause) says Neo4j is unreachable: the driver's ServiceUnavailable or SessionExpired, or a refused connection. */
export function isNeo4jUnavailable(error: unknown): boolean {
  for (const e of chain(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || SOCKET_CODES.has(code))) return true;
    if (e instanceof Error && /ECONNREFUSED|connection refused|Failed to connect to server/i.test(e.message)) return true;
  }
  return false;
}

/** True when Neo4j stopped a transaction that ran longer than its timeout. */
export function isTransactionTimeout(error: unknown): boolean {
  for (const e of chain(error)) {
    if (e instanceof Neo4jError && /TransactionTimedOut/.test(e.code)) return true;
  }
  return false;
}

/** What a GraphQL error becomes on the wire. */
export interface ErrorClass {
  /** The `extensions.code` the client sees. */
  code: string;
  /** True when the cause is inside the server (a bug or an unexpected failure): logged in full at level error. */
  internal: boolean;
}

/** Returns the code an error is answered with and whether it is internal; the single rule shared by formatError, logs and metrics. */
export function classifyError(error: unknown): ErrorClass {
  const original = unwrapResolverError(error);
  if (isNeo4jUnavailable(original)) return { code: 'SERVICE_UNAVAILABLE', internal: false };
  if (isTransactionTimeout(original)) return { code: 'QUERY_TIMEOUT', internal: false };
  const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) return { code, internal: false };
  return { code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR', internal: true };
}

/**
 * Returns Apollo's `formatError`: every error leaves with `extensions.code`. Neo4j being unreachable becomes
 * SERVICE_UNAVAILABLE and a transaction timeout QUERY_TIMEOUT, each with a plain message and no stack in any
 * mode; in production an internal error becomes INTERNAL_SERVER_ERROR with a generic message (the full
 * error is logged by the logging plugin). `onError` hears the code of every error sent (for metrics).
 */
export function createFormatError(options: { production: boolean; txTimeoutMs?: number; onError?: (code: string) => void }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const where = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
    const { code, internal } = classifyError(error);
    options.onError?.(code);
    if (code === 'SERVICE_UNAVAILABLE') return { message: UNAVAILABLE_MESSAGE, ...where, extensions: { code } };
    if (code === 'QUERY_TIMEOUT') {
      const limit = options.txTimeoutMs ? ` of ${options.txTimeoutMs} ms` : '';
      return { message: `The query ran longer than the limit${limit} and was stopped; ask for less (a smaller page, depth or region).`, ...where, extensions: { code } };
    }
    if (internal && options.production) return { message: INTERNAL_MESSAGE, ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    return { ...formatted, extensions: { ...formatted.extensions, code } };
  };
}
