import Link from 'next/link';
import { LocalTime } from '@/components/ui/local-time';
import type { TenantListRow } from '@/lib/tenants/list-tenants';
import { TENANT_STATUS } from '@/lib/tenants/tenant-status';
import { TenantStatusBadge } from './tenant-status-badge';

/** One card per tenant: reads on a phone as well as a table does on a desktop. */
export function TenantList({ rows }: { rows: TenantListRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-700">No tenant matches this filter.</p>;
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Customer tenants">
      {rows.map((tenant) => (
        <li
          key={tenant.id}
          data-testid="tenant-row"
          className="grid gap-1 px-4 py-3 sm:grid-cols-[minmax(0,2fr)_auto_minmax(0,2fr)_auto] sm:items-center sm:gap-4"
        >
          <div className="min-w-0">
            <Link
              href={`/tenants/${tenant.id}`}
              className="font-medium text-brand-700 underline-offset-2 hover:underline"
            >
              {tenant.displayName}
            </Link>
            <div className="truncate font-mono text-xs text-slate-600">
              {tenant.domain && tenant.domain !== tenant.displayName ? tenant.domain : tenant.entraTenantId}
            </div>
          </div>
          <TenantStatusBadge status={tenant.status} />
          <p className="text-sm text-slate-700">{TENANT_STATUS[tenant.status].nextAction}</p>
          <p className="text-xs text-slate-600">
            {tenant.lastVerifiedAt ? (
              <>
                Checked with Microsoft <LocalTime value={tenant.lastVerifiedAt} />
              </>
            ) : (
              'Not checked with Microsoft yet'
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}
