import { Neo4jError } from 'neo4j-driver';

/** Driver error codes and Neo4j status codes that mean "Neo4j is not there now", not "your query is wrong". */
const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.TransientError.Database.DatabaseUnavailable',
]);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);

/** Walks an error and its causes (a few levels deep). */
export function* chain(error: unknown): Generator<unknown> {
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
    if (e instanceof Error && /ECONNREFUSED|connection refused|Failed to connect to server|Connection acquisition timed out/i.test(e.message)) return true;
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


/**
 * Thrown when Neo4j has not answered a transaction by its deadline (its timeout plus a grace): the server is
 * frozen, overloaded or its connection dead. Its code counts as unavailable (the client may try again); a
 * write stopped this way before its commit was sent is rolled back.
 */
export class DeadlineExceeded extends Error {
  readonly code = 'ServiceUnavailable';
  constructor(mode: 'read' | 'write', deadline: number) {
    super(`Neo4j did not answer the ${mode} transaction by its deadline (${new Date(deadline).toISOString()})`);
    this.name = 'DeadlineExceeded';
  }
}

/**
 * Thrown when a write's commit was sent but its answer was lost (the connection dropped, or the deadline
 * passed): the write may or may not have committed. The client must check before writing again.
 */
export class WriteOutcomeUnknown extends Error {
  readonly code = 'WRITE_OUTCOME_UNKNOWN';
  constructor(override readonly cause: unknown) {
    super(`the commit was sent but its answer was lost (${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}): the write may or may not have committed`);
    this.name = 'WriteOutcomeUnknown';
  }
}

/** Returns true when `error` (or a cause) says a write's outcome is unknown ({@link WriteOutcomeUnknown}). */
export function isWriteOutcomeUnknown(error: unknown): boolean {
  for (const e of chain(error)) if (e instanceof WriteOutcomeUnknown) return true;
  return false;
}

/** Returns true when Neo4j refused a transaction for its memory (the transaction, or the pool of all, ran out). */
export function isTransactionMemoryError(error: unknown): boolean {
  for (const e of chain(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /MemoryPoolOutOfMemoryError|TransactionOutOfMemoryError|MemoryLimitExceeded/.test(code)) return true;
  }
  return false;
}
