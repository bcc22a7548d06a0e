import { Random } from '../data/random';

export type DefenderApi = 'mde' | 'xdr' | 'graph';

/** Trouble to inject into one tenant's Defender API calls (set through the control API). */
export type DefenderFaults = {
  /** Only these APIs misbehave; default all three. */
  apis?: DefenderApi[];
  /** Wall-clock delay before answering. */
  latencyMs?: number;
  /** Share of calls (0–1) answered with `errorStatus`, drawn from a seeded sequence. */
  errorRate?: number;
  errorStatus?: 500 | 502 | 503 | 504;
  /** Never answer (the client's own timeout must fire). */
  timeout?: boolean;
  /** Answer every call with 429 and this Retry-After, regardless of the real counters. */
  throttleRetryAfterSeconds?: number;
  /** Seed of the error-rate sequence; the same seed gives the same failing calls. */
  seed?: string;
  /**
   * Raw field values served in place of the generated ones for these alert ids, by each API's own
   * field names, in the APIs of `apis` (MDE lists and single GETs, the alerts inside XDR incident
   * lists, Graph alerts_v2 lists); without `apis`, MDE only (as before the others had it): upstream drift a client must survive, such as a malformed item
   * (`{"lastUpdateTime": "soon"}`, `{"title": 42}`) or an enum member it does not know yet
   * (`{"severity": "Critical"}`). Filters and order still see the real values, as a serializer bug
   * would leave them.
   */
  alertOverrides?: Record<string, Record<string, unknown>>;
  /**
   * Graph only: lists answer without `@odata.nextLink` even when more items follow, as one
   * integrator observed of alerts_v2 (reference §E6); clients must page by a time filter.
   */
  omitNextLink?: boolean;
};

export type FaultDecision =
  | { kind: 'none'; latencyMs: number }
  | { kind: 'timeout'; latencyMs: number }
  | { kind: 'throttle'; latencyMs: number; retryAfterSeconds: number }
  | { kind: 'error'; latencyMs: number; status: number };

type Entry = { faults: DefenderFaults; random: Random };

export class FaultTable {
  private readonly entries = new Map<string, Entry>();

  set(tenantId: string, faults: DefenderFaults): void {
    this.entries.set(tenantId, { faults, random: new Random(`faults|${tenantId}|${faults.seed ?? ''}`) });
  }

  get(tenantId: string): DefenderFaults | undefined {
    return this.entries.get(tenantId)?.faults;
  }

  /** A wire alert of `api` with this tenant's overrides for it applied (the same object when none). */
  overrideAlert<T extends object>(tenantId: string, api: DefenderApi, alertId: string, alert: T): T {
    const faults = this.entries.get(tenantId)?.faults;
    if (!faults || !(faults.apis ?? ['mde']).includes(api)) return alert;
    const overrides = faults.alertOverrides?.[alertId];
    return overrides ? { ...alert, ...overrides } : alert;
  }

  /** Whether Graph lists leave out their next link for this tenant (`omitNextLink`). */
  omitsNextLink(tenantId: string): boolean {
    const faults = this.entries.get(tenantId)?.faults;
    return faults?.omitNextLink === true && (!faults.apis || faults.apis.includes('graph'));
  }

  all(): Record<string, DefenderFaults> {
    return Object.fromEntries([...this.entries].map(([tenantId, entry]) => [tenantId, entry.faults]));
  }

  clear(tenantId?: string): void {
    if (tenantId === undefined) this.entries.clear();
    else this.entries.delete(tenantId);
  }

  /** What happens to this call; consumes one draw of the tenant's sequence when an error rate is set. */
  decide(tenantId: string, api: DefenderApi): FaultDecision {
    const entry = this.entries.get(tenantId);
    if (!entry || (entry.faults.apis && !entry.faults.apis.includes(api))) return { kind: 'none', latencyMs: 0 };
    const { faults, random } = entry;
    const latencyMs = faults.latencyMs ?? 0;
    if (faults.timeout) return { kind: 'timeout', latencyMs };
    if (faults.throttleRetryAfterSeconds !== undefined)
      return { kind: 'throttle', latencyMs, retryAfterSeconds: faults.throttleRetryAfterSeconds };
    if (faults.errorRate !== undefined && faults.errorRate > 0 && random.next() < faults.errorRate) {
      return { kind: 'error', latencyMs, status: faults.errorStatus ?? 503 };
    }
    return { kind: 'none', latencyMs };
  }
}
