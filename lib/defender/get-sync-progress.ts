import 'server-only';
import { getDb } from '@/lib/db/client';
import { QUEUES } from '@/lib/jobs/queues';
import { getJob } from '@/lib/jobs/send-job';
import { readProblem } from '@/lib/tenants/tenant-health-view';

/** Where a "Sync now" request is, for its progress line: a DTO, no upstream data. */
export type SyncProgress =
  | { phase: 'queued' }
  | { phase: 'running'; runningForSeconds: number; itemsRead: number | null }
  | { phase: 'done'; complete: boolean; changed: number }
  | { phase: 'failed'; title: string; explanation: string; nextStep: string | null }
  | { phase: 'skipped'; reason: string };

/**
 * The progress of one sync job of a tenant: queued or running as pg-boss says, and what its runs
 * recorded in tenant_source_sync, one row per feed (MDE alerts, XDR incidents, Graph alerts and
 * incidents): run ids and starts while they run, counts and errors when they end. Null for a job
 * that is not this tenant's sync job (or is long gone).
 */
export async function getSyncProgress(tenantId: string, jobId: string): Promise<SyncProgress | null> {
  const job = await getJob(QUEUES.syncTenantAlerts, jobId);
  if (!job || (job.data as { tenantId?: unknown }).tenantId !== tenantId) return null;
  if (job.state === 'created' || job.state === 'retry') return { phase: 'queued' };

  const feeds = await getDb().tenantSourceSync.findMany({
    where: { tenantId },
    select: { status: true, runId: true, lastRunStartedAt: true, fetched: true, upserted: true, lastError: true },
  });
  // This job's runs, not earlier ones: runs start (claim their lease) after pg-boss starts the job.
  const runs = feeds.filter((feed) => feed.lastRunStartedAt && feed.lastRunStartedAt >= job.startedOn);
  const running = runs.filter((run) => run.runId);
  const sum = (pick: (run: (typeof runs)[number]) => number) => runs.reduce((total, run) => total + pick(run), 0);

  if (job.state === 'active') {
    const startedAt =
      running.length > 0 ? Math.min(...running.map((run) => run.lastRunStartedAt!.getTime())) : job.startedOn.getTime();
    return {
      phase: 'running',
      runningForSeconds: Math.max(0, Math.floor((Date.now() - startedAt) / 1000)),
      itemsRead: runs.length > 0 ? sum((run) => run.fetched) : null,
    };
  }
  if (job.state === 'completed' && runs.length > 0 && running.length === 0) {
    const failed = runs.find((run) => run.status === 'FAILED');
    if (failed) {
      const problem = readProblem(failed.lastError);
      return {
        phase: 'failed',
        title: problem?.title ?? 'The sync failed',
        explanation: problem?.explanation ?? 'The run ended with an error.',
        nextStep: problem?.nextStep ?? null,
      };
    }
    // The alerts this job added to or changed in the list: its primary rows written since it
    // started (the feeds' own counts also hold incidents and other sources' copies of a detection).
    const changed = await getDb().alert.count({
      where: { tenantId, isPrimary: true, syncedAt: { gte: job.startedOn } },
    });
    return { phase: 'done', complete: runs.every((run) => run.status === 'SUCCEEDED'), changed };
  }
  if (job.state === 'completed') {
    // The worker took the job but ran no feed: the tenant's state says why.
    const missing = readProblem(feeds.find((feed) => feed.status === 'MISSING_PERMISSION')?.lastError);
    if (missing) return { phase: 'skipped', reason: missing.explanation };
    return {
      phase: 'skipped',
      reason:
        'Another sync of this tenant was running (its result shows in the sync status), or the tenant is no longer connected.',
    };
  }
  return {
    phase: 'failed',
    title: 'The sync job did not finish',
    explanation: `The background worker reports the job as ${job.state}.`,
    nextStep: "Try again; if it repeats, look at the worker's log.",
  };
}
