import type { Metadata } from 'next';
import { AuditFilters } from '@/components/audit/audit-filters';
import { AuditTable } from '@/components/audit/audit-table';
import { Pagination } from '@/components/ui/pagination';
import { auditQuery, listAuditEvents } from '@/lib/audit/list-audit-events';
import { requireRole } from '@/lib/auth/session';
import { firstValue } from '@/lib/http/search-params';

export const metadata: Metadata = { title: 'Audit log' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requireRole('ADMIN');
  const raw = await searchParams;
  const query = auditQuery.parse({ q: firstValue(raw.q), result: firstValue(raw.result), page: firstValue(raw.page) });
  const { events, total, pageCount } = await listAuditEvents(query);
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.result) params.set('result', query.result);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="mt-1 text-sm text-slate-700">
          Every staff action and security event, newest first ({total}). The database keeps it append-only: no one can
          change or delete an entry.
        </p>
      </div>
      <AuditFilters query={query} />
      <AuditTable events={events} />
      <Pagination page={Math.min(query.page, pageCount)} pageCount={pageCount} basePath="/audit" params={params} />
    </div>
  );
}
