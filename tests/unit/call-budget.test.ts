import { describe, expect, it } from 'vitest';
import { createCallBudget, MDE_CALL_LIMITS } from '@/lib/defender/call-budget';

const T0 = Date.parse('2026-01-01T12:00:00Z');

describe('call budget (half of MDE: 50 a minute, 750 an hour)', () => {
  it('lets 50 calls go in a minute, then waits until the oldest leaves the window', () => {
    const budget = createCallBudget(MDE_CALL_LIMITS, []);
    for (let i = 0; i < 50; i++) {
      expect(budget.delayMs(T0 + i * 100)).toBe(0);
      budget.record(T0 + i * 100);
    }
    expect(budget.delayMs(T0 + 5_000)).toBe(55_001);
    expect(budget.delayMs(T0 + 60_001)).toBe(0);
  });

  it('holds 750 an hour even when each minute stays under 50', () => {
    const budget = createCallBudget(MDE_CALL_LIMITS, []);
    for (let minute = 0; minute < 15; minute++)
      for (let i = 0; i < 50; i++) budget.record(T0 + minute * 60_000 + i * 1_000);
    const at = T0 + 15 * 60_000;
    expect(budget.delayMs(at)).toBe(T0 + 3_600_000 - at + 1);
  });

  it('starts from the calls of earlier runs (stored), and forgets those older than an hour', () => {
    const earlier = Array.from({ length: 50 }, (_, i) => new Date(T0 - 30_000 + i));
    const stale = new Date(T0 - 3_600_001);
    const budget = createCallBudget(MDE_CALL_LIMITS, [stale, ...earlier]);
    expect(budget.delayMs(T0)).toBe(30_001);
    expect(budget.recentCalls(T0)).toEqual(earlier);
  });
});
