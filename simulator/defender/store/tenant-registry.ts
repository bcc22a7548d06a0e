import type { Clock } from '../../clock';
import type { Tenant } from '../../world/schema';
import { generateTenant } from '../data/generate-tenant';
import type { TenantProfile } from '../data/model';
import { Random } from '../data/random';
import { ticksFromMs, type Ticks } from '../data/ticks';
import { applyLiveEvent } from '../live/apply-live-event';
import type { LiveSchedule } from '../live/live-schedule';
import { applyJournalEntry, type JournalEntry, type JournalWrite } from './journal';
import { TenantData } from './tenant-data';

/**
 * World fields the Defender area reads (agreed with the world schema; optional here so this
 * module works with worlds written before they existed: absent `products` means provisioned).
 */
export type DefenderTenantFields = {
  products?: { defenderForEndpoint: boolean; defenderXdr: boolean };
  defender?: { alertCount?: number; seed?: string };
};

export type DefenderTenant = Tenant & DefenderTenantFields;

type Runtime = { journal: JournalEntry[]; processedUntil: Ticks };

export type TenantRegistryOptions = {
  clock: Clock;
  live: LiveSchedule;
  /** Generated timestamps end here (the start time, floored to the hour). */
  anchor: Ticks;
  /** Most alerts kept in memory across cached tenants; older tenants are regenerated on access. */
  cacheAlertBudget: number;
};

/**
 * Tenants' Defender data, generated on first access and kept in an LRU cache bounded by alert
 * count. Eviction loses nothing: a tenant is rebuilt by generating it again and replaying its
 * journal and live events, which are all deterministic.
 */
export class TenantRegistry {
  private readonly cache = new Map<string, TenantData>();
  private readonly runtimes = new Map<string, Runtime>();
  private sequence = 0;
  readonly stats = { generated: 0, evicted: 0 };

  constructor(private readonly options: TenantRegistryOptions) {}

  profileFor(tenant: DefenderTenant): TenantProfile {
    const seed = tenant.defender?.seed ?? '';
    return {
      tenantId: tenant.id,
      displayName: tenant.displayName,
      domain: tenant.verifiedDomains[0] ?? `${tenant.id}.example`,
      seed,
      alertCount: tenant.defender?.alertCount ?? new Random(`alert-count|${tenant.id}|${seed}`).int(100, 300),
      anchor: this.options.anchor,
    };
  }

  /** The tenant's data with live events applied up to now. */
  get(tenant: DefenderTenant): TenantData {
    const runtime = this.runtimeOf(tenant.id);
    let data = this.cache.get(tenant.id);
    if (data && !sameProfile(data.profile, this.profileFor(tenant))) {
      // The world changed what this tenant is generated from: start over.
      this.reset(tenant.id);
      return this.get(tenant);
    }
    if (data) {
      this.cache.delete(tenant.id);
      this.cache.set(tenant.id, data);
    } else {
      data = this.rebuild(tenant, runtime);
      this.cache.set(tenant.id, data);
      this.evictOverBudget(tenant.id);
    }
    this.catchUp(data, this.now());
    runtime.processedUntil = data.processedUntil;
    return data;
  }

  /** Applies a write now and journals it; returns the touched or created alert ids. */
  write(tenant: DefenderTenant, write: JournalWrite): { data: TenantData; alertIds: readonly string[] } {
    const data = this.get(tenant);
    const entry: JournalEntry = {
      ...write,
      at: Math.max(this.now(), data.processedUntil),
      after: data.processedUntil,
      sequence: this.sequence++,
    };
    const alertIds = applyJournalEntry(data, entry);
    this.runtimeOf(tenant.id).journal.push(entry);
    return { data, alertIds };
  }

  /** Forgets changes and cached data (one tenant or all); the next access regenerates. */
  reset(tenantId?: string): void {
    const ids = tenantId === undefined ? [...this.cache.keys()] : [tenantId];
    for (const id of ids) this.cache.delete(id);
    if (tenantId === undefined) this.runtimes.clear();
    else this.runtimes.delete(tenantId);
  }

  get cachedTenantCount(): number {
    return this.cache.size;
  }

  get cachedAlertCount(): number {
    let total = 0;
    for (const data of this.cache.values()) total += data.alertCount;
    return total;
  }

  private now(): Ticks {
    return ticksFromMs(this.options.clock());
  }

  private runtimeOf(tenantId: string): Runtime {
    let runtime = this.runtimes.get(tenantId);
    if (!runtime) {
      runtime = { journal: [], processedUntil: this.options.anchor };
      this.runtimes.set(tenantId, runtime);
    }
    return runtime;
  }

  private rebuild(tenant: DefenderTenant, runtime: Runtime): TenantData {
    this.stats.generated++;
    const data = new TenantData(generateTenant(this.profileFor(tenant)));
    for (const entry of runtime.journal) {
      this.catchUp(data, entry.after);
      applyJournalEntry(data, entry);
    }
    this.catchUp(data, runtime.processedUntil);
    return data;
  }

  private catchUp(data: TenantData, until: Ticks): void {
    if (until <= data.processedUntil) return;
    for (const at of this.options.live.eventTimes(data.profile.tenantId, data.processedUntil, until)) {
      applyLiveEvent(data, at, data.liveEventCount++);
    }
    data.processedUntil = until;
  }

  /** Oldest first (Map order is least recently used first); the tenant just loaded stays. */
  private evictOverBudget(keep: string): void {
    let total = this.cachedAlertCount;
    for (const [id, data] of this.cache) {
      if (total <= this.options.cacheAlertBudget) break;
      if (id === keep) continue;
      this.cache.delete(id);
      total -= data.alertCount;
      this.stats.evicted++;
    }
  }
}

function sameProfile(a: TenantProfile, b: TenantProfile): boolean {
  return a.seed === b.seed && a.alertCount === b.alertCount && a.domain === b.domain && a.anchor === b.anchor;
}
