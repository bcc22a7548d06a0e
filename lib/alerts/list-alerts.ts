import 'server-only';
import type { Db } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import { keysetPage, keysetPageSql } from '@/lib/db/keyset-page';
import { alertFilterSql, sqlTimestamp } from './alert-filter-sql';
import {
  ALERT_PAGE_SIZE,
  encodeAlertCursor,
  NEW_ALERTS_LIMIT,
  type AlertCursor,
  type AlertSort,
} from './alert-list-query';
import type { ResolvedAlertQuery } from './text-search';

export type AlertListRow = {
  id: string;
  title: string;
  severity: string;
  status: string;
  computerDnsName: string | null;
  relatedUser: string | null;
  severityRank: number;
  alertCreationTime: Date;
  lastUpdateTime: Date;
  tenantId: string;
  tenantName: string;
};

type RawRow = Omit<AlertListRow, 'id'> & { id: bigint };

/** Each sort's keyset: its columns (all descending, `id` last to break ties) and a row's values. */
const KEYSETS: Record<
  AlertSort,
  { columns: string[]; key: (c: AlertCursor) => Prisma.Sql; time: 'lastUpdateTime' | 'alertCreationTime' }
> = {
  updated: {
    columns: ['a.last_update_time', 'a.id'],
    key: (c) => Prisma.sql`${sqlTimestamp(c.time)}, ${c.id}::bigint`,
    time: 'lastUpdateTime',
  },
  created: {
    columns: ['a.alert_creation_time', 'a.id'],
    key: (c) => Prisma.sql`${sqlTimestamp(c.time)}, ${c.id}::bigint`,
    time: 'alertCreationTime',
  },
  severity: {
    columns: ['a.severity_rank', 'a.last_update_time', 'a.id'],
    key: (c) => Prisma.sql`${c.rank}::smallint, ${sqlTimestamp(c.time)}, ${c.id}::bigint`,
    time: 'lastUpdateTime',
  },
};

function cursorOf(sort: AlertSort, row: RawRow): string {
  return encodeAlertCursor({ sort, time: row[KEYSETS[sort].time], rank: row.severityRank, id: row.id });
}

/**
 * One page of alerts in the chosen order, by keyset: the sort key and `id` compared as a row, so
 * PostgreSQL walks the matching `(…, key DESC, id DESC)` index from the cursor and never skips or
 * repeats a row (no OFFSET). Newer pages read ascending from their cursor and are turned round.
 * The text search (title, device or user) is an ILIKE that the trigram indexes answer (a BitmapOr
 * of the three, then the sort), or, for a common word, the keyset walk stopped at a page; or the
 * ids the page's match sample found, `within` (see alertFilterSql).
 */
export async function listAlerts(db: Db, query: ResolvedAlertQuery, now: Date, within?: readonly bigint[]) {
  const raw = await db.$queryRaw<RawRow[]>(alertPageSql(query, now, within));
  const cursor = Boolean(query.before ?? query.after);
  const page = keysetPage(raw, ALERT_PAGE_SIZE, { newer: !query.before && Boolean(query.after), cursor });
  const first = page.rows[0];
  const last = page.rows.at(-1);
  return {
    rows: page.rows.map((row): AlertListRow => ({ ...row, id: String(row.id) })),
    newerCursor: page.hasNewer && first ? cursorOf(query.sort, first) : null,
    olderCursor: page.hasOlder && last ? cursorOf(query.sort, last) : null,
  };
}

/** The SQL of one page (ALERT_PAGE_SIZE + 1 rows, to know whether more follow): see listAlerts. */
export function alertPageSql(query: ResolvedAlertQuery, now: Date, within?: readonly bigint[]): Prisma.Sql {
  const keyset = KEYSETS[query.sort];
  const filters = alertFilterSql(query, now, [], within);
  const cursor = query.before ?? query.after;
  // Trusted column names only (the table above); the cursor's values go in as parameters.
  const { condition, order } = keysetPageSql(
    keyset.columns,
    cursor ? keyset.key(cursor) : null,
    !query.before && Boolean(query.after),
  );
  if (condition) filters.push(condition);
  return Prisma.sql`
    SELECT a.id, a.title, a.severity, a.severity_rank AS "severityRank", a.status,
           a.computer_dns_name AS "computerDnsName", a.related_user AS "relatedUser",
           a.alert_creation_time AS "alertCreationTime", a.last_update_time AS "lastUpdateTime",
           a.tenant_id AS "tenantId", t.display_name AS "tenantName"
      FROM alert a JOIN customer_tenant t ON t.id = a.tenant_id
     WHERE ${Prisma.join(filters, ' AND ')}
     ORDER BY ${order}
     LIMIT ${ALERT_PAGE_SIZE + 1}`;
}

/**
 * How many alerts under the list's filters now sort above `since` in the default order (newest
 * change first; `since` is the newest row the page showed, null when it showed none), up to
 * NEW_ALERTS_LIMIT: the list's keyset and index walk, stopped early, so a poll reads at most a
 * hundred index entries.
 */
export async function countNewerAlerts(db: Db, query: ResolvedAlertQuery, now: Date, since: AlertCursor | null) {
  const keyset = KEYSETS.updated;
  const filters = alertFilterSql(query, now);
  const { condition } = keysetPageSql(keyset.columns, since ? keyset.key(since) : null, true);
  if (condition) filters.push(condition);
  const [row] = await db.$queryRaw<[{ count: bigint }]>`
    SELECT count(*) AS count FROM (
      SELECT 1 FROM alert a WHERE ${Prisma.join(filters, ' AND ')} LIMIT ${NEW_ALERTS_LIMIT}
    ) newer`;
  return Number(row.count);
}
