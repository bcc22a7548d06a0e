import { FilterBar, FilterSelect } from '@/components/ui/filter-bar';
import { TenantStatus } from '@/lib/generated/prisma/enums';
import type { TenantListQuery } from '@/lib/tenants/list-tenants';
import { TENANT_STATUS } from '@/lib/tenants/tenant-status';

const SORT_LABELS: Record<TenantListQuery['sort'], string> = {
  name: 'Name',
  status: 'Status',
  newest: 'Newest first',
  verified: 'Last checked',
};

export function TenantFilters({
  query,
  countsByStatus,
}: {
  query: TenantListQuery;
  countsByStatus: Partial<Record<TenantStatus, number>>;
}) {
  const total = Object.values(countsByStatus).reduce((sum, n) => sum + n, 0);
  return (
    <FilterBar
      action="/tenants"
      search={{ id: 'tenant-search', value: query.q, placeholder: 'Name, domain or tenant ID' }}
      active={Boolean(query.q || query.status || query.sort !== 'name')}
    >
      <FilterSelect
        id="tenant-status"
        name="status"
        label="Status"
        value={query.status ?? ''}
        options={Object.values(TenantStatus).map(
          (status) => [status, `${TENANT_STATUS[status].label} (${countsByStatus[status] ?? 0})`] as const,
        )}
      >
        <option value="">All ({total})</option>
      </FilterSelect>
      <FilterSelect
        id="tenant-sort"
        name="sort"
        label="Sort by"
        value={query.sort}
        options={Object.entries(SORT_LABELS)}
      />
    </FilterBar>
  );
}
