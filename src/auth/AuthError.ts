import { GraphQLError } from 'graphql';

/** Returns the client error for a missing, malformed, expired or unverifiable token (HTTP 401). */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) } } });
}

/** Returns the client error for a caller whose role may not do `what` (the HTTP status stays 200: other fields may still answer). */
export function forbidden(what: string, needed: string): GraphQLError {
  return new GraphQLError(`forbidden: ${what} needs the ${needed} role`, { extensions: { code: 'FORBIDDEN', requiredRole: needed } });
}
