import 'server-only';
import type PgBoss from 'pg-boss';
import { purgeStaffSessions } from '@/lib/auth/purge-staff-sessions';

/** A kind of background work: its queue, when it runs by itself, and what it does. */
type JobDefinition = {
  queue: string;
  /** Cron expression (UTC) for recurring work. */
  schedule?: string;
  /** `singleton`: at most one runs at a time across all workers. */
  policy: PgBoss.QueuePolicy;
  run(): Promise<string>;
};

export const JOBS: JobDefinition[] = [
  {
    queue: 'purge-staff-sessions',
    schedule: '17 * * * *', // hourly, off the top of the hour
    policy: 'singleton',
    async run() {
      const { deleted } = await purgeStaffSessions();
      return `deleted ${deleted} ended or expired staff sessions`;
    },
  },
];
