import type { Clock } from '../clock';
import { TICKS_PER_HOUR, ticksFromMs } from './data/ticks';
import { FaultTable } from './faults/fault-table';
import { RateLimiter } from './limits/rate-limiter';
import { LiveSchedule } from './live/live-schedule';
import { TenantRegistry } from './store/tenant-registry';

/** Everything the Defender APIs keep between requests. */
export type DefenderState = {
  clock: Clock;
  tenants: TenantRegistry;
  live: LiveSchedule;
  limits: RateLimiter;
  faults: FaultTable;
  /** Live rate at start, restored by a reset. */
  initialLiveRate: number;
};

export type DefenderOptions = {
  /** New alerts per tenant per minute from the start (0 = live mode off, the default). */
  liveRatePerMinute?: number;
  /** Alerts kept in memory across tenants before the least recently used tenant is dropped. */
  cacheAlertBudget?: number;
};

export const DEFAULT_CACHE_ALERT_BUDGET = 200_000;

/**
 * Generated data ends at the start time floored to the hour, so restarts within the same hour
 * (and tests on a fixed clock) produce identical data.
 */
export function createDefenderState(clock: Clock, options: DefenderOptions = {}): DefenderState {
  const start = ticksFromMs(clock());
  const anchor = start - (((start % TICKS_PER_HOUR) + TICKS_PER_HOUR) % TICKS_PER_HOUR);
  const live = new LiveSchedule();
  const initialLiveRate = options.liveRatePerMinute ?? 0;
  if (initialLiveRate > 0) live.setRate(start, initialLiveRate);
  return {
    clock,
    tenants: new TenantRegistry({
      clock,
      live,
      anchor,
      cacheAlertBudget: options.cacheAlertBudget ?? DEFAULT_CACHE_ALERT_BUDGET,
    }),
    live,
    limits: new RateLimiter(clock),
    faults: new FaultTable(),
    initialLiveRate,
  };
}

/** Live rate from now on: for every tenant without its own rate, or for one tenant (null: follow the global rate). */
export function setLiveRate(state: DefenderState, ratePerMinute: number | null, tenantId?: string): void {
  state.live.setRate(ticksFromMs(state.clock()), ratePerMinute, tenantId);
}

/**
 * Back to the start: generated data without changes, no faults, fresh rate counters, the live
 * rate the simulator started with. With a tenant id, only that tenant.
 */
export function resetDefender(state: DefenderState, tenantId?: string): void {
  state.tenants.reset(tenantId);
  state.limits.reset(tenantId);
  state.faults.clear(tenantId);
  if (tenantId !== undefined) {
    state.live.clearTenant(tenantId);
    return;
  }
  state.live.clear();
  if (state.initialLiveRate > 0) setLiveRate(state, state.initialLiveRate);
}
