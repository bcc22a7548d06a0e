import 'server-only';
import { getDb } from '@/lib/db/client';
import type { SyncStatus, TenantStatus } from '@/lib/generated/prisma/enums';
import { readProblem, type StoredProblem } from '@/lib/tenants/tenant-health-view';

export type AlertTenant = {
  id: string;
  displayName: string;
  status: TenantStatus;
  /** Null before the first sync of its Defender for Endpoint alerts was scheduled. */
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
        OR: [
          { status: { in: ['CONNECTED', 'MISSING_PERMISSIONS'] } },
          { sourceSyncs: { some: { source: 'MDE_ALERTS' } } },
        ],
      },
      orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        displayName: true,
        status: true,
        sourceSyncs: {
          where: { source: 'MDE_ALERTS' },
          select: { status: true, lastSuccessAt: true, lastRunFinishedAt: true, nextRunAt: true, lastError: true },
        },
      },
    }),
    db.customerTenant.count(),
  ]);
  return {
    tenants: tenants.map(({ sourceSyncs, ...tenant }): AlertTenant => {
      const sync = sourceSyncs[0];
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
