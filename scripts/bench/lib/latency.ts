/** Latency measurement for the benchmarks: closed-loop saturation and an open, paced load. */

export type LatencySummary = {
  requests: number;
  errors: number;
  /** Requests per second over the measured window. */
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
};

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summarise(latencies: number[], errors: number, windowMs: number): LatencySummary {
  latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    requests: latencies.length,
    errors,
    throughput: Math.round((latencies.length / windowMs) * 1000 * 10) / 10,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.at(-1) ?? Number.NaN),
  };
}

/** One timed call; false (or a throw) counts as an error and its time is not kept. */
export type Probe = () => Promise<boolean>;

/**
 * `connections` callers, each starting its next call as soon as the last one ends (no think
 * time), for `seconds` after `warmupSeconds` whose calls are not counted.
 */
export async function saturate(
  probe: Probe,
  options: { connections: number; seconds: number; warmupSeconds?: number },
): Promise<LatencySummary> {
  const warmupEnd = Date.now() + (options.warmupSeconds ?? 2) * 1000;
  const end = warmupEnd + options.seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (Date.now() < end) {
        const started = performance.now();
        const ok = await probe().catch(() => false);
        if (Date.now() < warmupEnd) continue;
        if (ok) latencies.push(performance.now() - started);
        else errors++;
      }
    }),
  );
  return summarise(latencies, errors, options.seconds * 1000);
}

/**
 * `users` people, each making a call every `intervalSeconds` (± half of it, at random) for
 * `seconds`: the load of a staff working through the list, not a stress test.
 */
export async function paced(
  probe: Probe,
  options: { users: number; intervalSeconds: number; seconds: number },
): Promise<LatencySummary> {
  const end = Date.now() + options.seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  const pause = () =>
    new Promise((resolve) => setTimeout(resolve, options.intervalSeconds * 1000 * (0.5 + Math.random())));
  await Promise.all(
    Array.from({ length: options.users }, async () => {
      await pause();
      while (Date.now() < end) {
        const started = performance.now();
        const ok = await probe().catch(() => false);
        if (ok) latencies.push(performance.now() - started);
        else errors++;
        await pause();
      }
    }),
  );
  return summarise(latencies, errors, options.seconds * 1000);
}
