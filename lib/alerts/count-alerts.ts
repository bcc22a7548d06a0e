import 'server-only';
import type { Db } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import { alertFilterSql } from './alert-filter-sql';
import { alertCreatedWindow, SEVERITY_RANK, utcDay, type AlertListQuery } from './alert-list-query';
import type { ResolvedAlertQuery } from './text-search';

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
 * The rollup rows a count reads: with a tenant filter that tenant's rows of `alert_daily_count`,
 * otherwise the totals over every tenant (`alert_daily_total`, 5 rows a day however many tenants).
 * Counts by tenant read `alert_tenant_total` (5 rows a tenant) unless a range asks for days.
 */
const rollupTable = (query: AlertListQuery) =>
  query.tenant
    ? { table: Prisma.sql`alert_daily_count r`, tenant: [Prisma.sql`r.tenant_id = ${query.tenant}::uuid`] }
    : { table: Prisma.sql`alert_daily_total r`, tenant: [] };

/**
 * The SQL of the page's counts (see countAlerts): by severity, and by tenant. Exported for the
 * query-plan test.
 */
export function alertCountSql(query: ResolvedAlertQuery, now: Date): { bySeverity: Prisma.Sql; byTenant: Prisma.Sql } {
  if (rollupAnswers(query)) {
    const days = rollupDays(query, now);
    const { table, tenant } = rollupTable(query);
    const tenantWhere = where([
      ...days,
      ...(query.severity ? [Prisma.sql`r.severity_rank = ${SEVERITY_RANK[query.severity]}::smallint`] : []),
    ]);
    return {
      bySeverity: Prisma.sql`
        SELECT r.severity_rank AS rank, sum(r.count)::int AS count
          FROM ${table} ${where([...days, ...tenant])} GROUP BY r.severity_rank`,
      byTenant: Prisma.sql`
        SELECT r.tenant_id AS "tenantId", sum(r.count)::int AS count
          FROM ${days.length ? Prisma.sql`alert_daily_count r` : Prisma.sql`alert_tenant_total r`} ${tenantWhere}
         GROUP BY r.tenant_id HAVING sum(r.count) > 0 ORDER BY count DESC, r.tenant_id`,
    };
  }
  // Each bounded count walks an index in the list's order (newest change first) and stops: a
  // literal rank lets the planner see a rare severity and walk the severity index (an empty range
  // for a rank no alert has), where a sequential scan looking for COUNT_BOUND + 1 rows that do not
  // exist would read the whole table.
  const severityFilters = Prisma.join(alertFilterSql(query, now, ['severity']), ' AND ');
  const bySeverity = Object.values(SEVERITY_RANK).map(
    (rank) => Prisma.sql`
      SELECT ${rank}::int AS rank, count(*)::int AS count FROM (
        SELECT 1 FROM alert a
         WHERE ${severityFilters} AND a.severity_rank = ${Prisma.raw(String(rank))}
         ORDER BY a.last_update_time DESC, a.id DESC
         LIMIT ${COUNT_BOUND + 1}) bounded`,
  );
  return {
    bySeverity: Prisma.join(bySeverity, ' UNION ALL '),
    byTenant: Prisma.sql`
      SELECT sample.tenant_id AS "tenantId", count(*)::int AS count
        FROM (SELECT a.tenant_id FROM alert a
               WHERE ${Prisma.join(alertFilterSql(query, now, ['tenant']), ' AND ')}
               ORDER BY a.last_update_time DESC, a.id DESC
               LIMIT ${COUNT_BOUND + 1}) sample
       GROUP BY sample.tenant_id ORDER BY count DESC, sample.tenant_id`,
  };
}

/** Matching rows the first bounded step reads at most: see countAlerts. */
const MATCH_SAMPLE = COUNT_BOUND + 1;

/**
 * The first step of the bounded counts (see countAlerts): the id, severity and tenant of at most
 * MATCH_SAMPLE rows matching every filter but those two, in the list's order. Exported for the
 * query-plan test.
 */
export function alertMatchSampleSql(query: ResolvedAlertQuery, now: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT a.id, a.severity_rank AS rank, a.tenant_id AS "tenantId" FROM alert a
     WHERE ${Prisma.join(alertFilterSql(query, now, ['severity', 'tenant']), ' AND ')}
     ORDER BY a.last_update_time DESC, a.id DESC
     LIMIT ${MATCH_SAMPLE}`;
}

/**
 * Rows matching every filter but the severity and tenant ones, up to MATCH_SAMPLE; `complete`
 * when that is all of them. Null when the rollups answer the counts (rollupAnswers).
 */
export type MatchSample = { rows: { id: bigint; rank: number; tenantId: string }[]; complete: boolean } | null;

/**
 * Reads the match sample once for a page: a narrow filter (a text search for a device) matches
 * few rows, found by a trigram lookup that costs tens of milliseconds at a million alerts, and
 * when the sample holds all of them, the counts and the list both come from it (the list through
 * `within` in alertFilterSql) instead of each looking the rows up again.
 */
export async function readMatchSample(db: Db, query: ResolvedAlertQuery, now: Date): Promise<MatchSample> {
  if (rollupAnswers(query)) return null;
  const rows = await db.$queryRaw<{ id: bigint; rank: number; tenantId: string }[]>(alertMatchSampleSql(query, now));
  return { rows, complete: rows.length < MATCH_SAMPLE };
}

/**
 * The page's counts by severity and by tenant without counting the alert table on every view.
 * When the filter maps onto the rollup (rollupAnswers), they are sums over its few rows per day
 * (and tenant). Otherwise they come from the alert table, but bounded: each severity's count stops at
 * COUNT_BOUND + 1 rows (shown "1,000+"), and the counts by tenant group a sample of at most
 * COUNT_BOUND + 1 matching rows, shown only when that is all of them. Either way a page view reads
 * a bounded number of rows however many alerts are stored.
 *
 * The bounded counts start from the match sample (readMatchSample, read here unless the page
 * passes it): when it holds every match, both counts come from its rows, instead of seven bounded
 * queries each looking them up again.
 */
export async function countAlerts(
  db: Db,
  query: ResolvedAlertQuery,
  now: Date,
  sample?: MatchSample,
): Promise<AlertCounts> {
  const matches = sample === undefined ? await readMatchSample(db, query, now) : sample;
  if (!matches) {
    const sql = alertCountSql(query, now);
    const [severities, tenants] = await Promise.all([
      db.$queryRaw<{ rank: number; count: number }[]>(sql.bySeverity),
      db.$queryRaw<{ tenantId: string; count: number }[]>(sql.byTenant),
    ]);
    return {
      from: 'rollup',
      bySeverity: new Map(severities.map((row) => [row.rank, { value: row.count, atLeast: false }])),
      byTenant: tenants,
    };
  }
  let severities: { rank: number; count: number }[];
  let tenants: { tenantId: string; count: number }[];
  if (matches.complete) {
    severities = tally(
      matches.rows.filter((row) => !query.tenant || row.tenantId === query.tenant).map((row) => row.rank),
    ).map(([rank, count]) => ({ rank, count }));
    const rank = query.severity ? SEVERITY_RANK[query.severity] : null;
    tenants = tally(matches.rows.filter((row) => rank === null || row.rank === rank).map((row) => row.tenantId))
      .map(([tenantId, count]) => ({ tenantId, count }))
      .sort((x, y) => y.count - x.count || (x.tenantId < y.tenantId ? -1 : 1));
  } else {
    const sql = alertCountSql(query, now);
    [severities, tenants] = await Promise.all([
      db.$queryRaw<{ rank: number; count: number }[]>(sql.bySeverity),
      db.$queryRaw<{ tenantId: string; count: number }[]>(sql.byTenant),
    ]);
  }
  const sampled = tenants.reduce((sum, row) => sum + row.count, 0);
  return {
    from: 'bounded',
    bySeverity: new Map(
      severities.map((row) => [
        row.rank,
        { value: Math.min(row.count, COUNT_BOUND), atLeast: row.count > COUNT_BOUND },
      ]),
    ),
    byTenant: sampled > COUNT_BOUND ? null : tenants,
  };
}

/** How often each value occurs. */
function tally<T>(values: readonly T[]): [T, number][] {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts];
}

export type DailyAlertCounts = { day: string; byRank: Record<number, number> }[];

export const TIMELINE_DAYS = 30;

/**
 * Primary alerts created per UTC day and severity over the last 30 days (today included), from
 * the rollup, under the tenant and severity filters: one entry per day, empty days too.
 */
export async function countAlertsPerDay(db: Db, query: ResolvedAlertQuery, now: Date): Promise<DailyAlertCounts> {
  const first = utcDay(now, -(TIMELINE_DAYS - 1));
  const rows = await db.$queryRaw<{ day: string; rank: number; count: number }[]>(alertsPerDaySql(query, now));
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

/** The chart's SQL (see countAlertsPerDay), exported for the query-plan test. */
export function alertsPerDaySql(query: ResolvedAlertQuery, now: Date): Prisma.Sql {
  const first = utcDay(now, -(TIMELINE_DAYS - 1));
  const { table, tenant } = rollupTable(query);
  const conditions = [Prisma.sql`r.day >= ${first.toISOString().slice(0, 10)}::date`, ...tenant];
  if (query.severity) conditions.push(Prisma.sql`r.severity_rank = ${SEVERITY_RANK[query.severity]}::smallint`);
  return Prisma.sql`
    SELECT to_char(r.day, 'YYYY-MM-DD') AS day, r.severity_rank AS rank, sum(r.count)::int AS count
      FROM ${table} ${where(conditions)}
     GROUP BY r.day, r.severity_rank`;
}
