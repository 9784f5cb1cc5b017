import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TransactionObserver } from '../db/Database';

/** Latency buckets in seconds, from 1 ms to 30 s. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** How many distinct operation names get their own label; later names are counted as `(other)`. */
export const MAX_OPERATION_LABELS = 200;

/** A GraphQL operation name as clients may send it: a GraphQL name, at most 64 characters. */
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/** The service's Prometheus metrics, in a registry of their own (so that several servers can live in one process). */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly graphqlOperations: Counter<'operation' | 'type' | 'outcome'>;
  readonly graphqlDuration: Histogram<'operation' | 'type'>;
  readonly graphqlErrors: Counter<'code'>;
  readonly cypherDuration: Histogram<'mode' | 'outcome'>;
  /** Give it to createDatabase: records each transaction's latency in `cypherDuration`. */
  readonly transactionObserver: TransactionObserver;
  /** The label of an operation name: the name itself for the first {@link MAX_OPERATION_LABELS} names, else `(other)`. */
  operationLabel(name: string | null | undefined): string;
}

/**
 * Returns a fresh set of metrics: HTTP requests by route and status, GraphQL operations by name, type and
 * outcome, GraphQL errors by code, Cypher transactions by mode and outcome, and Node's process metrics.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const seen = new Set<string>();
  const cypherDuration = new Histogram({
    name: 'neo4j_transaction_duration_seconds',
    help: 'Duration of Neo4j transactions (retries included), by mode (read, write) and outcome (ok, error).',
    labelNames: ['mode', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route and status code.',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route and status code.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    graphqlOperations: new Counter({
      name: 'graphql_operations_total',
      help: 'GraphQL operations, by operation name, type (query, mutation, or unknown when it did not parse or validate) and outcome (ok, error).',
      labelNames: ['operation', 'type', 'outcome'] as const,
      registers: [registry],
    }),
    graphqlDuration: new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'Time from the start of a GraphQL request to its response, by operation name and type.',
      labelNames: ['operation', 'type'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    graphqlErrors: new Counter({
      name: 'graphql_errors_total',
      help: 'Errors in GraphQL responses, by extensions.code.',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    cypherDuration,
    transactionObserver: (mode, seconds, error) => cypherDuration.observe({ mode, outcome: error === undefined ? 'ok' : 'error' }, seconds),
    operationLabel(name) {
      if (!name) return '(anonymous)';
      if (!OPERATION_NAME.test(name)) return '(invalid)';
      if (seen.has(name)) return name;
      if (seen.size >= MAX_OPERATION_LABELS) return '(other)';
      seen.add(name);
      return name;
    },
  };
}
