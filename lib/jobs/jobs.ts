import 'server-only';
import type PgBoss from 'pg-boss';
import { purgeStaffSessions } from '@/lib/auth/purge-staff-sessions';
import type { Config } from '@/lib/config/schema';
import { runHealthCheck } from '@/lib/consent/health-check';
import { checkTenant, verificationBackoffSeconds } from '@/lib/consent/verify-consent';
import { isGuid } from '@/lib/guid';
import { QUEUES, type VerifyConsentJob } from './queues';

/** A kind of background work: its queue, when it runs by itself, and what it does. */
export type JobDefinition = {
  queue: string;
  /** Cron expression (UTC) for recurring work. */
  schedule?: (config: Config) => string;
  /** `singleton`: at most one runs at a time across all workers. */
  policy: PgBoss.QueuePolicy;
  run(data: unknown, boss: PgBoss): Promise<string>;
};

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
    queue: QUEUES.tenantHealthCheck,
    schedule: (config) => config.onboarding.healthCheckSchedule,
    policy: 'singleton',
    async run() {
      const { checked, changed } = await runHealthCheck();
      return `health check: ${checked} tenants checked, ${changed} changed status`;
    },
  },
];
