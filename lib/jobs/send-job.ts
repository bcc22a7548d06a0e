import 'server-only';
import type PgBoss from 'pg-boss';
import type { DbOrTransaction } from '@/lib/audit/record-audit-event';
import { getConfig } from '@/lib/config';
import { createBoss } from './boss';

// One sending instance per process (on globalThis: `next dev` re-evaluates modules). It does no
// maintenance and runs no schedules: that is the workers' job.
const globalForBoss = globalThis as typeof globalThis & { canopySender?: Promise<PgBoss> };

function getSender(): Promise<PgBoss> {
  globalForBoss.canopySender ??= (async () => {
    const { databaseUrl } = getConfig();
    if (!databaseUrl) throw new Error('DATABASE_URL is not set: jobs cannot be sent');
    const boss = createBoss(databaseUrl, { supervise: false, schedule: false, max: 2 });
    boss.on('error', (error: Error) => console.error(`pg-boss: ${error.message}`));
    await boss.start();
    return boss;
  })();
  // A failed start (database down) is not remembered: the next send tries again.
  globalForBoss.canopySender.catch(() => (globalForBoss.canopySender = undefined));
  return globalForBoss.canopySender;
}

const createdQueues = new Set<string>();

/**
 * Sends a job inside the caller's Prisma transaction, so the job exists exactly when the change
 * that needs it commits. The queue is created first if no worker has yet (idempotent).
 */
export async function sendJobInTransaction(
  tx: DbOrTransaction,
  queue: string,
  data: object,
  options: PgBoss.SendOptions = {},
): Promise<void> {
  const boss = await getSender();
  if (!createdQueues.has(queue)) {
    await boss.createQueue(queue);
    createdQueues.add(queue);
  }
  await boss.send(queue, data, { ...options, db: transactionAdapter(tx) });
}

/** pg-boss's `db` option: its SQL through the transaction's connection. */
export function transactionAdapter(tx: DbOrTransaction): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...values);
      return { rows };
    },
  };
}

/**
 * Sends a job, inside the caller's transaction, to a queue that a worker has created: its policy
 * (which makes a singleton key mean one waiting job per key) is the worker's to set, so this never
 * creates the queue. `jobId` is null when the singleton key already has a job waiting.
 */
export async function sendToWorkerQueue(
  tx: DbOrTransaction,
  queue: string,
  data: object,
  options: PgBoss.SendOptions = {},
): Promise<{ sent: true; jobId: string | null } | { sent: false; reason: 'no-worker' }> {
  const boss = await getSender();
  if (!(await boss.getQueue(queue))) return { sent: false, reason: 'no-worker' };
  return { sent: true, jobId: await boss.send(queue, data, { ...options, db: transactionAdapter(tx) }) };
}

/** A job as pg-boss keeps it, or null (unknown, or archived after its retention). */
export async function getJob(queue: string, id: string): Promise<PgBoss.JobWithMetadata | null> {
  return (await getSender()).getJobById(queue, id);
}
