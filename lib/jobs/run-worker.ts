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
}): Promise<RunningWorker> {
  const { log, config } = options;
  const boss = createBoss(config.databaseUrl);
  boss.on('error', (error: Error) => log(`pg-boss error: ${error.message}`));
  await boss.start();
  for (const job of JOBS) {
    await boss.createQueue(job.queue, { name: job.queue, policy: job.policy, retryLimit: 3, retryBackoff: true });
    if (job.schedule) await boss.schedule(job.queue, job.schedule(config), {}, { tz: 'UTC' });
    // Each work() polls and runs one job at a time: n of them run up to n jobs at once.
    for (let i = 0; i < (job.concurrency?.(config) ?? 1); i++) {
      await boss.work(job.queue, { pollingIntervalSeconds: 1 }, async (batch: PgBoss.Job[]) => {
        for (const item of batch) log(`${job.queue} ${item.id}: ${await job.run(item.data, boss)}`);
      });
    }
  }
  return { stop: () => boss.stop({ graceful: true, wait: true }) };
}
