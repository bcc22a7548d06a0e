import type { Clock } from '../../clock';

export type RateWindow = { limit: number; windowMs: number; label: string };
export type RatePolicy = { name: string; windows: readonly RateWindow[] };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const perMinute = (limit: number): RateWindow => ({ limit, windowMs: MINUTE, label: `${limit} calls per minute` });
const perHour = (limit: number): RateWindow => ({ limit, windowMs: HOUR, label: `${limit} calls per hour` });

/** Published limits (§D2, §D4, §E1, §E6), each counted per (tenant, application). */
export const RATE_POLICIES = {
  mdeAlerts: { name: 'mde-alerts', windows: [perMinute(100), perHour(1500)] },
  mdeAlertUpdate: { name: 'mde-alert-update', windows: [perMinute(100), perHour(1500)] },
  mdeBatchUpdate: { name: 'mde-batch-update', windows: [perMinute(10), perHour(500)] },
  xdrList: { name: 'xdr-incidents-list', windows: [perMinute(50), perHour(1500)] },
  xdrGet: { name: 'xdr-incidents-get', windows: [perMinute(100), perHour(1500)] },
  xdrUpdate: { name: 'xdr-incidents-update', windows: [perMinute(50), perHour(1500)] },
  graph: { name: 'graph-security', windows: [perMinute(150)] },
} as const satisfies Record<string, RatePolicy>;

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number; window: RateWindow };

/**
 * Sliding-window counters on the simulator clock: a call is allowed when every window of its
 * policy has room, and only allowed calls are counted (a client retrying too early keeps getting
 * 429 until the oldest call leaves the window).
 */
export class RateLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  take(policy: RatePolicy, tenantId: string, appId: string): RateDecision {
    const key = `${policy.name}|${tenantId}|${appId.toLowerCase()}`;
    const now = this.clock();
    const longest = Math.max(...policy.windows.map((window) => window.windowMs));
    const times = (this.calls.get(key) ?? []).filter((time) => time > now - longest && time <= now);
    let refusal: RateDecision | undefined;
    for (const window of policy.windows) {
      const inWindow = times.filter((time) => time > now - window.windowMs);
      if (inWindow.length < window.limit) continue;
      // The call can go through once enough of the oldest calls have left the window.
      const freeingCall = inWindow[inWindow.length - window.limit]!;
      const retryAfterSeconds = Math.max(1, Math.ceil((freeingCall + window.windowMs - now) / 1000));
      if (!refusal || (!refusal.ok && retryAfterSeconds > refusal.retryAfterSeconds))
        refusal = { ok: false, retryAfterSeconds, window };
    }
    if (refusal) {
      this.calls.set(key, times);
      return refusal;
    }
    times.push(now);
    this.calls.set(key, times);
    return { ok: true };
  }

  /** Forgets counters (one tenant's, or all). */
  reset(tenantId?: string): void {
    if (tenantId === undefined) return this.calls.clear();
    for (const key of this.calls.keys()) if (key.split('|')[1] === tenantId) this.calls.delete(key);
  }
}
