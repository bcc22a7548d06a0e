import 'server-only';
import { getDb } from '@/lib/db/client';
import { encodeKeysetCursor } from '@/lib/db/keyset-batches';
import { keysetPage, keysetPageSql } from '@/lib/db/keyset-page';
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
  const { condition, order } = keysetPageSql(
    ['i.last_update_time', 'i.id'],
    // UTC in a `timestamp` column, as Prisma stores it: compared as such whatever the session's zone.
    cursor ? Prisma.sql`${cursor.lastUpdateTime.toISOString()}::timestamp, ${cursor.id}::bigint` : null,
    newer,
  );
  if (condition) filters.push(condition);
  const raw = await getDb().$queryRaw<RawRow[]>`
    SELECT i.id, i.upstream_id AS "upstreamId", i.name, i.severity, i.status, i.assigned_to AS "assignedTo",
           i.alert_count AS "alertCount", i.last_update_time AS "lastUpdateTime",
           i.tenant_id AS "tenantId", t.display_name AS "tenantName"
      FROM incident i JOIN customer_tenant t ON t.id = i.tenant_id
     WHERE ${Prisma.join(filters, ' AND ')}
     ORDER BY ${order}
     LIMIT ${INCIDENT_PAGE_SIZE + 1}`;

  const page = keysetPage(raw, INCIDENT_PAGE_SIZE, { newer, cursor: Boolean(cursor) });
  const first = page.rows[0];
  const last = page.rows.at(-1);
  return {
    rows: page.rows.map((row): IncidentListRow => ({ ...row, id: String(row.id) })),
    newerCursor: page.hasNewer && first ? encodeKeysetCursor(first) : null,
    olderCursor: page.hasOlder && last ? encodeKeysetCursor(last) : null,
  };
}
