import { TICKS_PER_MINUTE, type Ticks } from '../data/ticks';

type Segment = { from: Ticks; rate: number | null };
type Span = { from: Ticks; to: Ticks; rate: number };

/** Highest accepted rate: enough for any demo, bounded so a catch-up stays cheap. */
export const MAX_LIVE_RATE = 600;

/**
 * When live events happen: a rate (events per tenant per minute) that can change over time,
 * globally and per tenant. Event times are a pure function of this history, evenly spaced from
 * the moment a rate took effect, so a tenant can be caught up (or rebuilt) at any later time
 * and see exactly the same events; tests move the clock instead of sleeping.
 */
export class LiveSchedule {
  private global: Segment[] = [{ from: Number.NEGATIVE_INFINITY, rate: 0 }];
  private readonly perTenant = new Map<string, Segment[]>();

  /** Forgets the whole history (with a tenant reset: regenerated tenants must not replay it). */
  clear(): void {
    this.global = [{ from: Number.NEGATIVE_INFINITY, rate: 0 }];
    this.perTenant.clear();
  }

  /** Drops one tenant's own rate history (with that tenant's reset). */
  clearTenant(tenantId: string): void {
    this.perTenant.delete(tenantId);
  }

  /** `tenantId` undefined: every tenant without its own rate. `rate` null: tenant follows the global rate again. */
  setRate(at: Ticks, rate: number | null, tenantId?: string): void {
    if (rate !== null && (!Number.isFinite(rate) || rate < 0 || rate > MAX_LIVE_RATE))
      throw new RangeError(`live rate must be 0-${MAX_LIVE_RATE} per minute`);
    if (tenantId === undefined) {
      if (rate === null) throw new RangeError('the global live rate cannot be null');
      this.global.push({ from: at, rate });
      return;
    }
    const segments = this.perTenant.get(tenantId) ?? [{ from: Number.NEGATIVE_INFINITY, rate: null }];
    segments.push({ from: at, rate });
    this.perTenant.set(tenantId, segments);
  }

  /** The rate in effect now for a tenant (for the control API's answers). */
  rateAt(at: Ticks, tenantId: string): number {
    return this.spans(tenantId).find((span) => span.from <= at && at < span.to)?.rate ?? 0;
  }

  globalRateAt(at: Ticks): number {
    return valueAt(this.global, at) ?? 0;
  }

  /** Event instants in (after, upTo], ascending. */
  eventTimes(tenantId: string, after: Ticks, upTo: Ticks): Ticks[] {
    const times: Ticks[] = [];
    if (upTo <= after) return times;
    for (const span of this.spans(tenantId)) {
      if (span.rate <= 0 || span.to <= after || span.from > upTo) continue;
      const interval = TICKS_PER_MINUTE / span.rate;
      const first = Math.max(1, Math.floor((after - span.from) / interval) + 1);
      for (let k = first; ; k++) {
        const at = span.from + Math.round(k * interval);
        if (at > upTo || at >= span.to) break;
        if (at > after) times.push(at);
      }
    }
    return times;
  }

  /** Effective rate as non-overlapping spans; equal neighbours merge so a no-op change keeps the phase. */
  private spans(tenantId: string): Span[] {
    const own = this.perTenant.get(tenantId) ?? [];
    const breakpoints = [...new Set([...this.global, ...own].map((segment) => segment.from))].sort((a, b) => a - b);
    const spans: Span[] = [];
    breakpoints.forEach((from, i) => {
      const to = breakpoints[i + 1] ?? Number.POSITIVE_INFINITY;
      const rate = valueAt(own, from) ?? valueAt(this.global, from) ?? 0;
      const last = spans[spans.length - 1];
      if (last && last.rate === rate) last.to = to;
      else spans.push({ from, to, rate });
    });
    return spans;
  }
}

/** Value of the last segment starting at or before `at` (later entries win at the same instant). */
function valueAt(segments: readonly Segment[], at: Ticks): number | null | undefined {
  let value: number | null | undefined;
  for (const segment of segments) if (segment.from <= at) value = segment.rate;
  return value;
}
