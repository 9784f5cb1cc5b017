import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isNeo4jUnavailable, isTransactionMemoryError, isTransactionTimeout, isWriteOutcomeUnknown } from '../db/neo4jErrors';

/** The plain message of SERVICE_UNAVAILABLE: Neo4j cannot be reached. */
export const UNAVAILABLE_MESSAGE = 'The graph database is unavailable at the moment; try again shortly.';
export { isNeo4jUnavailable, isTransactionTimeout };

/** The message of WRITE_OUTCOME_UNKNOWN: the commit was sent, its answer lost. */
export const OUTCOME_UNKNOWN_MESSAGE =
  'The change was sent to the database but its answer was lost: it may or may not have been saved. Read the record (or the audit trail) before sending it again.';

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
  'QUERY_TOO_LARGE',
  'WRITE_OUTCOME_UNKNOWN',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);

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
  // First: a lost answer to a commit also looks like a lost connection, but the write may have committed.
  if (isWriteOutcomeUnknown(original)) return { code: 'WRITE_OUTCOME_UNKNOWN', internal: false };
  if (isNeo4jUnavailable(original)) return { code: 'SERVICE_UNAVAILABLE', internal: false };
  if (isTransactionMemoryError(original)) return { code: 'QUERY_TOO_LARGE', internal: false };
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
    if (code === 'WRITE_OUTCOME_UNKNOWN') return { message: OUTCOME_UNKNOWN_MESSAGE, ...where, extensions: { code } };
    if (code === 'QUERY_TOO_LARGE') {
      return { message: 'The query needed more memory than the database allows for one transaction and was stopped; ask for less (a smaller page, depth or region).', ...where, extensions: { code } };
    }
    if (code === 'QUERY_TIMEOUT') {
      const limit = options.txTimeoutMs ? ` of ${options.txTimeoutMs} ms` : '';
      return { message: `The query ran longer than the limit${limit} and was stopped; ask for less (a smaller page, depth or region).`, ...where, extensions: { code } };
    }
    if (internal && options.production) return { message: INTERNAL_MESSAGE, ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    return { ...formatted, extensions: { ...formatted.extensions, code } };
  };
}
