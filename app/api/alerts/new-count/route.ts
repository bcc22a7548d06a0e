import type { NextRequest } from 'next/server';
import { decodeAlertCursor, parseAlertListQuery } from '@/lib/alerts/alert-list-query';
import { countNewerAlerts } from '@/lib/alerts/list-alerts';
import { withTextSearch } from '@/lib/alerts/text-search';
import { jsonResponse, routeRole } from '@/lib/auth/route-role';
import { getDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

/**
 * `?<the alerts page's filters>&since=<cursor>`: how many alerts now sort above the newest one the
 * page showed (capped, see NEW_ALERTS_LIMIT), for the "N new alerts" banner.
 */
export async function GET(request: NextRequest) {
  const guard = await routeRole('ANALYST');
  if ('refused' in guard) return guard.refused;
  const params = request.nextUrl.searchParams;
  const db = getDb();
  const query = await withTextSearch(db, parseAlertListQuery(Object.fromEntries(params)));
  const since = decodeAlertCursor(params.get('since') ?? undefined, 'updated');
  return jsonResponse({ count: await countNewerAlerts(db, query, new Date(), since) });
}
