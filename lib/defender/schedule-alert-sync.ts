import 'server-only';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { feedEligibility, missingFeedPermission, nextScheduledRun } from './alert-sync-policy';
import { markMissingPermission } from './source-sync-state';
import { FEEDS } from './sync-feeds';

export type ScheduleSummary = { enqueued: number; alreadyQueued: number; waiting: number; missingPermission: number };

/**
 * A tenant's sync job as the scheduler asks for it: to start at `startAfter` (null: at once), and
 * whether every feed it runs is still in its backfill (the job's priority).
 */
export type ScheduledSync = { tenantId: string; startAfter: Date | null; backfill: boolean };

/**
 * The recurring step of the sync (each tick of CANOPY_SYNC_SCHEDULE): one job per tenant with a
 * feed that may be read and is due before the next tick, to start when it is due. A feed's next
 * run is its tenant's slot in the interval (`nextTenantRun`), so the tick's jobs start spread
 * over the interval instead of all at once; a feed that never ran (a new tenant's backfill) or
 * is overdue starts at once; a feed in backoff waits for a later tick. A feed whose permission
 * the tenant lacks is marked so, once, and not called: no token requests until a check finds
 * the role. `enqueue` returns false when a job for that tenant is already waiting (pg-boss
 * singleton key). `missingPermission` counts feeds.
 */
export async function scheduleAlertSync(enqueue: (sync: ScheduledSync) => Promise<boolean>): Promise<ScheduleSummary> {
  const db = getDb();
  const now = new Date();
  const nextTick = nextScheduledRun(getConfig().sync.schedule, new Date(now.getTime() + 1));
  const tenants = await db.customerTenant.findMany({
    where: { status: { in: ['CONNECTED', 'MISSING_PERMISSIONS'] }, NOT: { dataSources: { isEmpty: true } } },
    select: {
      id: true,
      status: true,
      dataSources: true,
      permissions: true,
      sourceSyncs: { select: { source: true, nextRunAt: true, backfillCompletedAt: true } },
    },
    orderBy: { id: 'asc' },
  });
  const summary: ScheduleSummary = { enqueued: 0, alreadyQueued: 0, waiting: 0, missingPermission: 0 };
  for (const tenant of tenants) {
    let eligible = false;
    let startAt: number | null = null;
    let backfill = true;
    for (const feed of FEEDS) {
      const eligibility = feedEligibility(tenant, feed);
      if (eligibility === 'missing-permission') {
        await markMissingPermission(db, { tenantId: tenant.id, source: feed.feed }, missingFeedPermission(feed));
        summary.missingPermission++;
      } else if (eligibility === 'eligible') {
        eligible = true;
        const state = tenant.sourceSyncs.find((sync) => sync.source === feed.feed);
        const dueAt = Math.max(now.getTime(), state?.nextRunAt?.getTime() ?? 0);
        if (dueAt >= nextTick.getTime()) continue;
        startAt = Math.min(startAt ?? dueAt, dueAt);
        if (state?.backfillCompletedAt) backfill = false;
      }
    }
    if (!eligible) continue;
    if (startAt === null) summary.waiting++;
    else if (
      await enqueue({ tenantId: tenant.id, startAfter: startAt > now.getTime() ? new Date(startAt) : null, backfill })
    )
      summary.enqueued++;
    else summary.alreadyQueued++;
  }
  return summary;
}
