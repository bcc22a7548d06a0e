import 'server-only';
import type { Db } from '@/lib/db/client';

/**
 * Recomputes one tenant's rows of the daily rollup (`alert_daily_count`) from its primary alerts:
 * the tenant's rows are read through the `(tenant_id, is_primary, alert_creation_time)` index, so
 * the cost is that tenant's alerts, never the whole table. A full recompute rather than counting
 * the run's changes keeps it right whatever moved (a status, a severity, a detection that became
 * another source's primary). The transaction-level advisory lock orders two refreshes of the same
 * tenant (two sources' syncs finishing together), which would otherwise both insert its rows.
 */
export async function refreshAlertRollup(db: Db, tenantId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('alert_daily_count'), hashtext(${tenantId}))`;
    await tx.$executeRaw`DELETE FROM alert_daily_count WHERE tenant_id = ${tenantId}::uuid`;
    await tx.$executeRaw`
      INSERT INTO alert_daily_count (tenant_id, day, severity_rank, count)
      SELECT tenant_id, alert_creation_time::date, severity_rank, count(*)
        FROM alert
       WHERE tenant_id = ${tenantId}::uuid AND is_primary
       GROUP BY 1, 2, 3`;
  });
}
