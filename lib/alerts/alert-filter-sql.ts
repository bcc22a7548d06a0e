import 'server-only';
import { likePattern } from '@/lib/db/like-pattern';
import { Prisma } from '@/lib/generated/prisma/client';
import { alertCreatedWindow, SEVERITY_RANK } from './alert-list-query';
import type { ResolvedAlertQuery } from './text-search';

/** UTC in a `timestamp` column, as Prisma stores it: compared as such whatever the session's zone. */
export function sqlTimestamp(date: Date): Prisma.Sql {
  return Prisma.sql`${date.toISOString()}::timestamp`;
}

/**
 * The list's filters as conditions on `alert a`, shared by the list, its counts and the CSV
 * export (an export holds exactly the rows the list shows under that filter), leaving out those
 * in `except` (a count by tenant is taken under every filter but the tenant one). One detection is
 * one row: the primary one, unless a source is chosen, which shows that source's own copies.
 * `within`: ids known to hold every row the text search matches (see readMatchSample), which
 * stand in for the search, so its alerts are not looked up twice for one page.
 */
export function alertFilterSql(
  query: ResolvedAlertQuery,
  now: Date,
  except: readonly ('tenant' | 'severity')[] = [],
  within?: readonly bigint[],
): Prisma.Sql[] {
  const filters: Prisma.Sql[] = [
    query.source ? Prisma.sql`a.source = ${query.source}::"AlertSource"` : Prisma.sql`a.is_primary`,
  ];
  if (query.tenant && !except.includes('tenant')) filters.push(Prisma.sql`a.tenant_id = ${query.tenant}::uuid`);
  if (query.severity && !except.includes('severity'))
    filters.push(Prisma.sql`a.severity_rank = ${SEVERITY_RANK[query.severity]}::smallint`);
  if (query.status) filters.push(Prisma.sql`a.status = ${query.status}`);
  if (query.category) filters.push(Prisma.sql`a.category = ${query.category}`);
  if (query.classification === 'Unclassified')
    filters.push(Prisma.sql`(a.classification IS NULL OR a.classification = 'Unknown')`);
  else if (query.classification) filters.push(Prisma.sql`a.classification = ${query.classification}`);
  const window = alertCreatedWindow(query, now);
  if (window?.from) filters.push(Prisma.sql`a.alert_creation_time >= ${sqlTimestamp(window.from)}`);
  if (window?.to) filters.push(Prisma.sql`a.alert_creation_time < ${sqlTimestamp(window.to)}`);
  if (within) filters.push(Prisma.sql`a.id = ANY(${within.map(String)}::bigint[])`);
  else if (query.q) filters.push(textSearchSql(query));
  return filters;
}

/**
 * Alerts whose title, device or user contains the text search's word: those holding one of the
 * values it matched (withTextSearch), found through the btree indexes on each column's md5; or,
 * for a common word, the columns tested as the list's index is walked.
 */
function textSearchSql(query: ResolvedAlertQuery): Prisma.Sql {
  const values = query.searchValues;
  // withTextSearch gives every query with a word its values; a query built otherwise is a bug.
  if (values === null)
    throw new Error('a text search must be looked up (withTextSearch) before its alerts are queried');
  if (values === 'common') {
    const pattern = likePattern(query.q!);
    return Prisma.sql`(a.title ILIKE ${pattern} OR a.computer_dns_name ILIKE ${pattern} OR a.related_user ILIKE ${pattern})`;
  }
  return Prisma.sql`(md5(a.title)::uuid = ANY(${values.title}::uuid[])
    OR md5(a.computer_dns_name)::uuid = ANY(${values.device}::uuid[])
    OR md5(a.related_user)::uuid = ANY(${values.user}::uuid[]))`;
}
