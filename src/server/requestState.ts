import type { Logger } from '../observability/logger';

/** What the HTTP layer knows about one request, shared with the GraphQL plugins through the context object. */
export interface RequestState {
  /** The request id: the client's sane `x-request-id`, else a new UUID; echoed in the response. */
  id: string;
  /** The logger of this request (every line carries `reqId`). */
  log: Logger;
  /** The GraphQL operation's name once Apollo resolved it. */
  operationName?: string;
}

/** The context's key of the request state: a symbol, so that resolvers never see it by accident; Apollo's shallow copy of the context keeps it. */
const REQUEST_STATE = Symbol('requestState');

/** Ties a GraphQL context object to its request's state. */
export function attachRequestState(contextValue: object, state: RequestState): void {
  Object.defineProperty(contextValue, REQUEST_STATE, { value: state, enumerable: true });
}

/** Returns the request state of a GraphQL context object, if the HTTP layer attached one. */
export function requestStateOf(contextValue: object): RequestState | undefined {
  return (contextValue as { [REQUEST_STATE]?: RequestState })[REQUEST_STATE];
}
