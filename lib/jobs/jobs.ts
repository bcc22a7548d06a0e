import 'server-only';
import type PgBoss from 'pg-boss';
import { refreshAlertRollup } from '@/lib/alerts/refresh-alert-rollup';
import { purgeStaffSessions } from '@/lib/auth/purge-staff-sessions';
import type { Config } from '@/lib/config/schema';
import { checkTenantHealth, scheduleHealthChecks } from '@/lib/consent/health-check';
import { checkTenant, verificationBackoffSeconds } from '@/lib/consent/check-tenant';
import { getDb } from '@/lib/db/client';
import { scheduleAlertSync, type ScheduledSync } from '@/lib/defender/schedule-alert-sync';
import { syncTenantFeeds, type SyncAlertsResult } from '@/lib/defender/sync-tenant-feeds';
import { isGuid } from '@/lib/guid';
import {
  QUEUES,
  SYNC_PRIORITY,
  type CheckTenantHealthJob,
  type SyncTenantAlertsJob,
  type VerifyConsentJob,
} from './queues';

/** Tenant health checks one worker runs at once. */
const HEALTH_CHECKS_AT_ONCE = 8;

/** A kind of background work: its queue, when it runs by itself, and what it does. */
export type JobDefinition = {
  queue: string;
  /** Cron expression (UTC) for recurring work. */
  schedule?: (config: Config) => string;
  /**
   * `singleton`: at most one runs at a time across all workers. `short`: at most one waits per
   * singleton key (pg-boss 10's `singleton` and `stately` would also hold one key's queued job at
   * the head of the queue while another runs, stalling every other key behind it).
   */
  policy: PgBoss.QueuePolicy;
  /** Jobs of this queue one worker runs at once (default 1). */
  concurrency?: (config: Config) => number;
  run(data: unknown, boss: PgBoss): Promise<string>;
};

/**
 * Enqueues a tenant's scheduled sync (all its due feeds), keyed by tenant: false when one is
 * already waiting (the `short` policy keeps one queued job per key). It starts at its slot, with
 * the priority of what it runs (queues.ts).
 */
export function alertSyncSender(boss: PgBoss): (sync: ScheduledSync) => Promise<boolean> {
  return async ({ tenantId, startAfter, backfill }) => {
    const job: SyncTenantAlertsJob = { tenantId, ...(startAfter ? { dueBy: startAfter.toISOString() } : {}) };
    const sent = await boss.send(QUEUES.syncTenantAlerts, job, {
      singletonKey: tenantId,
      priority: backfill ? SYNC_PRIORITY.backfill : SYNC_PRIORITY.incremental,
      ...(startAfter ? { startAfter } : {}),
    });
    return sent !== null;
  };
}

export const JOBS: JobDefinition[] = [
  {
    queue: QUEUES.purgeStaffSessions,
    schedule: () => '17 * * * *', // hourly, off the top of the hour
    policy: 'singleton',
    async run() {
      const { deleted } = await purgeStaffSessions();
      return `deleted ${deleted} ended or expired staff sessions`;
    },
  },
  {
    // After a consent callback: verify with fresh tokens, again and again with backoff while the
    // consent replicates, until the tenant is settled or the verification window ends.
    queue: QUEUES.verifyConsent,
    policy: 'standard',
    async run(data, boss) {
      const job = data as Partial<VerifyConsentJob>;
      if (!isGuid(job.tenantId)) return 'ignored: no tenant id';
      const attempt = typeof job.attempt === 'number' ? job.attempt : 0;
      const result = await checkTenant(job.tenantId, { purpose: 'verification', actor: null, audit: 'always' });
      if (!result) return `tenant ${job.tenantId} is no longer waiting for verification`;
      if (result.retry) {
        const delay = verificationBackoffSeconds(attempt);
        await boss.send(QUEUES.verifyConsent, { tenantId: job.tenantId, attempt: attempt + 1 }, { startAfter: delay });
        return `tenant ${job.tenantId} not verified yet (attempt ${attempt + 1}); again in ${delay} s`;
      }
      return `tenant ${job.tenantId} is now ${result.status}`;
    },
  },
  {
    // Every few minutes: one sync job per tenant with a feed due; a feed lacking its permission
    // is marked and left alone.
    queue: QUEUES.scheduleAlertSync,
    schedule: (config) => config.sync.schedule,
    policy: 'singleton',
    async run(_data, boss) {
      const summary = await scheduleAlertSync(alertSyncSender(boss));
      return `alert sync: ${summary.enqueued} tenants enqueued, ${summary.alreadyQueued} already queued, ${summary.waiting} waiting (backoff), ${summary.missingPermission} feeds missing their permission`;
    },
  },
  {
    // One tenant's run of its feeds (all at once); each feed's lease keeps two runs of it apart
    // (source-sync-state.ts).
    queue: QUEUES.syncTenantAlerts,
    policy: 'short',
    concurrency: (config) => config.sync.concurrency,
    async run(data, boss) {
      const job = data as Partial<SyncTenantAlertsJob>;
      if (!isGuid(job.tenantId)) return 'ignored: no tenant id';
      const dueBy = typeof job.dueBy === 'string' ? new Date(job.dueBy) : undefined;
      const { feeds } = await syncTenantFeeds(job.tenantId, { onlyDue: job.now !== true, dueBy });
      // The alerts page's counts and chart read the rollup: recompute this tenant's rows when any
      // feed wrote (an incident feed writes alerts too, and may change which copy is primary).
      const wrote = Object.values(feeds).some(
        (result) => result.outcome !== 'skipped' && result.counts.inserted + result.counts.updated > 0,
      );
      if (wrote) await refreshAlertRollup(getDb(), job.tenantId);
      // A backfill that read its share goes on in a new job, behind the incremental syncs waiting.
      if (Object.values(feeds).some((result) => result.outcome === 'partial' && result.continues)) {
        const next: SyncTenantAlertsJob = { tenantId: job.tenantId };
        await boss.send(QUEUES.syncTenantAlerts, next, {
          singletonKey: job.tenantId,
          priority: SYNC_PRIORITY.backfill,
        });
      }
      const lines = Object.entries(feeds).map(([feed, result]) => `${feed} ${describeRun(result)}`);
      return `tenant ${job.tenantId}: ${lines.length > 0 ? lines.join('; ') : 'no feed to sync'}`;
    },
  },
  {
    // Hourly: one check-tenant-health job per tenant (a tenant whose check still waits keeps it).
    queue: QUEUES.tenantHealthCheck,
    schedule: (config) => config.onboarding.healthCheckSchedule,
    policy: 'singleton',
    async run(_data, boss) {
      const { queued, alreadyQueued } = await scheduleHealthChecks(async (tenantId) => {
        const job: CheckTenantHealthJob = { tenantId };
        return (await boss.send(QUEUES.checkTenantHealth, job, { singletonKey: tenantId })) !== null;
      });
      return `health check: ${queued} tenant checks queued, ${alreadyQueued} already waiting`;
    },
  },
  {
    queue: QUEUES.checkTenantHealth,
    policy: 'short',
    // Each check asks Microsoft for a token per resource, mostly waiting: a few at once per worker.
    concurrency: () => HEALTH_CHECKS_AT_ONCE,
    async run(data) {
      const job = data as Partial<CheckTenantHealthJob>;
      if (!isGuid(job.tenantId)) return 'ignored: no tenant id';
      const result = await checkTenantHealth(job.tenantId);
      if (!result) return `tenant ${job.tenantId} is gone`;
      return `tenant ${job.tenantId} ${result.from === result.to ? `still ${result.to}` : `${result.from} → ${result.to}`}`;
    },
  },
];

function describeRun(result: SyncAlertsResult): string {
  if (result.outcome === 'skipped') return `skipped: ${result.reason}`;
  const { fetched, inserted, updated, malformed, pages } = result.counts;
  return `${result.outcome}: ${pages} pages, ${fetched} items read (${inserted} new, ${updated} changed, ${malformed} malformed)${result.problem ? `, ${result.problem}` : ''}`;
}
