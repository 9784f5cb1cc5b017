/** Requests per second that `connections` concurrent clients got answered, and how many failed. */
export interface ThroughputFigures {
  connections: number;
  seconds: number;
  requests: number;
  perSecond: number;
  errors: number;
  /** The message of the first failed call, if any. */
  firstError?: string;
}

/**
 * Runs `call` from `connections` concurrent loops (clients, each waiting for its answer before asking again) for
 * `seconds`; a call in flight at the end is awaited and counted, and the rate is over the whole time taken, so
 * that slow calls are not lost at the end. The same harness serves HTTP and driver calls. Failed calls are counted.
 */
export async function measureThroughput(call: () => Promise<unknown>, connections: number, seconds: number): Promise<ThroughputFigures> {
  const until = Date.now() + seconds * 1000;
  let requests = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        try {
          await call();
          requests += 1;
        } catch (err) {
          errors += 1;
          firstError ??= (err as Error).message;
        }
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  return { connections, seconds: elapsed, requests, perSecond: requests / elapsed, errors, ...(firstError ? { firstError } : {}) };
}
