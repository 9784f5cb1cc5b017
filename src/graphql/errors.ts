import { GraphQLError } from 'graphql';

/** Returns a client error for bad input, naming the argument or field at fault in `extensions.field`. */
export function badUserInput(field: string, message: string, value?: unknown): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', field, ...(value !== undefined ? { value } : {}) },
  });
}

/** Returns a client error for an id that names nothing. */
export function notFound(what: string, id: string): GraphQLError {
  return new GraphQLError(`${what} '${id}' not found`, { extensions: { code: 'NOT_FOUND', id } });
}

/** Returns `first` checked to lie within 1..max; throws BAD_USER_INPUT naming `field` otherwise. */
export function checkPageSize(first: number | null | undefined, max: number, field = 'first', fallback = 50): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) throw badUserInput(field, `must be between 1 and ${max}`, n);
  return n;
}
