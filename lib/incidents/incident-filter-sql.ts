import 'server-only';
import { likePattern } from '@/lib/db/like-pattern';
import { Prisma } from '@/lib/generated/prisma/client';
import { spellings, type IncidentListQuery } from './incident-list-query';

/**
 * The conditions of the incidents list's filters on `incident i`, one row per incident (the primary
 * of its sources): shared by the list and the CSV export. `= ANY` of both spellings keeps the
 * severity and status indexes usable, unlike a lower().
 */
export function incidentFilterSql(query: IncidentListQuery): Prisma.Sql[] {
  const filters: Prisma.Sql[] = [Prisma.sql`i.is_primary`];
  if (query.tenant) filters.push(Prisma.sql`i.tenant_id = ${query.tenant}::uuid`);
  if (query.severity) filters.push(Prisma.sql`i.severity = ANY(${spellings(query.severity)}::text[])`);
  if (query.status) filters.push(Prisma.sql`i.status = ANY(${spellings(query.status)}::text[])`);
  if (query.q) filters.push(Prisma.sql`i.name ILIKE ${likePattern(query.q)}`);
  return filters;
}
