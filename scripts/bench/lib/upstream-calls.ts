/**
 * What Canopy asked of Microsoft during a benchmark, from the in-process simulator's request log:
 * calls per tenant per API, token requests per (tenant, resource), and the busiest minute of each
 * tenant's calls against Microsoft's published limits.
 */
import type { RequestLog, RequestLogEntry } from '../../../simulator/control/request-log';

export type Api = 'mde' | 'xdr' | 'graph';

/** Published per-tenant (per app) limits, calls per minute (reference: microsoft-protocols.md). */
export const PER_MINUTE_LIMITS: Record<Api, number> = { mde: 100, xdr: 50, graph: 150 };
/** Defender for Endpoint also has an hourly limit. */
export const MDE_PER_HOUR_LIMIT = 1500;

const API_PREFIXES: [string, Api][] = [
  ['/mde/', 'mde'],
  ['/xdr/', 'xdr'],
  ['/graph/', 'graph'],
];

/**
 * Keeps every entry of the simulator's log (bounded at 10,000, so read often). Entries are the
 * log's own objects, completed in place when answered, so reading them later sees tenant and status.
 */
export class UpstreamCallRecorder {
  private readonly entries: RequestLogEntry[] = [];
  private lastId = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly log: RequestLog) {
    this.timer = setInterval(() => this.collect(), 250);
  }

  private collect(): void {
    for (const entry of this.log.list({ after: this.lastId })) {
      this.entries.push(entry);
      this.lastId = entry.id;
    }
  }

  /** The id of the newest entry so far: `summary(after)` counts only later ones. */
  mark(): number {
    this.collect();
    return this.lastId;
  }

  stop(): void {
    this.collect();
    clearInterval(this.timer);
  }

  summary(after = 0): UpstreamSummary {
    this.collect();
    return summarise(this.entries.filter((entry) => entry.id > after));
  }
}

type Spread = { tenants: number; total: number; min: number; max: number; mean: number };

export type UpstreamSummary = {
  /** API calls per tenant, per API (tenants that had at least one call). */
  callsPerTenant: Partial<Record<Api, Spread>>;
  /** Answers that were not 2xx, by status (429: throttled). */
  errorStatuses: Record<string, number>;
  /** Token requests per (tenant, resource). */
  tokensPerTenantResource: Spread & { pairsAboveOne: number };
  /** The most calls one tenant made to one API within any 60 s (and, MDE, within any hour). */
  peakPerMinute: Partial<Record<Api, { calls: number; limit: number; shareOfLimit: number }>>;
  mdePeakPerHour: { calls: number; limit: number; shareOfLimit: number };
};

function spread(counts: number[]): Spread {
  const total = counts.reduce((sum, n) => sum + n, 0);
  return {
    tenants: counts.length,
    total,
    min: counts.length ? Math.min(...counts) : 0,
    max: counts.length ? Math.max(...counts) : 0,
    mean: counts.length ? Math.round((total / counts.length) * 10) / 10 : 0,
  };
}

/** Most of the ascending `times` within any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

const share = (calls: number, limit: number) => ({
  calls,
  limit,
  shareOfLimit: Math.round((calls / limit) * 1000) / 10,
});

function summarise(entries: RequestLogEntry[]): UpstreamSummary {
  const callTimes = new Map<string, number[]>(); // `${api}|${tenant}`
  const tokens = new Map<string, number>(); // `${tenant}|${scope}`
  const errorStatuses: Record<string, number> = {};
  for (const entry of entries) {
    if (entry.status !== null && (entry.status < 200 || entry.status > 299))
      errorStatuses[entry.status] = (errorStatuses[entry.status] ?? 0) + 1;
    if (entry.path.endsWith('/oauth2/v2.0/token')) {
      const key = `${entry.tenantId}|${entry.form?.scope ?? '?'}`;
      tokens.set(key, (tokens.get(key) ?? 0) + 1);
      continue;
    }
    const api = API_PREFIXES.find(([prefix]) => entry.path.startsWith(prefix))?.[1];
    if (!api || !entry.tenantId) continue;
    const key = `${api}|${entry.tenantId}`;
    const times = callTimes.get(key) ?? [];
    times.push(Date.parse(entry.time));
    callTimes.set(key, times);
  }

  const callsPerTenant: UpstreamSummary['callsPerTenant'] = {};
  const peakPerMinute: UpstreamSummary['peakPerMinute'] = {};
  let mdePeakHour = 0;
  for (const [, api] of API_PREFIXES) {
    const perTenant = [...callTimes].filter(([key]) => key.startsWith(`${api}|`)).map(([, times]) => times);
    if (perTenant.length === 0) continue;
    callsPerTenant[api] = spread(perTenant.map((times) => times.length));
    let peak = 0;
    for (const times of perTenant) {
      times.sort((a, b) => a - b);
      peak = Math.max(peak, busiestWindow(times, 60_000));
      if (api === 'mde') mdePeakHour = Math.max(mdePeakHour, busiestWindow(times, 3_600_000));
    }
    peakPerMinute[api] = share(peak, PER_MINUTE_LIMITS[api]);
  }
  const tokenCounts = [...tokens.values()];
  return {
    callsPerTenant,
    errorStatuses,
    tokensPerTenantResource: { ...spread(tokenCounts), pairsAboveOne: tokenCounts.filter((n) => n > 1).length },
    peakPerMinute,
    mdePeakPerHour: share(mdePeakHour, MDE_PER_HOUR_LIMIT),
  };
}
