import 'server-only';
import { getDb } from '@/lib/db/client';
import type { SyncFeed, SyncStatus } from '@/lib/generated/prisma/enums';
import { QUEUES } from '@/lib/jobs/queues';
import { getJob } from '@/lib/jobs/send-job';
import { readProblem } from '@/lib/tenants/tenant-health-view';
import { continuesBackfill } from './source-sync-state';
import { feedDefinition } from './sync-feeds';

/** One feed's part in a sync, so far. */
export type FeedProgress = {
  feed: SyncFeed;
  /** What it reads, in people's words ("Defender for Endpoint alerts"). */
  label: string;
  /** `continues`: a first sync between two of its slices, each a job of its own. */
  state: 'reading' | 'continues' | 'finished' | 'failed';
  /** Items read and rows stored (new or changed); a first sync's slices add up. */
  itemsRead: number;
  stored: number;
};

/** Where a "Sync now" request is, for its progress line: a DTO, no upstream data. */
export type SyncProgress =
  | { phase: 'queued' }
  | { phase: 'running'; runningForSeconds: number; feeds: FeedProgress[] }
  | { phase: 'done'; complete: boolean; changed: number }
  | { phase: 'failed'; title: string; explanation: string; nextStep: string | null }
  | { phase: 'skipped'; reason: string };

type FeedRow = {
  source: SyncFeed;
  status: SyncStatus;
  runId: string | null;
  fetched: number;
  upserted: number;
  lastError: unknown;
};

function feedProgress(row: FeedRow): FeedProgress {
  return {
    feed: row.source,
    label: feedDefinition(row.source).label,
    state: row.runId
      ? 'reading'
      : continuesBackfill(row)
        ? 'continues'
        : row.status === 'FAILED'
          ? 'failed'
          : 'finished',
    itemsRead: row.fetched,
    stored: row.upserted,
  };
}

/**
 * The progress of one sync job of a tenant: queued as pg-boss says, then what its runs recorded in
 * tenant_source_sync, one row per feed (MDE alerts, XDR incidents, Graph alerts and incidents): run
 * ids while they run, counts and errors when they end. A first sync reads a few pages a job and
 * goes on in further jobs (CANOPY_SYNC_BACKFILL_PAGES): it is running until its last slice ends.
 * Null for a job that is not this tenant's sync job (or is long gone).
 */
export async function getSyncProgress(tenantId: string, jobId: string): Promise<SyncProgress | null> {
  const job = await getJob(QUEUES.syncTenantAlerts, jobId);
  if (!job || (job.data as { tenantId?: unknown }).tenantId !== tenantId) return null;
  if (job.state === 'created' || job.state === 'retry') return { phase: 'queued' };
  if (job.state !== 'active' && job.state !== 'completed') {
    return {
      phase: 'failed',
      title: 'The sync job did not finish',
      explanation: `The background worker reports the job as ${job.state}.`,
      nextStep: "Try again; if it repeats, look at the worker's log.",
    };
  }

  const rows = await getDb().tenantSourceSync.findMany({
    where: { tenantId },
    select: {
      source: true,
      status: true,
      runId: true,
      lastRunStartedAt: true,
      fetched: true,
      upserted: true,
      lastError: true,
    },
    orderBy: { source: 'asc' },
  });
  // This job's runs and those of the slices that continue it, not earlier ones: runs start (claim
  // their lease) after pg-boss starts the job.
  const runs = rows.filter((row) => row.lastRunStartedAt && row.lastRunStartedAt >= job.startedOn);
  const feeds = runs.map(feedProgress);

  if (job.state === 'active' || feeds.some((feed) => feed.state === 'reading' || feed.state === 'continues')) {
    return {
      phase: 'running',
      runningForSeconds: Math.max(0, Math.floor((Date.now() - job.startedOn.getTime()) / 1000)),
      feeds,
    };
  }
  if (runs.length > 0) {
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
    // The alerts this sync added to or changed in the list: its primary rows written since it
    // started (the feeds' own counts also hold incidents and other sources' copies of a detection).
    const changed = await getDb().alert.count({
      where: { tenantId, isPrimary: true, syncedAt: { gte: job.startedOn } },
    });
    return { phase: 'done', complete: runs.every((run) => run.status === 'SUCCEEDED'), changed };
  }
  // The worker took the job but ran no feed: the tenant's state says why.
  const missing = readProblem(rows.find((row) => row.status === 'MISSING_PERMISSION')?.lastError);
  if (missing) return { phase: 'skipped', reason: missing.explanation };
  return {
    phase: 'skipped',
    reason:
      'Another sync of this tenant was running (its result shows in the sync status), or the tenant is no longer connected.',
  };
}
