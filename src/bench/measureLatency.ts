/** Latency figures of one way of asking a question, in milliseconds. */
export interface LatencyFigures {
  samples: number;
  medianMs: number;
  p95Ms: number;
  meanMs: number;
}

/** Returns the value at quantile `q` (0..1) of sorted `values` (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Returns the figures of `ms` (unsorted). */
export function figuresOf(ms: readonly number[]): LatencyFigures {
  const sorted = [...ms].sort((a, b) => a - b);
  return { samples: sorted.length, medianMs: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95), meanMs: sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1) };
}

const elapsedMs = async (f: () => Promise<unknown>) => {
  const t0 = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

/**
 * Measures two ways of asking the same question, alternating them (a, b, b, a, …) so that background load on a
 * shared machine weighs on both alike: at least `warmup` rounds and `warmupSeconds` unmeasured (JIT and caches of
 * both processes and of Neo4j), then rounds until `maxSamples` or `maxSeconds` (but at least `minSamples`).
 * Returns the figures of each; rejects when either fails.
 */
export async function measureLatency(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  settings: { warmup: number; warmupSeconds?: number; minSamples: number; maxSamples: number; maxSeconds: number },
): Promise<{ a: LatencyFigures; b: LatencyFigures }> {
  const warmUntil = Date.now() + (settings.warmupSeconds ?? 0) * 1000;
  for (let i = 0; i < settings.warmup || Date.now() < warmUntil; i++) {
    await a();
    await b();
  }
  const as: number[] = [];
  const bs: number[] = [];
  const started = Date.now();
  for (let i = 0; i < settings.maxSamples; i++) {
    if (i >= settings.minSamples && Date.now() - started > settings.maxSeconds * 1000) break;
    if (i % 2 === 0) {
      as.push(await elapsedMs(a));
      bs.push(await elapsedMs(b));
    } else {
      bs.push(await elapsedMs(b));
      as.push(await elapsedMs(a));
    }
  }
  return { a: figuresOf(as), b: figuresOf(bs) };
}
