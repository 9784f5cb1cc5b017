import { GraphQLError } from 'graphql';
import { cutText } from '../roster/problems';

/** Returns a client error for bad input, naming the argument or field at fault in `extensions.field` and quoting the value (cut when long) in `extensions.value`. */
export function badUserInput(field: string, message: string, value?: unknown): GraphQLError {
  // A text value is quoted cut to a few hundred characters, with its length, as roster problems are.
  const shown = typeof value === 'string' ? cutText(value) : value;
  return new GraphQLError(`${field}: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', field, ...(value !== undefined ? { value: shown } : {}) },
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
