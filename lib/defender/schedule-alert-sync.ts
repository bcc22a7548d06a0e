import 'server-only';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { mdeAlertsEligibility, missingMdePermission } from './alert-sync-policy';
import { markMissingPermission } from './source-sync-state';

export type ScheduleSummary = { enqueued: number; alreadyQueued: number; waiting: number; missingPermission: number };

/**
 * The recurring step of the alert sync: one job per tenant whose Defender for Endpoint alerts may
 * be read and whose source is due (`nextRunAt`, later after failures). A tenant that lacks the
 * permission is marked so, once, and gets no job: no token requests until a check finds it.
 * `enqueue` returns false when a job for that tenant is already waiting (pg-boss singleton key).
 */
export async function scheduleAlertSync(enqueue: (tenantId: string) => Promise<boolean>): Promise<ScheduleSummary> {
  const { endpoints } = getConfig();
  const db = getDb();
  const now = new Date();
  const tenants = await db.customerTenant.findMany({
    where: { status: { in: ['CONNECTED', 'MISSING_PERMISSIONS'] }, dataSources: { has: 'MDE_ALERTS' } },
    select: {
      id: true,
      status: true,
      dataSources: true,
      permissions: true,
      sourceSyncs: { where: { source: 'MDE_ALERTS' }, select: { nextRunAt: true } },
    },
    orderBy: { id: 'asc' },
  });
  const summary: ScheduleSummary = { enqueued: 0, alreadyQueued: 0, waiting: 0, missingPermission: 0 };
  for (const tenant of tenants) {
    const eligibility = mdeAlertsEligibility(tenant, endpoints);
    if (eligibility === 'missing-permission') {
      await markMissingPermission(db, { tenantId: tenant.id, source: 'MDE_ALERTS' }, missingMdePermission(endpoints));
      summary.missingPermission++;
    } else if (eligibility === 'eligible') {
      const nextRunAt = tenant.sourceSyncs[0]?.nextRunAt;
      if (nextRunAt && nextRunAt > now) summary.waiting++;
      else if (await enqueue(tenant.id)) summary.enqueued++;
      else summary.alreadyQueued++;
    }
  }
  return summary;
}
