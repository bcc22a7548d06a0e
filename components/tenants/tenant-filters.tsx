import Link from 'next/link';
import { TenantStatus } from '@/lib/generated/prisma/enums';
import type { TenantListQuery } from '@/lib/tenants/list-tenants';
import { TENANT_STATUS } from '@/lib/tenants/tenant-status';

const SORT_LABELS: Record<TenantListQuery['sort'], string> = {
  name: 'Name',
  status: 'Status',
  newest: 'Newest first',
  verified: 'Last verified',
};

/** A plain GET form: filters live in the URL, so a view can be bookmarked and shared. */
export function TenantFilters({
  query,
  countsByStatus,
}: {
  query: TenantListQuery;
  countsByStatus: Partial<Record<TenantStatus, number>>;
}) {
  const total = Object.values(countsByStatus).reduce((sum, n) => sum + n, 0);
  return (
    <form method="get" action="/tenants" className="flex flex-wrap items-end gap-3 text-sm" role="search">
      <div className="min-w-0 grow sm:grow-0">
        <label htmlFor="tenant-search" className="block font-medium">
          Search
        </label>
        <input
          id="tenant-search"
          name="q"
          type="search"
          defaultValue={query.q ?? ''}
          placeholder="Name, domain or tenant ID"
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 sm:w-72"
        />
      </div>
      <div>
        <label htmlFor="tenant-status" className="block font-medium">
          Status
        </label>
        <select
          id="tenant-status"
          name="status"
          defaultValue={query.status ?? ''}
          className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2"
        >
          <option value="">All ({total})</option>
          {Object.values(TenantStatus).map((status) => (
            <option key={status} value={status}>
              {TENANT_STATUS[status].label} ({countsByStatus[status] ?? 0})
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="tenant-sort" className="block font-medium">
          Sort by
        </label>
        <select
          id="tenant-sort"
          name="sort"
          defaultValue={query.sort}
          className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2"
        >
          {Object.entries(SORT_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100">
        Apply
      </button>
      {query.q || query.status || query.sort !== 'name' ? (
        <Link href="/tenants" className="py-2 text-brand-700 underline">
          Clear
        </Link>
      ) : null}
    </form>
  );
}
