import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { requestIdFrom } from '../observability/requestId';
import { INTERNAL_MESSAGE, UNAVAILABLE_MESSAGE } from './errorPolicy';
import type { RequestState } from './requestState';

/** The route label of a path: a fixed set, so that metrics keep a bounded number of series. */
export function routeOf(path: string): string {
  if (path === '/graphql' || path === '/graphql/') return '/graphql';
  if (path === '/healthz' || path === '/readyz' || path === '/metrics' || path === '/') return path;
  if (path === '/index.html') return '/';
  if (path.startsWith('/export/')) return '/export/graph.:extension';
  if (path === '/rosters/import') return '/rosters/import';
  if (path.startsWith('/rosters/template/')) return '/rosters/template/:file';
  if (path.startsWith('/rosters/export/')) return '/rosters/export/:file';
  if (path.startsWith('/explorer/')) return '/explorer/*';
  return '(other)';
}

/** A client-supplied operation name fit for a log line: a GraphQL name of at most 64 characters, else undefined. */
function saneOperationName(req: Request): string | undefined {
  const body = req.body as { operationName?: unknown } | undefined;
  const name = body && typeof body === 'object' ? body.operationName : req.query.operationName;
  return typeof name === 'string' && /^[_A-Za-z][_0-9A-Za-z]{0,63}$/.test(name) ? name : undefined;
}

/**
 * Returns the first middleware: gives the request its id (the client's sane `x-request-id`, else a UUID),
 * echoes it in the response, keeps it with a child logger in `res.locals.state` (which the GraphQL context
 * carries to Apollo's plugins) and, when the response is done, writes one log line (method, path, status, ms, operationName) and
 * records the HTTP metrics.
 */
export function requestLogging(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const id = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', id);
    const state: RequestState = { id, log: logger.child({ reqId: id }) };
    res.locals.state = state;
    const path = req.path;
    const route = routeOf(path);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = res.writableFinished || res.headersSent ? res.statusCode : 499;
      const labels = { method: req.method, route, status: String(status) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      const line = {
        method: req.method,
        path,
        status,
        ms: Math.round(seconds * 10_000) / 10,
        operationName: state.operationName ?? (route === '/graphql' ? saneOperationName(req) : undefined),
      };
      if (status >= 500) state.log.warn(line, 'request');
      else state.log.info(line, 'request');
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
}

/** body-parser's error types and what the client is told. */
const BODY_ERRORS: Record<string, { status: number; code: string; message: (limit?: number) => string }> = {
  'entity.parse.failed': { status: 400, code: 'BAD_REQUEST', message: () => 'The request body is not valid JSON.' },
  'entity.too.large': { status: 413, code: 'PAYLOAD_TOO_LARGE', message: (limit) => `The request body is larger than the limit${limit ? ` of ${limit} bytes` : ''}.` },
  'encoding.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: () => 'The request body has an unsupported content encoding.' },
  'charset.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: () => 'The request body has an unsupported charset; send UTF-8.' },
  'request.aborted': { status: 400, code: 'BAD_REQUEST', message: () => 'The request was aborted.' },
  'request.size.invalid': { status: 400, code: 'BAD_REQUEST', message: () => 'The request body is shorter or longer than its Content-Length.' },
};

/**
 * Returns the last middleware: errors that reach Express (a body that is not JSON or too large, a bug)
 * are answered in JSON with a code, never Express's HTML page with a stack. At /graphql the body has the
 * GraphQL shape (`{"errors": [{"message", "extensions": {"code"}}]}`), elsewhere `{"error": {"code", "message"}}`.
 */
export function httpErrorHandler(production: boolean, isUnavailable: (err: unknown) => boolean): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const e = err as { type?: string; status?: number; limit?: number; message?: string; stack?: string };
    const known = e.type ? BODY_ERRORS[e.type] : undefined;
    let status: number;
    let code: string;
    let message: string;
    if (known) {
      ({ status, code } = known);
      message = known.message(e.limit);
    } else if (isUnavailable(err)) {
      [status, code, message] = [503, 'SERVICE_UNAVAILABLE', UNAVAILABLE_MESSAGE];
    } else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      [status, code, message] = [e.status, 'BAD_REQUEST', production ? 'Bad request.' : (e.message ?? 'Bad request.')];
    } else {
      [status, code, message] = [500, 'INTERNAL_SERVER_ERROR', production ? INTERNAL_MESSAGE : (e.message ?? String(err))];
    }
    const log = (res.locals.state as RequestState | undefined)?.log;
    if (status >= 500) log?.error({ err, code }, `http error: ${e.message ?? String(err)}`);
    else log?.info({ code, cause: e.message }, 'http error');
    const graphql = routeOf(req.path) === '/graphql' || req.originalUrl.startsWith('/graphql');
    res.status(status);
    if (graphql) {
      const wantsGraphQLResponse = req.accepts(['application/json', 'application/graphql-response+json']) === 'application/graphql-response+json';
      res.type(wantsGraphQLResponse ? 'application/graphql-response+json; charset=utf-8' : 'application/json; charset=utf-8');
      res.send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
    } else {
      res.json({ error: { code, message } });
    }
  };
}
