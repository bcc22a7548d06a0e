import 'server-only';
import { recordAuditEvent, type DbOrTransaction } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db/client';
import { QUEUES, SYNC_PRIORITY, type SyncTenantAlertsJob } from '@/lib/jobs/queues';
import { sendToWorkerQueue } from '@/lib/jobs/send-job';
import type { Actor } from '@/lib/tenants/register-tenant';
import { feedEligibility, type Eligibility } from './alert-sync-policy';
import { FEEDS } from './sync-feeds';

export type SyncRequestResult =
  { outcome: 'queued'; jobId: string } | { outcome: 'refused'; reason: string } | { outcome: 'not-found' };

const REFUSALS: Record<Exclude<Eligibility, 'eligible'>, string> = {
  'not-collected': 'Canopy reads no Defender data of this tenant (see its chosen data).',
  'not-connected': 'The tenant is not connected, so Canopy cannot read its alerts.',
  'missing-permission':
    'The tenant has not granted the permissions its alerts and incidents need; see the sync status.',
};

/** Why no feed of the tenant can be read, the most telling reason first (null: one can). */
function refusal(verdicts: readonly Eligibility[]): Exclude<Eligibility, 'eligible'> | null {
  if (verdicts.includes('eligible')) return null;
  return (['not-connected', 'missing-permission', 'not-collected'] as const).find((v) => verdicts.includes(v)) ?? null;
}

/**
 * "Sync now": the tenant's sync job (every feed it may read), queued at once whatever its schedule or backoff, ahead
 * of scheduled jobs, and still one at a time: the worker's queue keeps one waiting job per tenant (singleton key),
 * so a second request gets the job already waiting, made to start now. The request and its job commit together with their
 * audit row.
 */
export async function requestTenantSync(tenantId: string, actor: Actor): Promise<SyncRequestResult> {
  const db = getDb();
  const tenant = await db.customerTenant.findUnique({
    where: { id: tenantId },
    select: { entraTenantId: true, displayName: true, status: true, dataSources: true, permissions: true },
  });
  if (!tenant) return { outcome: 'not-found' };
  const refused = refusal(FEEDS.map((feed) => feedEligibility(tenant, feed)));
  if (refused) return { outcome: 'refused', reason: REFUSALS[refused] };

  return db.$transaction(async (tx) => {
    // `now`: every feed, whatever its schedule or backoff.
    const job: SyncTenantAlertsJob = { tenantId, now: true };
    const sent = await sendToWorkerQueue(tx, QUEUES.syncTenantAlerts, job, {
      singletonKey: tenantId,
      priority: SYNC_PRIORITY.syncNow,
    });
    if (!sent.sent)
      return { outcome: 'refused', reason: 'The background worker has not started yet; try again in a minute.' };
    const jobId = sent.jobId ?? (await hurryWaitingJob(tx, tenantId));
    // Taken by a worker between the two statements: it runs now, so there is nothing to follow.
    if (!jobId) return { outcome: 'refused', reason: 'A sync of this tenant has just started; try again shortly.' };
    await recordAuditEvent(tx, {
      actor,
      action: 'alerts.sync-requested',
      tenant: { entraTenantId: tenant.entraTenantId, displayName: tenant.displayName },
      result: 'SUCCESS',
      detail: { alreadyQueued: sent.jobId === null },
    });
    return { outcome: 'queued', jobId };
  });
}

/**
 * The tenant's sync job that waits for a worker (pg-boss 10's job table: one per key under
 * `short`), made into a "sync now": a scheduled one may wait for its slot later in the interval
 * and run only the due feeds, so it starts now, every feed, ahead of the others.
 */
export async function hurryWaitingJob(tx: DbOrTransaction, tenantId: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    UPDATE pgboss.job
       SET start_after = LEAST(start_after, now()), priority = GREATEST(priority, ${SYNC_PRIORITY.syncNow}),
           data = data || '{"now": true}'::jsonb
     WHERE name = ${QUEUES.syncTenantAlerts} AND singleton_key = ${tenantId} AND state IN ('created', 'retry')
     RETURNING id::text`;
  return rows[0]?.id ?? null;
}
