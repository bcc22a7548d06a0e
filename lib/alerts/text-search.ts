import 'server-only';
import type { Db } from '@/lib/db/client';
import { likePattern } from '@/lib/db/like-pattern';
import type { AlertListQuery } from './alert-list-query';

/**
 * More distinct values than this matching a text search make it a common word: the alert query
 * then tests the columns themselves (ILIKE) as it walks the list's index, and stops at a page.
 */
export const MAX_SEARCH_VALUES = 10_000;

/**
 * The values a text search matches, per column, as the md5 digests (uuid text) their alerts are
 * indexed by; `common` beyond MAX_SEARCH_VALUES.
 */
export type TextSearchValues = { title: string[]; device: string[]; user: string[] } | 'common';

/** An alerts query whose text search has been looked up (null: it has none): what alertFilterSql takes. */
export type ResolvedAlertQuery = AlertListQuery & { searchValues: TextSearchValues | null };

/**
 * Looks the text search up among the distinct titles, device names and users (alert_search_term,
 * a trigram index over thousands of values), before the alert query runs. The alert query then
 * carries the values themselves, so PostgreSQL plans it knowing how many alerts they hold (its
 * statistics of each value): a rare device through the digest indexes, a common title word by
 * walking the list's index. A subquery in its place leaves it guessing, and at a million alerts
 * it guessed wrong both ways (seconds, not milliseconds).
 */
export async function withTextSearch(db: Db, query: AlertListQuery): Promise<ResolvedAlertQuery> {
  if (!query.q) return { ...query, searchValues: null };
  const rows = await db.$queryRaw<{ kind: 'title' | 'device' | 'user'; digest: string }[]>`
    SELECT kind, digest::text FROM alert_search_term WHERE value ILIKE ${likePattern(query.q)}
     LIMIT ${MAX_SEARCH_VALUES + 1}`;
  if (rows.length > MAX_SEARCH_VALUES) return { ...query, searchValues: 'common' };
  const values = { title: [] as string[], device: [] as string[], user: [] as string[] };
  for (const row of rows) values[row.kind].push(row.digest);
  return { ...query, searchValues: values };
}
