import type { RequestHandler } from 'express';
import type { GraphQLError } from 'graphql';
import { ANONYMOUS, type Caller } from './Caller';
import type { Authenticator } from './createAuthenticator';

/** Where {@link authenticateRequest} leaves the caller: `res.locals.caller`. */
export interface AuthLocals {
  caller?: Caller;
  authError?: GraphQLError;
}

/**
 * Returns a middleware that verifies the request's bearer token and stores the caller (or the
 * UNAUTHENTICATED error) in `res.locals`. With `reject`, it answers 401 with a JSON error itself (for
 * plain HTTP routes such as exports); without, GraphQL turns the stored error into its own response.
 */
export function authenticateRequest(auth: Authenticator, reject: boolean): RequestHandler {
  return async (req, res, next) => {
    const locals = res.locals as AuthLocals;
    try {
      locals.caller = await auth.authenticate(req.headers.authorization);
      next();
    } catch (err) {
      const error = err as GraphQLError;
      locals.caller = ANONYMOUS;
      locals.authError = error;
      if (!reject) return next();
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: error.message } });
    }
  };
}
