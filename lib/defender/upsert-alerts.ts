import 'server-only';
import type { PgTransaction } from '@/lib/db/client';
import type { AlertRow } from './alert-row';

/** Rows per INSERT: see scripts/bench/sync-alerts.ts for the timings behind it. */
export const UPSERT_BATCH_SIZE = 500;

/**
 * The order in which a detection's sources are shown (0 first), as SQL over a source column. The
 * INSERT skips the lookup for Defender for Endpoint's rows, which nothing outranks.
 */
const sourceRank = (column: string) => `CASE ${column} WHEN 'MDE' THEN 0 WHEN 'GRAPH' THEN 1 ELSE 2 END`;

export type UpsertCounts = { inserted: number; updated: number };

/**
 * Inserts or updates alerts by (tenant, source, upstream id), one `INSERT … SELECT FROM
 * jsonb_to_recordset(…) ON CONFLICT DO UPDATE` per batch. An update only
 * lands when the upstream lastUpdateTime is newer, or equal with a different payload: a re-read of
 * the overlap window rewrites nothing, and an older copy (a lagging replica) never overwrites a
 * newer one. Times are UTC in `timestamp` columns, as Prisma stores them.
 */
export async function upsertAlerts(
  db: PgTransaction,
  tenantId: string,
  rows: readonly AlertRow[],
  options: { batchSize?: number } = {},
): Promise<UpsertCounts> {
  const batchSize = options.batchSize ?? UPSERT_BATCH_SIZE;
  const counts: UpsertCounts = { inserted: 0, updated: 0 };
  const unique = newestPerKey(rows);
  for (let start = 0; start < unique.length; start += batchSize) {
    // The batch travels as one JSON text, read back by jsonb_to_recordset under AlertRow's own
    // names (Dates become ISO texts; timestamp columns drop the Z, as the times are UTC). One
    // parameter costs far less Node CPU than 23 arrays, each element escaped into an array literal.
    const batch = JSON.stringify(unique.slice(start, start + batchSize));
    const { rows: result } = await db.query<{ inserted: boolean }>(
      `INSERT INTO alert (
        tenant_id, source, upstream_id, title, severity, severity_rank, status, category, classification,
        determination, detection_source, service_source, assigned_to, machine_id, computer_dns_name,
        related_user, incident_id, mitre_techniques, first_activity, last_activity, alert_creation_time,
        last_update_time, resolved_time, payload, first_synced_at, synced_at, is_primary)
      SELECT
        $1::uuid, r.source::"AlertSource", r."upstreamId", r.title, r.severity, r."severityRank", r.status,
        r.category, r.classification, r.determination, r."detectionSource", r."serviceSource", r."assignedTo",
        r."machineId", r."computerDnsName", r."relatedUser", r."incidentId", r."mitreTechniques",
        r."firstActivity", r."lastActivity", r."alertCreationTime", r."lastUpdateTime", r."resolvedTime", r.payload,
        now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC',
        -- A copy of a detection whose better source is already stored starts as a copy: set later
        -- by markPrimaryAlerts, it would be written twice (an UPDATE writes a whole new version).
        r.source = 'MDE' OR NOT EXISTS (
          SELECT 1 FROM alert better
           WHERE better.tenant_id = $1::uuid AND better.upstream_id = r."upstreamId"
             AND ${sourceRank('better.source')} < ${sourceRank('r.source')})
      FROM jsonb_to_recordset($2::jsonb) AS r(
        source text, "upstreamId" text, title text, severity text, "severityRank" smallint, status text,
        category text, classification text, determination text, "detectionSource" text, "serviceSource" text,
        "assignedTo" text, "machineId" text, "computerDnsName" text, "relatedUser" text, "incidentId" text,
        "mitreTechniques" text[], "firstActivity" timestamp, "lastActivity" timestamp, "alertCreationTime" timestamp,
        "lastUpdateTime" timestamp, "resolvedTime" timestamp, payload jsonb)
      ON CONFLICT (tenant_id, source, upstream_id) DO UPDATE SET
        title = EXCLUDED.title, severity = EXCLUDED.severity, severity_rank = EXCLUDED.severity_rank,
        status = EXCLUDED.status, category = EXCLUDED.category, classification = EXCLUDED.classification,
        determination = EXCLUDED.determination, detection_source = EXCLUDED.detection_source,
        service_source = EXCLUDED.service_source, assigned_to = EXCLUDED.assigned_to,
        machine_id = EXCLUDED.machine_id, computer_dns_name = EXCLUDED.computer_dns_name,
        related_user = EXCLUDED.related_user, incident_id = EXCLUDED.incident_id,
        mitre_techniques = EXCLUDED.mitre_techniques, first_activity = EXCLUDED.first_activity,
        last_activity = EXCLUDED.last_activity, alert_creation_time = EXCLUDED.alert_creation_time,
        last_update_time = EXCLUDED.last_update_time, resolved_time = EXCLUDED.resolved_time,
        payload = EXCLUDED.payload, synced_at = EXCLUDED.synced_at
      WHERE alert.last_update_time < EXCLUDED.last_update_time
        OR (alert.last_update_time = EXCLUDED.last_update_time AND alert.payload IS DISTINCT FROM EXCLUDED.payload)
      RETURNING (xmax = 0) AS inserted`,
      [tenantId, batch],
    );
    for (const { inserted } of result) counts[inserted ? 'inserted' : 'updated']++;
  }
  await markPrimaryAlerts(
    db,
    tenantId,
    unique.map((row) => row.upstreamId),
  );
  return counts;
}

/**
 * Of the rows of one detection (same tenant and upstream id), the one lists show: Defender for
 * Endpoint's (the most detailed: evidence with hashes and command lines), else Graph's, else the
 * copy inside an XDR incident. Recomputed for the ids just written, in the caller's transaction;
 * the caller holds the tenant's write lock (lockTenantWrites), so two feeds writing one detection
 * at once never both leave their row primary. The INSERT already stored new rows as they should
 * be, so this only changes rows a better source just displaced (and any a batch mixing sources left).
 */
async function markPrimaryAlerts(db: PgTransaction, tenantId: string, upstreamIds: readonly string[]) {
  if (upstreamIds.length === 0) return;
  await db.query(
    `UPDATE alert SET is_primary = (alert.id = chosen.id)
     FROM (
       SELECT DISTINCT ON (upstream_id) upstream_id, id FROM alert
       WHERE tenant_id = $1::uuid AND upstream_id = ANY($2::text[])
       ORDER BY upstream_id, ${sourceRank('source')}, id
     ) AS chosen
     WHERE alert.tenant_id = $1::uuid AND alert.upstream_id = chosen.upstream_id
       AND alert.is_primary IS DISTINCT FROM (alert.id = chosen.id)`,
    [tenantId, upstreamIds],
  );
}

/**
 * Serialises one tenant's alert and incident writes until the transaction ends: feeds of a tenant
 * run at once, and the primary row of a detection is decided with every copy of it in sight. A
 * transaction-level lock (session locks would stick to a pooled connection).
 */
export async function lockTenantWrites(db: PgTransaction, tenantId: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('canopy.tenant-writes'), hashtext($1))`, [tenantId]);
}

/** One row per key (an INSERT may not touch a row twice): the newest copy wins. */
function newestPerKey(rows: readonly AlertRow[]): AlertRow[] {
  const byKey = new Map<string, AlertRow>();
  for (const row of rows) {
    const key = `${row.source} ${row.upstreamId}`;
    const kept = byKey.get(key);
    if (!kept || kept.lastUpdateTime <= row.lastUpdateTime) byKey.set(key, row);
  }
  return [...byKey.values()];
}
