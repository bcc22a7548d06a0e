import 'server-only';
import type PgBoss from 'pg-boss';
import type { Config } from '@/lib/config/schema';
import { createBoss } from './boss';
import { JOBS } from './jobs';

export type RunningWorker = { stop(): Promise<void> };

/**
 * Starts one worker: creates the queues and schedules (idempotent, so every worker may do it),
 * then takes jobs until stopped. A failed job is logged and retried by pg-boss.
 */
export async function runWorker(options: {
  config: Config & { databaseUrl: string };
  log: (line: string) => void;
  /** How often an idle job slot asks for a job (default 1 s). */
  pollingIntervalSeconds?: number;
}): Promise<RunningWorker> {
  const { log, config, pollingIntervalSeconds = 1 } = options;
  const boss = createBoss(config.databaseUrl);
  boss.on('error', (error: Error) => log(`pg-boss error: ${error.message}`));
  await boss.start();
  for (const job of JOBS) {
    await createQueue(boss, job);
    if (job.schedule) await boss.schedule(job.queue, job.schedule(config), {}, { tz: 'UTC' });
    // Each work() polls and runs one job at a time: n of them run up to n jobs at once.
    for (let i = 0; i < (job.concurrency?.(config) ?? 1); i++) {
      // Its id comes back from work(), after the callback is set up (the callback reads it later).
      const slot: { id?: string } = {};
      slot.id = await boss.work(job.queue, { pollingIntervalSeconds }, async (batch: PgBoss.Job[]) => {
        for (const item of batch) log(`${job.queue} ${item.id}: ${await job.run(item.data, boss)}`);
        // A slot that found a job asks for the next at once. pg-boss would wait out the rest of
        // the polling interval after each job, so a queue of quick jobs (a Sync now of a
        // thousand tenants, each with nothing new) went at one job a second per slot.
        if (slot.id) boss.notifyWorker(slot.id);
      });
    }
  }
  return { stop: () => boss.stop({ graceful: true, wait: true }) };
}

/** PostgreSQL errors of two workers creating the same queue at once: deadlock, duplicate key. */
const CREATION_RACES = new Set(['40P01', '23505']);

/**
 * pg-boss 10 creates a queue with DDL (a partition and its indexes); workers that start together
 * deadlock on it (every time, with three). The loser tries again, by then the queue exists.
 */
async function createQueue(boss: PgBoss, job: (typeof JOBS)[number]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(job.queue, { name: job.queue, policy: job.policy, retryLimit: 3, retryBackoff: true });
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt === 5 || typeof code !== 'string' || !CREATION_RACES.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * attempt));
    }
  }
}
