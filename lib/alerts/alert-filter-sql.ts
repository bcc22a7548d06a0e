import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';
import { likePattern } from '@/lib/db/like-pattern';
import type { AlertListQuery } from './alert-list-query';

/**
 * The conditions of the alerts list's filters on `alert a`, one row per detection: shared by the
 * list and the CSV export, so an export holds exactly the rows the list shows under that filter.
 * Paging is the caller's.
 */
export function alertFilterSql(query: AlertListQuery): Prisma.Sql[] {
  // The other sources' copies of a detection are listed on its detail page.
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
