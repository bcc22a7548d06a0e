import 'server-only';
import { getDb } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import {
  ALERT_PAGE_SIZE,
  encodeAlertCursor,
  NEW_ALERTS_LIMIT,
  type AlertCursor,
  type AlertListQuery,
} from './alert-list-query';

export type AlertListRow = {
  id: string;
  title: string;
  severity: string;
  status: string;
  computerDnsName: string | null;
  lastUpdateTime: Date;
  tenantId: string;
  tenantName: string;
};

type RawRow = Omit<AlertListRow, 'id'> & { id: bigint };

/** `%`, `_` and `\` typed in the search box match themselves. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The list's filters on the `alert a` table, as conditions to AND (no cursor). */
function alertFilterConditions(query: AlertListQuery): Prisma.Sql[] {
  // One row per detection: the other sources' copies are listed on its detail page.
  const filters: Prisma.Sql[] = [Prisma.sql`a.is_primary`];
  if (query.tenant) filters.push(Prisma.sql`a.tenant_id = ${query.tenant}::uuid`);
  if (query.severity) filters.push(Prisma.sql`a.severity = ${query.severity}`);
  if (query.status) filters.push(Prisma.sql`a.status = ${query.status}`);
  if (query.q) {
    const pattern = likePattern(query.q);
    filters.push(Prisma.sql`(a.title ILIKE ${pattern} OR a.computer_dns_name ILIKE ${pattern})`);
  }
  return filters;
}

/** The rows sorting above (newer) or below (older) a cursor, compared as a row. */
function keysetCondition(cursor: AlertCursor, side: 'newer' | 'older'): Prisma.Sql {
  // UTC in a `timestamp` column, as Prisma stores it: compared as such whatever the session's zone.
  const at = cursor.lastUpdateTime.toISOString();
  return side === 'newer'
    ? Prisma.sql`(a.last_update_time, a.id) > (${at}::timestamp, ${cursor.id}::bigint)`
    : Prisma.sql`(a.last_update_time, a.id) < (${at}::timestamp, ${cursor.id}::bigint)`;
}

/**
 * One page of alerts, newest change first, by keyset: `(last_update_time, id)` compared as a row, so
 * PostgreSQL walks the `(…, last_update_time DESC, id DESC)` indexes from the cursor and never skips
 * rows (no OFFSET). Newer pages read ascending from their cursor and are turned round. The text
 * search (title or device) is a plain ILIKE on the rows the index order yields: fine at today's
 * volume, a trigram index when tenants hold millions of alerts.
 */
export async function listAlerts(query: AlertListQuery) {
  const db = getDb();
  const filters = alertFilterConditions(query);
  const cursor = query.before ?? query.after;
  const newer = !query.before && Boolean(query.after);
  if (cursor) filters.push(keysetCondition(cursor, newer ? 'newer' : 'older'));
  const where = filters.length ? Prisma.sql`WHERE ${Prisma.join(filters, ' AND ')}` : Prisma.empty;
  const order = newer ? Prisma.sql`a.last_update_time ASC, a.id ASC` : Prisma.sql`a.last_update_time DESC, a.id DESC`;
  const raw = await db.$queryRaw<RawRow[]>`
    SELECT a.id, a.title, a.severity, a.status, a.computer_dns_name AS "computerDnsName",
           a.last_update_time AS "lastUpdateTime", a.tenant_id AS "tenantId", t.display_name AS "tenantName"
      FROM alert a JOIN customer_tenant t ON t.id = a.tenant_id
      ${where}
     ORDER BY ${order}
     LIMIT ${ALERT_PAGE_SIZE + 1}`;

  const more = raw.length > ALERT_PAGE_SIZE;
  const page = raw.slice(0, ALERT_PAGE_SIZE);
  if (newer) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  // A page reached from a cursor has rows on the side it came from (they may have changed since,
  // in which case that page simply shows fewer or none).
  const hasNewer = newer ? more : Boolean(query.before);
  const hasOlder = newer ? true : more;
  return {
    rows: page.map((row): AlertListRow => ({ ...row, id: String(row.id) })),
    newerCursor: hasNewer && first ? encodeAlertCursor(first) : null,
    olderCursor: hasOlder && last ? encodeAlertCursor(last) : null,
  };
}

/**
 * Alerts per severity under the tenant filter only, for the filter bar. A GROUP BY over the
 * tenant's (or every) alert: cheap now, to be replaced by kept counts at scale.
 */
export async function countAlertsBySeverity(tenantId: string | undefined): Promise<Record<string, number>> {
  const rows = await getDb().alert.groupBy({
    by: ['severity'],
    where: { isPrimary: true, ...(tenantId ? { tenantId } : {}) },
    _count: true,
  });
  return Object.fromEntries(rows.map((row) => [row.severity, row._count]));
}

/**
 * How many alerts under the list's filters sort above `since` (the newest row the page showed; all
 * of them when it showed none), up to NEW_ALERTS_LIMIT: the same keyset and index walk as the
 * list, stopped early, so a poll costs at most a hundred index entries.
 */
export async function countNewerAlerts(query: AlertListQuery, since: AlertCursor | null): Promise<number> {
  const filters = alertFilterConditions(query);
  if (since) filters.push(keysetCondition(since, 'newer'));
  const [row] = await getDb().$queryRaw<[{ count: bigint }]>`
    SELECT count(*) AS count FROM (
      SELECT 1 FROM alert a WHERE ${Prisma.join(filters, ' AND ')} LIMIT ${NEW_ALERTS_LIMIT}
    ) newer`;
  return Number(row.count);
}
