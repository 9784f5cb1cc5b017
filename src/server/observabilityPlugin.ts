import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError } from 'graphql';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { classifyError } from './errorPolicy';
import { requestStateOf } from './requestState';

/**
 * Returns the Apollo plugin that measures every GraphQL operation (count and latency by operation name,
 * type and outcome; errors are counted by code in formatError, which sees every one) and logs each error once, with the request id: client errors at
 * `info`, Neo4j outages at `warn`, internal errors at `error` with the full original error and stack.
 */
export function observabilityPlugin<TContext extends object>(metrics: Metrics, logger: Logger): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      const state = requestStateOf(contextValue);
      const log = state?.log ?? logger;
      let operationName: string | null = null;
      let type = 'unknown';
      return {
        async didResolveOperation(rc) {
          operationName = rc.operationName ?? null;
          type = rc.operation?.operation ?? 'unknown';
          if (state) state.operationName = operationName ?? undefined;
        },
        async didEncounterErrors(rc) {
          for (const error of rc.errors) logError(log, error, rc.operationName ?? rc.request.operationName);
        },
        async willSendResponse(rc) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const body = rc.response.body;
          const failed = body.kind === 'single' ? Boolean(body.singleResult.errors?.length) : false;
          const operation = type === 'unknown' ? '(invalid)' : metrics.operationLabel(operationName);
          metrics.graphqlOperations.inc({ operation, type, outcome: failed ? 'error' : 'ok' });
          metrics.graphqlDuration.observe({ operation, type }, seconds);
        },
      };
    },
  };
}

function logError(log: Logger, error: GraphQLError, operationName: string | null | undefined): void {
  const { code, internal } = classifyError(error);
  const fields = { code, operationName: operationName ?? undefined, path: error.path?.join('.') };
  if (internal) {
    const original = unwrapResolverError(error);
    log.error({ ...fields, err: original instanceof Error ? original : error }, `graphql error: ${error.message}`);
  } else if (code === 'SERVICE_UNAVAILABLE' || code === 'QUERY_TIMEOUT' || code === 'WRITE_OUTCOME_UNKNOWN' || code === 'QUERY_TOO_LARGE') {
    const original = unwrapResolverError(error) as Error;
    log.warn({ ...fields, cause: original?.message?.split('\n')[0] }, `graphql error: ${code}`);
  } else {
    log.info({ ...fields, message: error.message }, 'graphql error');
  }
}
