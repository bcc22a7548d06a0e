/** At most `calls` calls in any `windowMs` (a sliding window). */
export type CallLimit = { calls: number; windowMs: number };

/**
 * Canopy's per-tenant limits are half of Microsoft's published ones: the other half is left to the
 * customer's own tools and to Microsoft counting differently than Canopy does (refused calls,
 * other Canopy processes).
 *
 * Defender for Endpoint alerts API: 100 calls a minute and 1,500 an hour (reference §D2).
 */
export const MDE_CALL_LIMITS: readonly CallLimit[] = [
  { calls: 50, windowMs: 60_000 },
  { calls: 750, windowMs: 3_600_000 },
];

/** Defender XDR incidents list: 50 calls a minute and 1,500 an hour (§E1). */
export const XDR_CALL_LIMITS: readonly CallLimit[] = [
  { calls: 25, windowMs: 60_000 },
  { calls: 750, windowMs: 3_600_000 },
];

/**
 * Graph security: 150 requests a minute per app and tenant across all its operations (§E6), so
 * Canopy's 75 are shared by its two Graph feeds, each with its own budget: 50 for alerts_v2, 25
 * for incidents (a tenant has far fewer incidents than alerts).
 */
export const GRAPH_ALERTS_CALL_LIMITS: readonly CallLimit[] = [{ calls: 50, windowMs: 60_000 }];
export const GRAPH_INCIDENTS_CALL_LIMITS: readonly CallLimit[] = [{ calls: 25, windowMs: 60_000 }];

export type CallBudget = {
  /** How long to wait from `now` before the next call keeps every limit (0: go). */
  delayMs(now: number): number;
  record(now: number): void;
  /** The calls still inside the longest window: stored, so the next run (on any worker) goes on from them. */
  recentCalls(now: number): Date[];
};

/** One tenant's budget for one API, starting from the calls the previous runs recorded. */
export function createCallBudget(limits: readonly CallLimit[], recentCalls: readonly Date[]): CallBudget {
  const longest = Math.max(...limits.map((limit) => limit.windowMs));
  let times = recentCalls.map((date) => date.getTime()).sort((a, b) => a - b);
  const prune = (now: number) => {
    times = times.filter((time) => time > now - longest);
  };
  return {
    delayMs(now) {
      prune(now);
      let wait = 0;
      for (const { calls, windowMs } of limits) {
        const inWindow = times.filter((time) => time > now - windowMs);
        // The oldest call that must leave the window before one more fits.
        const blocking = inWindow[inWindow.length - calls];
        if (blocking !== undefined) wait = Math.max(wait, blocking + windowMs - now + 1);
      }
      return wait;
    },
    record(now) {
      times.push(now);
    },
    recentCalls(now) {
      prune(now);
      return times.map((time) => new Date(time));
    },
  };
}
