import { GraphQLError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';
import { classifyError, createFormatError, INTERNAL_MESSAGE, isNeo4jUnavailable, UNAVAILABLE_MESSAGE } from '../../src/server/errorPolicy';

/** An error as the driver raises it, with its code. */
function driverError(message: string, code: string): Neo4jError {
  return new Neo4jError(message, code, '50N42', 'error: general processing exception');
}

/** A resolver error as Apollo hands it to formatError: a located GraphQLError around the original. */
function located(original: Error): GraphQLError {
  return new GraphQLError(original.message, { path: ['units'], originalError: original });
}

describe('the error policy (formatError)', () => {
  const prod = createFormatError({ production: true, txTimeoutMs: 30000 });
  const dev = createFormatError({ production: false });
  const formatted = (e: GraphQLError) => ({ message: e.message, path: e.path, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: x', '    at y'] } });

  it.each([
    ['ServiceUnavailable', driverError('Failed to connect to server. Caused by: connect ECONNREFUSED 127.0.0.1:7687', 'ServiceUnavailable')],
    ['SessionExpired', driverError('The connection was closed by the server', 'SessionExpired')],
    ['DatabaseUnavailable', driverError('The database is not currently available', 'Neo.TransientError.General.DatabaseUnavailable')],
    ['a refused socket', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7687'), { code: 'ECONNREFUSED' })],
    ['a cause chain', new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'ECONNRESET' }) })],
  ])('maps %s to SERVICE_UNAVAILABLE with a plain message and no stack, in both modes', (_name, err) => {
    const e = located(err);
    expect(isNeo4jUnavailable(err)).toBe(true);
    for (const format of [prod, dev]) {
      expect(format(formatted(e), e)).toEqual({ message: UNAVAILABLE_MESSAGE, path: ['units'], extensions: { code: 'SERVICE_UNAVAILABLE' } });
    }
  });

  it('maps a transaction timeout to QUERY_TIMEOUT quoting the limit', () => {
    const e = located(new Neo4jError('The transaction has not completed within the timeout specified at its start by the client.', 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', '25N06', 'error: transaction rollback'));
    const out = prod(formatted(e), e);
    expect(out.extensions).toEqual({ code: 'QUERY_TIMEOUT' });
    expect(out.message).toMatch(/limit of 30000 ms/);
  });

  it('hides an internal error behind a generic message in production, keeps it in development', () => {
    const e = located(new Error('Invalid input in Cypher at line 3: secret detail'));
    expect(classifyError(e)).toEqual({ code: 'INTERNAL_SERVER_ERROR', internal: true });
    expect(prod(formatted(e), e)).toEqual({ message: INTERNAL_MESSAGE, path: ['units'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    const shown = dev(formatted(e), e);
    expect(shown.message).toContain('secret detail');
    expect(shown.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('passes client errors through with their code and fields, and gives a code to an error without one', () => {
    const bad = new GraphQLError('first: must be between 1 and 500', { extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
    expect(prod({ message: bad.message, extensions: bad.extensions }, bad)).toEqual({ message: bad.message, extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
    const bare = new GraphQLError('something');
    expect(dev({ message: 'something' }, bare).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });
});
