import 'server-only';
import { randomUUID } from 'node:crypto';
import { getConfig } from '@/lib/config';
import { getDb, type Db } from '@/lib/db/client';
import { getAppTokenClient } from '@/lib/microsoft/app-token-client';
import type { AlertRow } from './alert-row';
import { failureBackoffMs, mdeAlertsEligibility, missingMdePermission, nextScheduledRun } from './alert-sync-policy';
import { createCallBudget, MDE_CALL_LIMITS } from './call-budget';
import { defenderTimeToDate, formatDefenderTime } from './defender-time';
import { mdeAlertRow } from './mde-alert-schema';
import { createMdeAlertsClient, type RetryPolicy } from './mde-alerts-client';
import {
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
import { createUpdateTimePager } from './update-time-pager';

/**
 * Each run re-reads the last minutes before its cursor: Microsoft may show a change a little after
 * the lastUpdateTime it carries. Re-read alerts are recognised and not written again.
 */
export const OVERLAP_MS = 5 * 60_000;
/** Alerts per request (MDE allows 10,000; with evidence a page of 1,000 is a few MB). */
export const DEFAULT_PAGE_SIZE = 1_000;
/** A run ends after this (progress saved) so one large tenant never holds a worker for long. */
export const MAX_RUN_MS = 10 * 60_000;

const API = 'Defender for Endpoint';

export type SyncAlertsOptions = {
  pageSize?: number;
  maxRunMs?: number;
  retry?: Partial<RetryPolicy>;
};

export type SyncCounts = { fetched: number; inserted: number; updated: number; malformed: number; pages: number };

export type SyncAlertsResult =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'succeeded' | 'partial' | 'failed'; counts: SyncCounts; problem: string | null };

/**
 * One run of a tenant's Defender for Endpoint alert sync: the backfill window on the first run,
 * then from the cursor minus an overlap; pages by lastUpdateTime (update-time-pager.ts), stores
 * each page (batch upserts) and moves the cursor with it, and records how the run ended. A run
 * that cannot get the lease (another worker is syncing this tenant) does nothing.
 */
export async function syncTenantAlerts(tenantId: string, options: SyncAlertsOptions = {}): Promise<SyncAlertsResult> {
  const config = getConfig();
  const db = getDb();
  const tenant = await db.customerTenant.findUnique({
    where: { id: tenantId },
    select: { entraTenantId: true, status: true, dataSources: true, permissions: true },
  });
  if (!tenant) return { outcome: 'skipped', reason: 'no such tenant' };
  const key: SourceKey = { tenantId, source: 'MDE_ALERTS' };
  const eligibility = mdeAlertsEligibility(tenant, config.endpoints);
  if (eligibility === 'missing-permission') {
    await markMissingPermission(db, key, missingMdePermission(config.endpoints));
    return { outcome: 'skipped', reason: 'missing permission' };
  }
  if (eligibility !== 'eligible') return { outcome: 'skipped', reason: `tenant ${eligibility}` };

  const runId = randomUUID();
  const claimed = await claimSourceRun(db, key, runId);
  if (!claimed) return { outcome: 'skipped', reason: 'another run of this tenant is in progress' };

  const started = Date.now();
  const deadline = started + (options.maxRunMs ?? MAX_RUN_MS);
  const budget = createCallBudget(MDE_CALL_LIMITS, claimed.recentCalls);
  const client = createMdeAlertsClient({
    endpoints: config.endpoints,
    tokens: getAppTokenClient(),
    budget,
    deadline,
    retry: options.retry,
  });
  const since = claimed.cursor
    ? new Date(claimed.cursor.getTime() - OVERLAP_MS)
    : new Date(started - config.sync.alertBackfillDays * 86_400_000);
  const pager = createUpdateTimePager({
    since: formatDefenderTime(since),
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
  });
  const counts: SyncCounts = { fetched: 0, inserted: 0, updated: 0, malformed: 0, pages: 0 };
  const heartbeat = keepLease(db, key, runId);

  let ending: Pick<RunOutcome, 'status' | 'error'> & { notBefore: number };
  try {
    while (!pager.done) {
      if (Date.now() >= deadline) throw new SyncDeferred('used its time', null);
      heartbeat.check();
      const items = await client.listPage({ entraTenantId: tenant.entraTenantId, ...pager.next() });
      const fresh = pager.accept(items.map((item) => item.key));
      const rows: AlertRow[] = [];
      let cursor: string | null = null;
      items.forEach((item, index) => {
        if (item.key.lastUpdateTime !== null && (cursor === null || item.key.lastUpdateTime > cursor))
          cursor = item.key.lastUpdateTime;
        if (!fresh[index]) return;
        counts.fetched++;
        if (item.alert) rows.push(mdeAlertRow(item.alert));
        else counts.malformed++;
      });
      const written = await savePage(db, key, {
        runId,
        rows,
        cursor: cursor === null ? null : defenderTimeToDate(cursor),
        recentCalls: budget.recentCalls(Date.now()),
      });
      counts.inserted += written.inserted;
      counts.updated += written.updated;
      counts.pages++;
    }
    ending = { status: 'SUCCEEDED', error: null, notBefore: Date.now() };
  } catch (error) {
    if (error instanceof LeaseLost) return { outcome: 'skipped', reason: error.message };
    ending = failedEnding(error, claimed.consecutiveFailures);
  } finally {
    heartbeat.stop();
  }

  const failures = ending.status === 'FAILED' ? claimed.consecutiveFailures + 1 : 0;
  await finishSourceRun(db, key, runId, {
    status: ending.status,
    error: ending.error,
    counts: { fetched: counts.fetched, upserted: counts.inserted + counts.updated, malformed: counts.malformed },
    backfillCompleted: pager.done && claimed.backfillCompletedAt === null,
    consecutiveFailures: failures,
    nextRunAt: nextScheduledRun(config.sync.schedule, new Date(ending.notBefore)),
    recentCalls: budget.recentCalls(Date.now()),
  });
  return {
    outcome: ending.status === 'SUCCEEDED' ? 'succeeded' : ending.status === 'PARTIAL' ? 'partial' : 'failed',
    counts,
    problem: ending.error ? `${ending.error.title}: ${ending.error.explanation}` : null,
  };
}

/** How a run that threw ends: deferred (partial), a known failure explained, or anything else. */
function failedEnding(
  error: unknown,
  consecutiveFailures: number,
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
        ...explainSyncError(error, API),
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
