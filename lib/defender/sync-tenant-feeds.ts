import 'server-only';
import { randomUUID } from 'node:crypto';
import { getConfig } from '@/lib/config';
import { getDb, type Db } from '@/lib/db/client';
import type { DataSource, SyncFeed, TenantStatus } from '@/lib/generated/prisma/enums';
import { getAppTokenClient } from '@/lib/microsoft/app-token-client';
import { failureBackoffMs, feedEligibility, missingFeedPermission, nextTenantRun } from './alert-sync-policy';
import { createCallBudget } from './call-budget';
import { createDefenderApiClient, type RetryPolicy } from './defender-api-client';
import type { FeedReader, FeedReaderContext } from './feed-reader';
import { createGraphAlertsReader, createGraphIncidentsReader, GRAPH_HEADERS } from './graph-feeds';
import { createMdeAlertsReader } from './mde-alerts-feed';
import { getRequestSlots } from './request-slots';
import {
  BACKFILL_CONTINUES_CODE,
  claimSourceRun,
  finishSourceRun,
  LEASE_RENEW_MS,
  LeaseLost,
  markMissingPermission,
  renewLease,
  savePage,
  type RunOutcome,
  type SourceKey,
} from './source-sync-state';
import { capUpstreamText, explainSyncError, SyncDeferred, SyncError } from './sync-error';
import { feedDefinition, FEEDS, type FeedDefinition } from './sync-feeds';
import { createXdrIncidentsReader } from './xdr-incidents-feed';

/**
 * Each run re-reads the last minutes before its cursor: Microsoft may show a change a little after
 * the lastUpdateTime it carries. Re-read items are recognised and not written again.
 */
export const OVERLAP_MS = 5 * 60_000;
/** A run ends after this (progress saved) so one large tenant never holds a worker for long. */
export const MAX_RUN_MS = 10 * 60_000;

const READERS: Record<SyncFeed, (context: FeedReaderContext) => FeedReader> = {
  MDE_ALERTS: createMdeAlertsReader,
  XDR_INCIDENTS: createXdrIncidentsReader,
  GRAPH_ALERTS: createGraphAlertsReader,
  GRAPH_INCIDENTS: createGraphIncidentsReader,
};

export type SyncAlertsOptions = {
  /** Items per request (each feed caps it at what its API takes). */
  pageSize?: number;
  maxRunMs?: number;
  retry?: Partial<RetryPolicy>;
};

/** Why a backfill stops after its share of pages: so that other tenants' syncs go in between. */
const BACKFILL_CONTINUES = {
  code: BACKFILL_CONTINUES_CODE,
  title: 'Backfill in progress',
  explanation:
    "A tenant's first sync reads a few pages at a time, so that other tenants' syncs go in between. What it read is saved; the next job continues.",
  nextStep: 'Nothing to do.',
} as const;

/** Rows are alerts and incidents alike. */
export type SyncCounts = { fetched: number; inserted: number; updated: number; malformed: number; pages: number };

export type SyncAlertsResult =
  | { outcome: 'skipped'; reason: string }
  | {
      outcome: 'succeeded' | 'partial' | 'failed';
      counts: SyncCounts;
      problem: string | null;
      /** A backfill that read its share of pages (CANOPY_SYNC_BACKFILL_PAGES): due again at once. */
      continues?: true;
    };

type TenantFacts = { entraTenantId: string; status: TenantStatus; dataSources: DataSource[]; permissions: unknown };

const readTenant = (db: Db, tenantId: string): Promise<TenantFacts | null> =>
  db.customerTenant.findUnique({
    where: { id: tenantId },
    select: { entraTenantId: true, status: true, dataSources: true, permissions: true },
  });

/**
 * One run of one feed of a tenant: the backfill window on the first run, then from the cursor
 * minus an overlap; reads page by page (the feed's reader), stores each page (batch upserts) and
 * moves the cursor with it, and records how the run ended. A feed whose permission is missing is
 * marked so and not called; a run that cannot get the lease (another worker is syncing this feed
 * of the tenant) does nothing.
 */
export async function syncTenantFeed(
  tenantId: string,
  feed: SyncFeed,
  options: SyncAlertsOptions = {},
): Promise<SyncAlertsResult> {
  const db = getDb();
  const tenant = await readTenant(db, tenantId);
  if (!tenant) return { outcome: 'skipped', reason: 'no such tenant' };
  return runFeed(db, tenantId, tenant, feedDefinition(feed), options);
}

export type TenantSyncResult = { feeds: Partial<Record<SyncFeed, SyncAlertsResult>> };

/**
 * Every feed of a tenant that its chosen data and granted roles allow. `onlyDue` (the scheduled
 * job) skips the feeds whose next run has not come (by `dueBy`, or later: backoff after failures);
 * "sync now" runs them all.
 *
 * Once every feed has finished its first sync they run at once (each has its own API, budget and
 * lease; their writes meet under the tenant's write lock), so one slow API never holds up the
 * others. While any of them is still in its first sync they run one after another, in FEEDS'
 * order, best source first: a detection's better copy is then stored before its other copies,
 * which are inserted as copies, instead of inserted as primary and demoted (written twice). (A
 * backfill longer than one job's share of pages can still meet a copy first; markPrimaryAlerts
 * keeps the choice right either way.)
 */
export async function syncTenantFeeds(
  tenantId: string,
  options: SyncAlertsOptions & { onlyDue?: boolean; dueBy?: Date } = {},
): Promise<TenantSyncResult> {
  const db = getDb();
  const tenant = await readTenant(db, tenantId);
  if (!tenant) return { feeds: {} };
  // A scheduled job starts at its slot by the database's clock; a worker's clock a little behind
  // must not find the feed not yet due.
  const now = new Date(Math.max(Date.now(), options.dueBy?.getTime() ?? 0));
  const states = new Map(
    (
      await db.tenantSourceSync.findMany({
        where: { tenantId },
        select: { source: true, nextRunAt: true, backfillCompletedAt: true },
      })
    ).map((state) => [state.source, state]),
  );
  const feeds = FEEDS.filter((definition) => {
    const nextRunAt = states.get(definition.feed)?.nextRunAt;
    const due = !options.onlyDue || !nextRunAt || nextRunAt <= now;
    return tenant.dataSources.includes(definition.dataSource) && due;
  });
  const run = async (definition: FeedDefinition) =>
    [definition.feed, await runFeed(db, tenantId, tenant, definition, options)] as const;
  const backfilling = feeds.some((definition) => !states.get(definition.feed)?.backfillCompletedAt);
  const results: (readonly [SyncFeed, SyncAlertsResult])[] = [];
  if (backfilling) for (const definition of feeds) results.push(await run(definition));
  else results.push(...(await Promise.all(feeds.map(run))));
  return { feeds: Object.fromEntries(results) };
}

async function runFeed(
  db: Db,
  tenantId: string,
  tenant: TenantFacts,
  definition: FeedDefinition,
  options: SyncAlertsOptions,
): Promise<SyncAlertsResult> {
  const config = getConfig();
  const key: SourceKey = { tenantId, source: definition.feed };
  const eligibility = feedEligibility(tenant, definition);
  if (eligibility === 'missing-permission') {
    await markMissingPermission(db, key, missingFeedPermission(definition));
    return { outcome: 'skipped', reason: 'missing permission' };
  }
  if (eligibility !== 'eligible') return { outcome: 'skipped', reason: `tenant ${eligibility}` };

  const runId = randomUUID();
  const claimed = await claimSourceRun(db, key, runId);
  if (!claimed) return { outcome: 'skipped', reason: 'another run of this tenant is in progress' };

  const started = Date.now();
  const deadline = started + (options.maxRunMs ?? MAX_RUN_MS);
  const budget = createCallBudget(definition.limits, claimed.recentCalls);
  const { apiUrl, resource } = definition.endpoint(config.endpoints);
  const client = createDefenderApiClient({
    resource,
    headers: definition.dataSource === 'GRAPH_SECURITY' ? GRAPH_HEADERS : undefined,
    tokens: getAppTokenClient(),
    budget,
    slots: getRequestSlots(),
    deadline,
    retry: options.retry,
  });
  const reader = READERS[definition.feed]({
    client,
    entraTenantId: tenant.entraTenantId,
    apiUrl,
    since: claimed.cursor
      ? new Date(claimed.cursor.getTime() - OVERLAP_MS)
      : new Date(started - config.sync.alertBackfillDays * 86_400_000),
    pageSize: options.pageSize,
  });
  const counts: SyncCounts = { fetched: 0, inserted: 0, updated: 0, malformed: 0, pages: 0 };
  const heartbeat = keepLease(db, key, runId);
  const pageShare = claimed.backfillCompletedAt === null ? config.sync.backfillPagesPerRun : Infinity;

  let ending: Pick<RunOutcome, 'status' | 'error'> & { notBefore: number };
  let continues = false;
  try {
    while (!reader.done) {
      if (counts.pages >= pageShare) {
        continues = true;
        break;
      }
      if (Date.now() >= deadline) throw new SyncDeferred('used its time', null);
      heartbeat.check();
      const page = await reader.readPage();
      const written = await savePage(db, key, { runId, ...page, recentCalls: budget.recentCalls(Date.now()) });
      counts.fetched += page.fetched;
      counts.malformed += page.malformed;
      counts.inserted += written.inserted;
      counts.updated += written.updated;
      counts.pages++;
    }
    ending = continues
      ? { status: 'PARTIAL', error: BACKFILL_CONTINUES, notBefore: Date.now() }
      : { status: 'SUCCEEDED', error: null, notBefore: Date.now() };
  } catch (error) {
    if (error instanceof LeaseLost) return { outcome: 'skipped', reason: error.message };
    ending = failedEnding(error, claimed.consecutiveFailures, definition.api);
  } finally {
    heartbeat.stop();
  }

  const failures = ending.status === 'FAILED' ? claimed.consecutiveFailures + 1 : 0;
  await finishSourceRun(db, key, runId, {
    status: ending.status,
    error: ending.error,
    backfillCompleted: reader.done && claimed.backfillCompletedAt === null,
    consecutiveFailures: failures,
    // A backfill's next share is due at once (its job is queued behind the incremental syncs).
    nextRunAt: continues
      ? new Date(ending.notBefore)
      : nextTenantRun(config.sync.schedule, tenantId, new Date(ending.notBefore)),
    recentCalls: budget.recentCalls(Date.now()),
  });
  return {
    outcome: ending.status === 'SUCCEEDED' ? 'succeeded' : ending.status === 'PARTIAL' ? 'partial' : 'failed',
    counts,
    problem: ending.error ? `${ending.error.title}: ${ending.error.explanation}` : null,
    ...(continues ? { continues: true as const } : {}),
  };
}

/** How a run that threw ends: deferred (partial), a known failure explained, or anything else. */
function failedEnding(
  error: unknown,
  consecutiveFailures: number,
  api: string,
): Pick<RunOutcome, 'status' | 'error'> & { notBefore: number } {
  const now = Date.now();
  if (error instanceof SyncDeferred) {
    return {
      status: 'PARTIAL',
      error: {
        code: 'deferred',
        title: 'Stopped early; the next run continues',
        explanation: `The run ${error.reason}. What it read is saved.`,
        nextStep: 'Nothing to do.',
      },
      notBefore: Math.max(now, error.resumeAt?.getTime() ?? now),
    };
  }
  const backoff = now + failureBackoffMs(consecutiveFailures + 1);
  if (error instanceof SyncError) {
    const { aadsts, httpStatus, retryAfterMs } = error.details;
    return {
      status: 'FAILED',
      error: {
        code: error.code,
        ...(aadsts != null ? { aadsts } : {}),
        ...(httpStatus !== undefined ? { httpStatus } : {}),
        ...explainSyncError(error, api),
      },
      notBefore: Math.max(backoff, now + (retryAfterMs ?? 0)),
    };
  }
  return {
    status: 'FAILED',
    error: {
      code: 'internal',
      title: 'Canopy could not finish the sync',
      explanation: `An unexpected error stopped the run (${capUpstreamText(error instanceof Error ? error.message : String(error)) ?? 'no message'}).`,
      nextStep: "Canopy tries again later; if it repeats, look at the worker's log.",
    },
    notBefore: backoff,
  };
}

/** Renews the run's lease in the background; `check()` throws once another run has taken it. */
function keepLease(db: Db, key: SourceKey, runId: string) {
  let lost: LeaseLost | null = null;
  const timer = setInterval(() => {
    renewLease(db, key, runId).catch((error: unknown) => {
      // A failed renewal (database hiccup) is retried at the next tick; only a lost lease stops the run.
      if (error instanceof LeaseLost) lost = error;
    });
  }, LEASE_RENEW_MS);
  timer.unref();
  return {
    check() {
      if (lost) throw lost;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
