import 'server-only';
import type { Db } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import type { SyncStatus, TenantStatus } from '@/lib/generated/prisma/enums';
import { LISTED_TENANTS, type TenantOption } from '@/lib/tenants/tenant-filter';
import { readProblem, type StoredProblem } from '@/lib/tenants/tenant-health-view';

/** A tenant whose alerts Canopy reads (connected, or synced before), with its freshness. */
export type AlertTenant = TenantOption & {
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
 * Tenant lines the sync panel shows at most: each with its Sync now button, five already fill a
 * phone's screen above the filters.
 */
export const SYNC_PANEL_LINES = 5;

/** The tenants the alerts page lists: connected, or synced before (their alerts stay). */
const LISTED = LISTED_TENANTS.alerts;

/**
 * Needs attention: not connected, never synced, or a feed not synced completely (failing, missing
 * a permission, pending, catching up); the opposite of every feed SUCCEEDED on a connected tenant.
 */
const NEEDS_ATTENTION = Prisma.sql`(c.status <> 'CONNECTED'
  OR NOT EXISTS (SELECT 1 FROM tenant_source_sync s WHERE s.tenant_id = c.id)
  OR EXISTS (SELECT 1 FROM tenant_source_sync s WHERE s.tenant_id = c.id AND s.status <> 'SUCCEEDED'))`;

/**
 * The query of listAlertTenants, exported for the query benchmark: the sync panel's lines (ids of
 * at most SYNC_PANEL_LINES listed tenants, those needing attention first, then by name; tenants
 * without a problem only when every listed tenant fits) with the counts of the rest.
 */
export function listAlertTenantsSql() {
  return {
    panel: Prisma.sql`
      WITH listed AS (
        SELECT c.id, c.display_name, ${NEEDS_ATTENTION} AS attention FROM customer_tenant c WHERE ${LISTED}
      ), shown AS (
        SELECT id, display_name, attention FROM listed
         WHERE attention OR (SELECT count(*) FROM listed) <= ${SYNC_PANEL_LINES}
         ORDER BY attention DESC, display_name, id LIMIT ${SYNC_PANEL_LINES}
      )
      SELECT ARRAY(SELECT id::text FROM shown ORDER BY attention DESC, display_name, id) AS shown,
             (SELECT count(*)::int FROM listed) - (SELECT count(*)::int FROM shown) AS hidden,
             (SELECT count(*)::int FROM listed WHERE attention)
               - (SELECT count(*)::int FROM shown WHERE attention) AS "hiddenNeedingAttention",
             (SELECT count(*)::int FROM customer_tenant) - (SELECT count(*)::int FROM listed) AS "notConnectedCount"`,
  };
}

export type AlertSyncPanelLines = {
  /**
   * At most SYNC_PANEL_LINES, those needing attention first, then by name; those without a problem
   * only when every listed tenant fits (a line each would say nothing but "synced").
   */
  tenants: AlertTenant[];
  /** Listed tenants not shown, and how many of them need attention. */
  hidden: number;
  hiddenNeedingAttention: number;
  /** Registered tenants that are not listed (never connected nor synced). */
  notConnectedCount: number;
};

/**
 * The alerts page's sync panel, in work bounded however many tenants there are: at most
 * SYNC_PANEL_LINES tenants with their freshness (those needing attention), a count of the others,
 * and a count of the registered tenants that are not connected, so none is silently missing from
 * the page. A line per tenant made the page 2.9 MB at a thousand tenants; loading
 * every tenant's feeds cost every view. (The tenant filter: lib/tenants/tenant-filter.ts.)
 */
export async function listAlertTenants(db: Db): Promise<{ panel: AlertSyncPanelLines }> {
  const [panel] = await db.$queryRaw<
    [{ shown: string[]; hidden: number; hiddenNeedingAttention: number; notConnectedCount: number }]
  >(listAlertTenantsSql().panel);
  const shown = await db.customerTenant.findMany({
    where: { id: { in: panel.shown } },
    select: {
      id: true,
      displayName: true,
      status: true,
      sourceSyncs: {
        select: { status: true, lastSuccessAt: true, lastRunFinishedAt: true, nextRunAt: true, lastError: true },
      },
    },
  });
  const byId = new Map(shown.map((tenant) => [tenant.id, tenant]));
  return {
    panel: {
      // In the panel's order (attention first, then by name), of those still there.
      tenants: panel.shown.flatMap((id) => {
        const tenant = byId.get(id);
        return tenant ? [toAlertTenant(tenant)] : [];
      }),
      hidden: panel.hidden,
      hiddenNeedingAttention: panel.hiddenNeedingAttention,
      notConnectedCount: panel.notConnectedCount,
    },
  };
}

function toAlertTenant({
  sourceSyncs,
  ...tenant
}: TenantOption & { status: TenantStatus; sourceSyncs: FeedRow[] }): AlertTenant {
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
