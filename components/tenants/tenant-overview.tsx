import Link from 'next/link';
import { TenantStatusBadge } from '@/components/tenants/tenant-status-badge';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import type { TenantStatus } from '@/lib/generated/prisma/enums';
import type { summarizeTenants } from '@/lib/tenants/tenant-summary';
import { TENANT_STATUS } from '@/lib/tenants/tenant-status';

type Summary = Awaited<ReturnType<typeof summarizeTenants>>;

/** Where onboarding stands: tenants per status (each a filtered list) and who needs attention. */
export function TenantOverview({ summary }: { summary: Summary }) {
  const statuses = (Object.keys(TENANT_STATUS) as TenantStatus[]).filter((s) => summary.counts.has(s));
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <Card title={`Customer tenants (${summary.total})`}>
        <ul className="space-y-2">
          {statuses.map((status) => (
            <li key={status} className="flex items-center justify-between gap-3">
              <Link href={`/tenants?status=${status}`} className="text-brand-700 underline">
                {TENANT_STATUS[status].label}
              </Link>
              <span className="font-semibold tabular-nums">{summary.counts.get(status)}</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Needs attention">
        {summary.attention.length === 0 ? (
          <p>Nothing: no tenant is declined, failed, revoked or missing permissions.</p>
        ) : (
          <ul className="space-y-3">
            {summary.attention.map((tenant) => (
              <li key={tenant.id}>
                <div className="flex flex-wrap items-center gap-2">
                  <Link href={`/tenants/${tenant.id}`} className="font-medium wrap-anywhere text-brand-700 underline">
                    {tenant.displayName}
                  </Link>
                  <TenantStatusBadge status={tenant.status} />
                </div>
                <p className="text-xs text-slate-600">
                  {TENANT_STATUS[tenant.status].nextAction}. Since <LocalTime value={tenant.statusChangedAt} />
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
