import 'server-only';
import { getDb } from '@/lib/db/client';
import { encodeKeysetCursor } from '@/lib/db/keyset-batches';
import { Prisma } from '@/lib/generated/prisma/client';
import { incidentFilterSql } from './incident-filter-sql';
import { INCIDENT_PAGE_SIZE, type IncidentListQuery } from './incident-list-query';

export type IncidentListRow = {
  id: string;
  upstreamId: string;
  name: string;
  severity: string;
  status: string;
  assignedTo: string | null;
  alertCount: number;
  lastUpdateTime: Date;
  tenantId: string;
  tenantName: string;
};

type RawRow = Omit<IncidentListRow, 'id'> & { id: bigint };

/**
 * One page of incidents, newest change first, by keyset on `(last_update_time, id)` as the alerts
 * list (see listAlerts): the `incident` indexes are the same shape, and no OFFSET. The alert count
 * is the one the source gave, so a page does not count alerts.
 */
export async function listIncidents(query: IncidentListQuery) {
  const filters = incidentFilterSql(query);
  const cursor = query.before ?? query.after;
  const newer = !query.before && Boolean(query.after);
  if (cursor) {
    // UTC in a `timestamp` column, as Prisma stores it: compared as such whatever the session's zone.
    const at = cursor.lastUpdateTime.toISOString();
    filters.push(
      newer
        ? Prisma.sql`(i.last_update_time, i.id) > (${at}::timestamp, ${cursor.id}::bigint)`
        : Prisma.sql`(i.last_update_time, i.id) < (${at}::timestamp, ${cursor.id}::bigint)`,
    );
  }
  const order = newer ? Prisma.sql`i.last_update_time ASC, i.id ASC` : Prisma.sql`i.last_update_time DESC, i.id DESC`;
  const raw = await getDb().$queryRaw<RawRow[]>`
    SELECT i.id, i.upstream_id AS "upstreamId", i.name, i.severity, i.status, i.assigned_to AS "assignedTo",
           i.alert_count AS "alertCount", i.last_update_time AS "lastUpdateTime",
           i.tenant_id AS "tenantId", t.display_name AS "tenantName"
      FROM incident i JOIN customer_tenant t ON t.id = i.tenant_id
     WHERE ${Prisma.join(filters, ' AND ')}
     ORDER BY ${order}
     LIMIT ${INCIDENT_PAGE_SIZE + 1}`;

  const more = raw.length > INCIDENT_PAGE_SIZE;
  const page = raw.slice(0, INCIDENT_PAGE_SIZE);
  if (newer) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const hasNewer = newer ? more : Boolean(query.before);
  const hasOlder = newer ? true : more;
  return {
    rows: page.map((row): IncidentListRow => ({ ...row, id: String(row.id) })),
    newerCursor: hasNewer && first ? encodeKeysetCursor(first) : null,
    olderCursor: hasOlder && last ? encodeKeysetCursor(last) : null,
  };
}
