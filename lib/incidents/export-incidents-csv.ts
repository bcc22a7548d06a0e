import 'server-only';
import { csvStream, type CsvValue } from '@/lib/csv/write-csv';
import { getDb } from '@/lib/db/client';
import { EXPORT_BATCH_SIZE, keysetBatches, olderThanSql } from '@/lib/db/keyset-batches';
import { Prisma } from '@/lib/generated/prisma/client';
import { incidentFilterSql } from './incident-filter-sql';
import type { IncidentListQuery } from './incident-list-query';

const HEADER = [
  'Tenant',
  'Tenant ID',
  'Incident ID',
  'Name',
  'Severity',
  'Status',
  'Classification',
  'Determination',
  'Assigned to',
  'Tags',
  'Alerts',
  'Merged into',
  'Created (UTC)',
  'Last update (UTC)',
] as const;

type ExportRow = {
  id: bigint;
  tenantName: string;
  entraTenantId: string;
  upstreamId: string;
  name: string;
  severity: string;
  status: string;
  classification: string | null;
  determination: string | null;
  assignedTo: string | null;
  tags: string | null;
  alertCount: number;
  redirectIncidentId: string | null;
  createdTime: Date;
  lastUpdateTime: Date;
};

/** The incidents under the list's filter, newest change first, in keyset batches (as the alerts export). */
async function* incidentRecords(query: IncidentListQuery): AsyncGenerator<CsvValue[][]> {
  const db = getDb();
  const batches = keysetBatches((after) => {
    const filters = incidentFilterSql(query);
    if (after) filters.push(olderThanSql('i', after));
    return db.$queryRaw<ExportRow[]>`
      SELECT i.id, t.display_name AS "tenantName", t.entra_tenant_id::text AS "entraTenantId",
             i.upstream_id AS "upstreamId", i.name, i.severity, i.status, i.classification, i.determination,
             i.assigned_to AS "assignedTo", array_to_string(i.tags, '; ') AS tags, i.alert_count AS "alertCount",
             i.redirect_incident_id AS "redirectIncidentId", i.created_time AS "createdTime",
             i.last_update_time AS "lastUpdateTime"
        FROM incident i JOIN customer_tenant t ON t.id = i.tenant_id
       WHERE ${Prisma.join(filters, ' AND ')}
       ORDER BY i.last_update_time DESC, i.id DESC
       LIMIT ${EXPORT_BATCH_SIZE}`;
  });
  for await (const rows of batches)
    yield rows.map((row) => [
      row.tenantName,
      row.entraTenantId,
      row.upstreamId,
      row.name,
      row.severity,
      row.status,
      row.classification,
      row.determination,
      row.assignedTo,
      row.tags,
      row.alertCount,
      row.redirectIncidentId,
      row.createdTime,
      row.lastUpdateTime,
    ]);
}

/** The incidents under the list's filter as a CSV byte stream (see csvStream). */
export function exportIncidentsCsv(query: IncidentListQuery): ReadableStream<Uint8Array> {
  return csvStream({ header: HEADER, batches: incidentRecords(query) });
}
