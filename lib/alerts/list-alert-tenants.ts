import 'server-only';
import { getDb } from '@/lib/db/client';
import type { SyncStatus, TenantStatus } from '@/lib/generated/prisma/enums';
import { readProblem, type StoredProblem } from '@/lib/tenants/tenant-health-view';

export type AlertTenant = {
  id: string;
  displayName: string;
  status: TenantStatus;
  /**
   * Its feeds (Defender for Endpoint alerts, XDR incidents, Graph alerts and incidents) summed up
   * as the one that needs attention most: the worst status, the stalest success. Null before its
   * first sync was scheduled.
   */
  sync: {
    status: SyncStatus;
    lastSuccessAt: Date | null;
    lastRunFinishedAt: Date | null;
    nextRunAt: Date | null;
    problem: StoredProblem | null;
  } | null;
};

/**
 * The tenants whose alerts Canopy reads (connected, or synced before), each with the freshness of
 * its Defender for Endpoint alerts; and how many registered tenants are not connected, so none is
 * silently missing from the alerts page.
 */
export async function listAlertTenants() {
  const db = getDb();
  const [tenants, registered] = await Promise.all([
    db.customerTenant.findMany({
      where: {
        OR: [{ status: { in: ['CONNECTED', 'MISSING_PERMISSIONS'] } }, { sourceSyncs: { some: {} } }],
      },
      orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        displayName: true,
        status: true,
        sourceSyncs: {
          select: { status: true, lastSuccessAt: true, lastRunFinishedAt: true, nextRunAt: true, lastError: true },
        },
      },
    }),
    db.customerTenant.count(),
  ]);
  return {
    tenants: tenants.map(({ sourceSyncs, ...tenant }): AlertTenant => {
      const sync = worstFeed(sourceSyncs);
      return {
        ...tenant,
        sync: sync
          ? {
              status: sync.status,
              lastSuccessAt: sync.lastSuccessAt,
              lastRunFinishedAt: sync.lastRunFinishedAt,
              nextRunAt: sync.nextRunAt,
              problem: readProblem(sync.lastError),
            }
          : null,
      };
    }),
    notConnectedCount: registered - tenants.length,
  };
}

/** Most in need of attention first: a failure, then a missing permission, then work not yet done. */
const ATTENTION: readonly SyncStatus[] = ['FAILED', 'MISSING_PERMISSION', 'PENDING', 'PARTIAL', 'SUCCEEDED'];

type FeedRow = {
  status: SyncStatus;
  lastSuccessAt: Date | null;
  lastRunFinishedAt: Date | null;
  nextRunAt: Date | null;
  lastError: unknown;
};

/** A tenant's freshness is its stalest feed's: the worst status, with the oldest success and run. */
function worstFeed(feeds: readonly FeedRow[]): FeedRow | undefined {
  const worst = [...feeds].sort((a, b) => ATTENTION.indexOf(a.status) - ATTENTION.indexOf(b.status))[0];
  if (!worst) return undefined;
  const oldest = (pick: (feed: FeedRow) => Date | null) =>
    feeds.some((feed) => pick(feed) === null)
      ? null
      : new Date(Math.min(...feeds.map((feed) => pick(feed)!.getTime())));
  return {
    ...worst,
    lastSuccessAt: oldest((feed) => feed.lastSuccessAt),
    lastRunFinishedAt: oldest((feed) => feed.lastRunFinishedAt),
  };
}
