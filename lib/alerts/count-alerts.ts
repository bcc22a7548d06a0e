import 'server-only';
import type { Db } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import { alertFilterSql } from './alert-filter-sql';
import { alertCreatedWindow, SEVERITY_RANK, utcDay, type AlertListQuery } from './alert-list-query';

/** Past this many matching rows a count from the alert table stops and reads "1,000+". */
export const COUNT_BOUND = 1_000;

/** A count, or a lower bound when `atLeast` (the count stopped at COUNT_BOUND). */
export type AlertCount = { value: number; atLeast: boolean };

export type AlertCounts = {
  /** `rollup`: exact, from `alert_daily_count`; `bounded`: counted from the alert table, up to COUNT_BOUND. */
  from: 'rollup' | 'bounded';
  /** By severity rank (4 High … 0 UnSpecified and unknown), under every filter but the severity one. */
  bySeverity: Map<number, AlertCount>;
  /** By tenant, most first, under every filter but the tenant one; null when more than COUNT_BOUND match. */
  byTenant: { tenantId: string; count: number }[] | null;
};

/**
 * Whether the daily rollup can answer the counts exactly: it holds primary alerts by tenant,
 * creation day and severity, so the tenant and severity filters and the whole-day ranges (7 d,
 * 30 d, custom days) map onto it; the others (status, source, category, classification, text,
 * the last 24 hours) do not.
 */
export function rollupAnswers(query: AlertListQuery): boolean {
  return (
    !query.status && !query.source && !query.category && !query.classification && !query.q && query.range !== '24h'
  );
}

function rollupDays(query: AlertListQuery, now: Date): Prisma.Sql[] {
  const window = alertCreatedWindow(query, now);
  const days: Prisma.Sql[] = [];
  if (window?.from) days.push(Prisma.sql`r.day >= ${window.from.toISOString().slice(0, 10)}::date`);
  if (window?.to) days.push(Prisma.sql`r.day < ${window.to.toISOString().slice(0, 10)}::date`);
  return days;
}

const where = (conditions: Prisma.Sql[]) =>
  conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;

/**
 * The page's counts by severity and by tenant without counting the alert table on every view.
 * When the filter maps onto the rollup (rollupAnswers), they are sums over its few rows per tenant
 * and day. Otherwise they come from the alert table, but bounded: each severity's count stops at
 * COUNT_BOUND + 1 rows (shown "1,000+"), and the counts by tenant group a sample of at most
 * COUNT_BOUND + 1 matching rows, shown only when that is all of them. Either way a page view reads
 * a bounded number of rows however many alerts are stored.
 */
export async function countAlerts(db: Db, query: AlertListQuery, now: Date): Promise<AlertCounts> {
  if (rollupAnswers(query)) {
    const days = rollupDays(query, now);
    const severityWhere = where([...days, ...(query.tenant ? [Prisma.sql`r.tenant_id = ${query.tenant}::uuid`] : [])]);
    const tenantWhere = where([
      ...days,
      ...(query.severity ? [Prisma.sql`r.severity_rank = ${SEVERITY_RANK[query.severity]}::smallint`] : []),
    ]);
    const [severities, tenants] = await Promise.all([
      db.$queryRaw<{ rank: number; count: number }[]>`
        SELECT r.severity_rank AS rank, sum(r.count)::int AS count
          FROM alert_daily_count r ${severityWhere} GROUP BY r.severity_rank`,
      db.$queryRaw<{ tenantId: string; count: number }[]>`
        SELECT r.tenant_id AS "tenantId", sum(r.count)::int AS count
          FROM alert_daily_count r ${tenantWhere}
         GROUP BY r.tenant_id HAVING sum(r.count) > 0 ORDER BY count DESC, r.tenant_id`,
    ]);
    return {
      from: 'rollup',
      bySeverity: new Map(severities.map((row) => [row.rank, { value: row.count, atLeast: false }])),
      byTenant: tenants,
    };
  }

  const ranks = Object.values(SEVERITY_RANK);
  const [severities, sample] = await Promise.all([
    db.$queryRaw<{ rank: number; count: number }[]>`
      SELECT s.rank, (SELECT count(*)::int FROM (
               SELECT 1 FROM alert a
                WHERE ${Prisma.join(alertFilterSql(query, now, 'severity'), ' AND ')} AND a.severity_rank = s.rank
                LIMIT ${COUNT_BOUND + 1}) bounded) AS count
        FROM unnest(${ranks}::smallint[]) AS s(rank)`,
    db.$queryRaw<{ tenantId: string; count: number }[]>`
      SELECT sample.tenant_id AS "tenantId", count(*)::int AS count
        FROM (SELECT a.tenant_id FROM alert a
               WHERE ${Prisma.join(alertFilterSql(query, now, 'tenant'), ' AND ')}
               LIMIT ${COUNT_BOUND + 1}) sample
       GROUP BY sample.tenant_id ORDER BY count DESC, sample.tenant_id`,
  ]);
  const sampled = sample.reduce((sum, row) => sum + row.count, 0);
  return {
    from: 'bounded',
    bySeverity: new Map(
      severities.map((row) => [
        row.rank,
        { value: Math.min(row.count, COUNT_BOUND), atLeast: row.count > COUNT_BOUND },
      ]),
    ),
    byTenant: sampled > COUNT_BOUND ? null : sample,
  };
}

export type DailyAlertCounts = { day: string; byRank: Record<number, number> }[];

export const TIMELINE_DAYS = 30;

/**
 * Primary alerts created per UTC day and severity over the last 30 days (today included), from
 * the rollup, under the tenant and severity filters: one entry per day, empty days too.
 */
export async function countAlertsPerDay(db: Db, query: AlertListQuery, now: Date): Promise<DailyAlertCounts> {
  const first = utcDay(now, -(TIMELINE_DAYS - 1));
  const conditions = [Prisma.sql`r.day >= ${first.toISOString().slice(0, 10)}::date`];
  if (query.tenant) conditions.push(Prisma.sql`r.tenant_id = ${query.tenant}::uuid`);
  if (query.severity) conditions.push(Prisma.sql`r.severity_rank = ${SEVERITY_RANK[query.severity]}::smallint`);
  const rows = await db.$queryRaw<{ day: string; rank: number; count: number }[]>`
    SELECT to_char(r.day, 'YYYY-MM-DD') AS day, r.severity_rank AS rank, sum(r.count)::int AS count
      FROM alert_daily_count r ${where(conditions)}
     GROUP BY r.day, r.severity_rank`;
  const days: DailyAlertCounts = Array.from({ length: TIMELINE_DAYS }, (_, i) => ({
    day: utcDay(first, i).toISOString().slice(0, 10),
    byRank: { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0 },
  }));
  const byDay = new Map(days.map((entry) => [entry.day, entry]));
  for (const row of rows) {
    const entry = byDay.get(row.day);
    if (entry) entry.byRank[row.rank] = row.count;
  }
  return days;
}
