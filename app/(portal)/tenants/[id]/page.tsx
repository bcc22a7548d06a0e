import type { Metadata } from 'next';
import Link from 'next/link';
import { TenantStatusBadge } from '@/components/tenants/tenant-status-badge';
import { TenantTimeline } from '@/components/tenants/tenant-timeline';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { Notice } from '@/components/ui/notice';
import { listTenantTimeline } from '@/lib/audit/list-tenant-timeline';
import { requireRole } from '@/lib/auth/session';
import { getTenantOrThrow } from '@/lib/tenants/get-tenant';
import { DATA_SOURCE_LABELS, TENANT_STATUS } from '@/lib/tenants/tenant-status';

type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await requireRole('ANALYST');
  const tenant = await getTenantOrThrow((await params).id);
  return { title: tenant.displayName };
}

export default async function TenantPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const session = await requireRole('ANALYST');
  const tenant = await getTenantOrThrow((await params).id);
  const timeline = await listTenantTimeline(tenant.entraTenantId);
  const query = await searchParams;

  return (
    <div className="space-y-6">
      <div>
        <Link href="/tenants" className="text-sm text-brand-700 underline">
          Customer tenants
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold break-words">{tenant.displayName}</h1>
          <TenantStatusBadge status={tenant.status} />
          {session.role === 'ADMIN' ? (
            <ButtonLink href={`/tenants/${tenant.id}/edit`} variant="secondary" className="ml-auto">
              Edit or remove
            </ButtonLink>
          ) : null}
        </div>
        <p className="mt-1 text-sm text-slate-700">Next: {TENANT_STATUS[tenant.status].nextAction}.</p>
      </div>
      {query.updated === '1' ? <Notice tone="success" title="Changes saved" /> : null}
      {query.registered === '1' ? (
        <Notice tone="success" title="Tenant registered">
          Microsoft Entra ID confirmed the tenant. Next, invite the customer&apos;s administrator to consent.
        </Notice>
      ) : null}
      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Tenant">
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-2">
            <dt className="text-slate-600">Tenant ID</dt>
            <dd className="font-mono break-all">{tenant.entraTenantId}</dd>
            <dt className="text-slate-600">Domain</dt>
            <dd className="break-all">{tenant.domain ?? '—'}</dd>
            <dt className="text-slate-600">Administrators</dt>
            <dd className="break-all">{tenant.adminEmails.length ? tenant.adminEmails.join(', ') : 'None given'}</dd>
            <dt className="text-slate-600">Registered</dt>
            <dd>
              <LocalTime value={tenant.createdAt} />
              {tenant.createdBy ? ` by ${tenant.createdBy.name}` : null}
            </dd>
            <dt className="text-slate-600">Last verified</dt>
            <dd>{tenant.lastVerifiedAt ? <LocalTime value={tenant.lastVerifiedAt} /> : 'Not yet'}</dd>
          </dl>
        </Card>
        <Card title="Defender data">
          <ul className="space-y-2">
            {tenant.dataSources.map((source) => (
              <li key={source}>
                {DATA_SOURCE_LABELS[source].label}
                <span className="block text-xs text-slate-600">Needs {DATA_SOURCE_LABELS[source].permission}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
      {tenant.notes ? (
        <Card title="Notes">
          <p className="whitespace-pre-wrap">{tenant.notes}</p>
        </Card>
      ) : null}
      <TenantTimeline events={timeline} />
    </div>
  );
}
