import type { NextRequest } from 'next/server';
import { requireRole } from '@/lib/auth/session';
import { csvResponse } from '@/lib/http/csv-response';
import { searchParamsRecord } from '@/lib/http/search-params';
import { exportIncidentsCsv } from '@/lib/incidents/export-incidents-csv';
import { parseIncidentListQuery } from '@/lib/incidents/incident-list-query';

export const dynamic = 'force-dynamic';

/** The incidents under the same query string as /incidents (its filter; paging ignored), as CSV. */
export async function GET(request: NextRequest) {
  await requireRole('ANALYST');
  const query = parseIncidentListQuery(searchParamsRecord(request.nextUrl.searchParams));
  return csvResponse(exportIncidentsCsv(query), { name: 'incidents', now: new Date() });
}
