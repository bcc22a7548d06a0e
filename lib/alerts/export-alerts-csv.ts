import 'server-only';
import { csvStream, type CsvValue } from '@/lib/csv/write-csv';
import { getDb } from '@/lib/db/client';
import { EXPORT_BATCH_SIZE, keysetBatches, olderThanSql } from '@/lib/db/keyset-batches';
import { Prisma } from '@/lib/generated/prisma/client';
import { alertFilterSql } from './alert-filter-sql';
import type { ResolvedAlertQuery } from './text-search';

const HEADER = [
  'Tenant',
  'Tenant ID',
  'Source',
  'Alert ID',
  'Title',
  'Severity',
  'Status',
  'Category',
  'Classification',
  'Determination',
  'Detection source',
  'Device',
  'User',
  'Assigned to',
  'Incident ID',
  'Created (UTC)',
  'Last update (UTC)',
  'Resolved (UTC)',
] as const;

type ExportRow = {
  id: bigint;
  tenantName: string;
  entraTenantId: string;
  source: string;
  upstreamId: string;
  title: string;
  severity: string;
  status: string;
  category: string | null;
  classification: string | null;
  determination: string | null;
  detectionSource: string | null;
  computerDnsName: string | null;
  relatedUser: string | null;
  assignedTo: string | null;
  incidentId: string | null;
  alertCreationTime: Date;
  lastUpdateTime: Date;
  resolvedTime: Date | null;
};

/**
 * The alerts list's rows under its filter (not its page), newest change first, read in keyset
 * batches as the stream is read: the same order and indexes as the list, never OFFSET.
 */
async function* alertRecords(query: ResolvedAlertQuery): AsyncGenerator<CsvValue[][]> {
  const db = getDb();
  // One "now" for the whole export: a relative time range ("last 24 hours") must not slide between batches.
  const now = new Date();
  const batches = keysetBatches((after) => {
    const filters = alertFilterSql(query, now);
    if (after) filters.push(olderThanSql('a', after));
    return db.$queryRaw<ExportRow[]>`
      SELECT a.id, t.display_name AS "tenantName", t.entra_tenant_id::text AS "entraTenantId",
             a.source::text AS source, a.upstream_id AS "upstreamId", a.title, a.severity, a.status,
             a.category, a.classification, a.determination, a.detection_source AS "detectionSource",
             a.computer_dns_name AS "computerDnsName", a.related_user AS "relatedUser",
             a.assigned_to AS "assignedTo", a.incident_id AS "incidentId",
             a.alert_creation_time AS "alertCreationTime", a.last_update_time AS "lastUpdateTime",
             a.resolved_time AS "resolvedTime"
        FROM alert a JOIN customer_tenant t ON t.id = a.tenant_id
       WHERE ${Prisma.join(filters, ' AND ')}
       ORDER BY a.last_update_time DESC, a.id DESC
       LIMIT ${EXPORT_BATCH_SIZE}`;
  });
  for await (const rows of batches)
    yield rows.map((row) => [
      row.tenantName,
      row.entraTenantId,
      row.source,
      row.upstreamId,
      row.title,
      row.severity,
      row.status,
      row.category,
      row.classification,
      row.determination,
      row.detectionSource,
      row.computerDnsName,
      row.relatedUser,
      row.assignedTo,
      row.incidentId,
      row.alertCreationTime,
      row.lastUpdateTime,
      row.resolvedTime,
    ]);
}

/** The alerts under the list's filter as a CSV byte stream (see csvStream). */
export function exportAlertsCsv(query: ResolvedAlertQuery): ReadableStream<Uint8Array> {
  return csvStream({ header: HEADER, batches: alertRecords(query) });
}
