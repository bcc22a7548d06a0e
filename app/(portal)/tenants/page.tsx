import type { Metadata } from 'next';
import { ButtonLink } from '@/components/ui/button';
import { TenantFilters } from '@/components/tenants/tenant-filters';
import { TenantList } from '@/components/tenants/tenant-list';
import { TenantOverview } from '@/components/tenants/tenant-overview';
import { TenantsEmptyState } from '@/components/tenants/tenants-empty-state';
import { Notice } from '@/components/ui/notice';
import { Pagination } from '@/components/ui/pagination';
import { requireRole } from '@/lib/auth/session';
import { listTenants, tenantListQuery } from '@/lib/tenants/list-tenants';
import { summarizeTenants } from '@/lib/tenants/tenant-summary';
import { firstValue } from '@/lib/http/search-params';

export const metadata: Metadata = { title: 'Customer tenants' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TenantsPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requireRole('ANALYST');
  const raw = await searchParams;
  const query = tenantListQuery.parse({
    status: firstValue(raw.status),
    q: firstValue(raw.q),
    sort: firstValue(raw.sort),
    page: firstValue(raw.page),
  });
  const [result, summary] = await Promise.all([listTenants(query), summarizeTenants()]);
  const isAdmin = session.role === 'ADMIN';

  const removed =
    firstValue(raw.removed) === '1' ? (
      <Notice tone="success" title="Tenant removed">
        Its history stays in the audit log.
      </Notice>
    ) : null;
  if (result.registeredCount === 0)
    return (
      <>
        {removed}
        <TenantsEmptyState isAdmin={isAdmin} />
      </>
    );

  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.q) params.set('q', query.q);
  if (query.sort !== 'name') params.set('sort', query.sort);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Customer tenants</h1>
        {isAdmin ? (
          <div className="flex flex-wrap gap-3">
            <ButtonLink href="/tenants/import" variant="secondary">
              Import from CSV
            </ButtonLink>
            <ButtonLink href="/tenants/new">Register a tenant</ButtonLink>
          </div>
        ) : null}
      </div>
      {removed}
      <TenantOverview summary={summary} />
      <TenantFilters query={query} countsByStatus={result.countsByStatus} />
      <TenantList rows={result.rows} />
      <Pagination
        page={Math.min(query.page, result.pageCount)}
        pageCount={result.pageCount}
        basePath="/tenants"
        params={params}
      />
    </div>
  );
}
