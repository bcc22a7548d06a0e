import type { NextRequest } from 'next/server';
import { parseAlertListQuery } from '@/lib/alerts/alert-list-query';
import { exportAlertsCsv } from '@/lib/alerts/export-alerts-csv';
import { withTextSearch } from '@/lib/alerts/text-search';
import { requireRole } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { csvResponse } from '@/lib/http/csv-response';
import { searchParamsRecord } from '@/lib/http/search-params';

export const dynamic = 'force-dynamic';

/** The alerts under the same query string as /alerts (its filter; paging ignored), as CSV. */
export async function GET(request: NextRequest) {
  await requireRole('ANALYST');
  const query = await withTextSearch(getDb(), parseAlertListQuery(searchParamsRecord(request.nextUrl.searchParams)));
  return csvResponse(exportAlertsCsv(query), { name: 'alerts', now: new Date() });
}
