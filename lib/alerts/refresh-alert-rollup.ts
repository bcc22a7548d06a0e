import 'server-only';
import type { Db } from '@/lib/db/client';

/**
 * Recomputes one tenant's rows of the daily rollup (`alert_daily_count`) and of its totals over
 * all days (`alert_tenant_total`) from its primary alerts, and adds the change to the total over
 * every tenant (`alert_daily_total`) in the same statement. The tenant's rows are read through the `(tenant_id, is_primary, alert_creation_time)`
 * index, so the cost is that tenant's alerts, never the whole table. A full recompute rather than
 * counting the run's changes keeps it right whatever moved (a status, a severity, a detection that
 * became another source's primary).
 *
 * The transaction-level advisory lock orders two refreshes of the same tenant (two sources' syncs
 * finishing together) and a removal of the tenant (the migration's trigger takes it too): each
 * reads the rows the one before left. Refreshes of different tenants run at once and meet only on
 * the total's rows, which each updates in (day, severity rank) order, so none waits on another in
 * a cycle (a deadlock).
 */
export async function refreshAlertRollup(db: Db, tenantId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('alert_daily_count'), hashtext(${tenantId}))`;
    // The sub-statements see the table as it was before the statement, so `old` is the rows this
    // refresh replaces; `gone` and `kept` touch different rows (a statement may not change a row twice).
    await tx.$executeRaw`
      WITH fresh AS (
        SELECT alert_creation_time::date AS day, severity_rank, count(*)::int AS count
          FROM alert
         WHERE tenant_id = ${tenantId}::uuid AND is_primary
         GROUP BY 1, 2
      ), old AS (
        SELECT day, severity_rank, count FROM alert_daily_count WHERE tenant_id = ${tenantId}::uuid
      ), gone AS (
        DELETE FROM alert_daily_count r
         WHERE r.tenant_id = ${tenantId}::uuid
           AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.day = r.day AND f.severity_rank = r.severity_rank)
      ), kept AS (
        INSERT INTO alert_daily_count (tenant_id, day, severity_rank, count)
        SELECT ${tenantId}::uuid, day, severity_rank, count FROM fresh
        ON CONFLICT (tenant_id, day, severity_rank) DO UPDATE SET count = EXCLUDED.count
         WHERE alert_daily_count.count <> EXCLUDED.count
      ), totals AS (
        SELECT severity_rank, sum(count)::int AS count FROM fresh GROUP BY severity_rank
      ), totals_gone AS (
        DELETE FROM alert_tenant_total t
         WHERE t.tenant_id = ${tenantId}::uuid
           AND NOT EXISTS (SELECT 1 FROM totals x WHERE x.severity_rank = t.severity_rank)
      ), totals_kept AS (
        INSERT INTO alert_tenant_total (tenant_id, severity_rank, count)
        SELECT ${tenantId}::uuid, severity_rank, count FROM totals
        ON CONFLICT (tenant_id, severity_rank) DO UPDATE SET count = EXCLUDED.count
         WHERE alert_tenant_total.count <> EXCLUDED.count
      )
      INSERT INTO alert_daily_total (day, severity_rank, count)
      SELECT day, severity_rank, sum(change)
        FROM (SELECT day, severity_rank, count AS change FROM fresh
              UNION ALL SELECT day, severity_rank, -count FROM old) changes
       GROUP BY day, severity_rank
      HAVING sum(change) <> 0
       ORDER BY day, severity_rank
      ON CONFLICT (day, severity_rank) DO UPDATE SET count = alert_daily_total.count + EXCLUDED.count`;
  });
}
