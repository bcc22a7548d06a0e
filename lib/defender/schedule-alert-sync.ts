import 'server-only';
import { getDb } from '@/lib/db/client';
import { feedEligibility, missingFeedPermission } from './alert-sync-policy';
import { markMissingPermission } from './source-sync-state';
import { FEEDS } from './sync-feeds';

export type ScheduleSummary = { enqueued: number; alreadyQueued: number; waiting: number; missingPermission: number };

/**
 * The recurring step of the sync: one job per tenant with a feed that may be read and is due
 * (`nextRunAt`, later after failures); the job runs the tenant's due feeds. A feed whose
 * permission the tenant lacks is marked so, once, and not called: no token requests until a
 * check finds the role. `enqueue` returns false when a job for that tenant is already waiting
 * (pg-boss singleton key). `missingPermission` counts feeds.
 */
export async function scheduleAlertSync(enqueue: (tenantId: string) => Promise<boolean>): Promise<ScheduleSummary> {
  const db = getDb();
  const now = new Date();
  const tenants = await db.customerTenant.findMany({
    where: { status: { in: ['CONNECTED', 'MISSING_PERMISSIONS'] }, NOT: { dataSources: { isEmpty: true } } },
    select: {
      id: true,
      status: true,
      dataSources: true,
      permissions: true,
      sourceSyncs: { select: { source: true, nextRunAt: true } },
    },
    orderBy: { id: 'asc' },
  });
  const summary: ScheduleSummary = { enqueued: 0, alreadyQueued: 0, waiting: 0, missingPermission: 0 };
  for (const tenant of tenants) {
    let eligible = false;
    let due = false;
    for (const feed of FEEDS) {
      const eligibility = feedEligibility(tenant, feed);
      if (eligibility === 'missing-permission') {
        await markMissingPermission(db, { tenantId: tenant.id, source: feed.feed }, missingFeedPermission(feed));
        summary.missingPermission++;
      } else if (eligibility === 'eligible') {
        eligible = true;
        const nextRunAt = tenant.sourceSyncs.find((sync) => sync.source === feed.feed)?.nextRunAt;
        if (!nextRunAt || nextRunAt <= now) due = true;
      }
    }
    if (!eligible) continue;
    if (!due) summary.waiting++;
    else if (await enqueue(tenant.id)) summary.enqueued++;
    else summary.alreadyQueued++;
  }
  return summary;
}
