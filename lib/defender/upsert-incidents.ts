import 'server-only';
import type { IncidentSource } from '@/lib/generated/prisma/enums';
import type { PgTransaction } from '@/lib/db/client';
import type { UpsertCounts } from './upsert-alerts';

/** One incident as the `incident` table stores it, whatever source it came from. */
export type IncidentRow = {
  source: IncidentSource;
  upstreamId: string;
  name: string;
  severity: string;
  severityRank: number;
  status: string;
  classification: string | null;
  determination: string | null;
  assignedTo: string | null;
  tags: string[];
  redirectIncidentId: string | null;
  alertCount: number;
  webUrl: string | null;
  createdTime: Date;
  lastUpdateTime: Date;
  payload: object;
};

/**
 * The order in which an incident's sources are shown (0 first), as SQL over a source column: see
 * markPrimaryIncidents for why. The INSERT skips the lookup for XDR's rows, which nothing outranks.
 */
const sourceRank = (column: string) => `CASE ${column} WHEN 'XDR' THEN 0 ELSE 1 END`;

/**
 * Inserts or updates incidents by (tenant, source, upstream id), in one statement per call (a page
 * holds at most 100 XDR or 1,000 Graph incidents), with upsert-alerts.ts's rule: only a newer
 * lastUpdateTime, or the same one with a different payload, is written.
 */
export async function upsertIncidents(
  db: PgTransaction,
  tenantId: string,
  rows: readonly IncidentRow[],
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0 };
  const byKey = new Map<string, IncidentRow>();
  for (const row of rows) {
    const kept = byKey.get(row.upstreamId);
    if (!kept || kept.lastUpdateTime <= row.lastUpdateTime) byKey.set(row.upstreamId, row);
  }
  const batch = [...byKey.values()];
  if (batch.length === 0) return counts;
  // As upsert-alerts.ts: the batch as one JSON text, read back under IncidentRow's own names.
  const { rows: result } = await db.query<{ inserted: boolean }>(
    `INSERT INTO incident (
      tenant_id, source, upstream_id, name, severity, severity_rank, status, classification, determination,
      assigned_to, tags, redirect_incident_id, alert_count, web_url, created_time, last_update_time, payload,
      first_synced_at, synced_at, is_primary)
    SELECT
      $1::uuid, r.source::"IncidentSource", r."upstreamId", r.name, r.severity, r."severityRank", r.status,
      r.classification, r.determination, r."assignedTo", r.tags, r."redirectIncidentId", r."alertCount", r."webUrl",
      r."createdTime", r."lastUpdateTime", r.payload, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC',
      -- Graph's copy of an incident XDR already gave starts as a copy (see upsert-alerts.ts).
      r.source = 'XDR' OR NOT EXISTS (
        SELECT 1 FROM incident better
         WHERE better.tenant_id = $1::uuid AND better.upstream_id = r."upstreamId"
           AND ${sourceRank('better.source')} < ${sourceRank('r.source')})
    FROM jsonb_to_recordset($2::jsonb) AS r(
      source text, "upstreamId" text, name text, severity text, "severityRank" smallint, status text,
      classification text, determination text, "assignedTo" text, tags text[], "redirectIncidentId" text,
      "alertCount" int, "webUrl" text, "createdTime" timestamp, "lastUpdateTime" timestamp, payload jsonb)
    ON CONFLICT (tenant_id, source, upstream_id) DO UPDATE SET
      name = EXCLUDED.name, severity = EXCLUDED.severity, severity_rank = EXCLUDED.severity_rank,
      status = EXCLUDED.status, classification = EXCLUDED.classification, determination = EXCLUDED.determination,
      assigned_to = EXCLUDED.assigned_to, tags = EXCLUDED.tags, redirect_incident_id = EXCLUDED.redirect_incident_id,
      alert_count = EXCLUDED.alert_count, web_url = EXCLUDED.web_url, created_time = EXCLUDED.created_time,
      last_update_time = EXCLUDED.last_update_time, payload = EXCLUDED.payload, synced_at = EXCLUDED.synced_at
    WHERE incident.last_update_time < EXCLUDED.last_update_time
      OR (incident.last_update_time = EXCLUDED.last_update_time AND incident.payload IS DISTINCT FROM EXCLUDED.payload)
    RETURNING (xmax = 0) AS inserted`,
    [tenantId, JSON.stringify(batch)],
  );
  for (const { inserted } of result) counts[inserted ? 'inserted' : 'updated']++;
  await markPrimaryIncidents(
    db,
    tenantId,
    batch.map((row) => row.upstreamId),
  );
  return counts;
}

/**
 * Of the rows of one incident (XDR and Graph give it the same number), the one lists show: XDR's,
 * because it lists the incident's alerts (alertCount, devices, entities) where Graph's incident
 * comes without them (Canopy does not rely on `$expand=alerts`, reference §E4). Graph's row is
 * primary only for a tenant that does not collect XDR. Same transaction and lock as the alerts.
 */
async function markPrimaryIncidents(db: PgTransaction, tenantId: string, upstreamIds: readonly string[]) {
  await db.query(
    `UPDATE incident SET is_primary = (incident.id = chosen.id)
     FROM (
       SELECT DISTINCT ON (upstream_id) upstream_id, id FROM incident
       WHERE tenant_id = $1::uuid AND upstream_id = ANY($2::text[])
       ORDER BY upstream_id, ${sourceRank('source')}, id
     ) AS chosen
     WHERE incident.tenant_id = $1::uuid AND incident.upstream_id = chosen.upstream_id
       AND incident.is_primary IS DISTINCT FROM (incident.id = chosen.id)`,
    [tenantId, upstreamIds],
  );
}
