import type { Metadata } from 'next';
import Link from 'next/link';
import { SyncNowButton } from '@/components/alerts/sync-now-button';
import { CheckNowForm } from '@/components/tenants/check-now-form';
import { InvitationPanel } from '@/components/tenants/invitation-panel';
import { ManualConsentCard } from '@/components/tenants/manual-consent-card';
import { TenantPermissions } from '@/components/tenants/tenant-permissions';
import { TenantProblem } from '@/components/tenants/tenant-problem';
import { TenantStatusBadge } from '@/components/tenants/tenant-status-badge';
import { TenantTimeline } from '@/components/tenants/tenant-timeline';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { Notice } from '@/components/ui/notice';
import { listTenantTimeline } from '@/lib/audit/list-tenant-timeline';
import { requireRole } from '@/lib/auth/session';
import { getConfig } from '@/lib/config';
import { legacyConsentUrl } from '@/lib/consent/consent-urls';
import { requiredPermissions } from '@/lib/consent/required-permissions';
import { getTenantOrThrow } from '@/lib/tenants/get-tenant';
import { readPermissions, readProblem } from '@/lib/tenants/tenant-health-view';
import { TENANT_STATUS } from '@/lib/tenants/tenant-status';

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
  const config = getConfig();
  const isAdmin = session.role === 'ADMIN';
  const problem = readProblem(tenant.lastError);

  return (
    <div className="space-y-6">
      <div>
        <Link href="/tenants" className="text-sm text-brand-700 underline">
          Customer tenants
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="min-w-0 text-2xl font-semibold wrap-anywhere">{tenant.displayName}</h1>
          <TenantStatusBadge status={tenant.status} />
          {isAdmin ? (
            <div className="flex flex-wrap gap-3 sm:ml-auto">
              <CheckNowForm tenantId={tenant.id} />
              <ButtonLink href={`/tenants/${tenant.id}/edit`} variant="secondary">
                Edit or remove
              </ButtonLink>
            </div>
          ) : null}
        </div>
        <p className="mt-1 text-sm text-slate-700">
          Next: {TENANT_STATUS[tenant.status].nextAction}. Status since <LocalTime value={tenant.statusChangedAt} />
          {tenant.revokedAt ? (
            <>
              ; revocation detected <LocalTime value={tenant.revokedAt} />
            </>
          ) : null}
          .
        </p>
      </div>
      {(tenant.status === 'CONNECTED' || tenant.status === 'MISSING_PERMISSIONS') &&
      tenant.dataSources.includes('MDE_ALERTS') ? (
        <section aria-label="Alerts" className="flex flex-wrap items-center gap-3 text-sm">
          <Link href={`/alerts?tenant=${tenant.id}`} className="text-brand-700 underline">
            Its alerts
          </Link>
          <SyncNowButton tenantId={tenant.id} tenantName={tenant.displayName} />
        </section>
      ) : null}
      {query.checked === '1' ? (
        <Notice tone="success" title="Checked with Microsoft">
          Canopy asked Microsoft for fresh tokens; the status and permissions below are the result.
        </Notice>
      ) : null}
      {problem && tenant.status !== 'CONNECTED' ? <TenantProblem problem={problem} /> : null}
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
            <dt className="text-slate-600">Last checked</dt>
            <dd>{tenant.lastVerifiedAt ? <LocalTime value={tenant.lastVerifiedAt} /> : 'Not yet'}</dd>
          </dl>
        </Card>
        <TenantPermissions
          required={requiredPermissions(tenant.dataSources, config.endpoints)}
          checked={readPermissions(tenant.permissions)}
        />
      </div>
      {tenant.notes ? (
        <Card title="Notes">
          <p className="whitespace-pre-wrap">{tenant.notes}</p>
        </Card>
      ) : null}
      <InvitationPanel tenantId={tenant.id} />
      {isAdmin && tenant.status !== 'CONNECTED' ? <ManualConsentCard legacyUrl={legacyConsentUrl(config)} /> : null}
      <TenantTimeline events={timeline} />
    </div>
  );
}
