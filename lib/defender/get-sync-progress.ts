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
 * The progress of one sync job of a tenant: queued or running as pg-boss says, and what the run
 * recorded in tenant_source_sync (its run id and start while it runs, its counts and any error when
 * it ends). Null for a job that is not this tenant's sync job (or is long gone).
 */
export async function getSyncProgress(tenantId: string, jobId: string): Promise<SyncProgress | null> {
  const job = await getJob(QUEUES.syncTenantAlerts, jobId);
  if (!job || (job.data as { tenantId?: unknown }).tenantId !== tenantId) return null;
  if (job.state === 'created' || job.state === 'retry') return { phase: 'queued' };

  const sync = await getDb().tenantSourceSync.findUnique({
    where: { tenantId_source: { tenantId, source: 'MDE_ALERTS' } },
    select: { status: true, runId: true, lastRunStartedAt: true, fetched: true, upserted: true, lastError: true },
  });
  // This job's run, not an earlier one: runs start (claim their lease) after pg-boss starts the job.
  const run = sync?.lastRunStartedAt && sync.lastRunStartedAt >= job.startedOn ? sync : null;
  const problem = readProblem(sync?.lastError);

  if (job.state === 'active') {
    const startedAt = run?.runId ? run.lastRunStartedAt! : job.startedOn;
    return {
      phase: 'running',
      runningForSeconds: Math.max(0, Math.floor((Date.now() - startedAt.getTime()) / 1000)),
      itemsRead: run?.runId ? run.fetched : null,
    };
  }
  if (job.state === 'completed' && run && !run.runId) {
    if (run.status === 'FAILED')
      return {
        phase: 'failed',
        title: problem?.title ?? 'The sync failed',
        explanation: problem?.explanation ?? 'The run ended with an error.',
        nextStep: problem?.nextStep ?? null,
      };
    return { phase: 'done', complete: run.status === 'SUCCEEDED', changed: run.upserted };
  }
  if (job.state === 'completed') {
    // The worker took the job but did not run a sync: the tenant's state says why.
    if (sync?.status === 'MISSING_PERMISSION' && problem) return { phase: 'skipped', reason: problem.explanation };
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
