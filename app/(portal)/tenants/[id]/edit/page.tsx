import type { Metadata } from 'next';
import Link from 'next/link';
import { EditTenantForm } from '@/components/tenants/edit-tenant-form';
import { RemoveTenantButton } from '@/components/tenants/remove-tenant-button';
import { requireRole } from '@/lib/auth/session';
import { getTenantOrThrow } from '@/lib/tenants/get-tenant';

export const metadata: Metadata = { title: 'Edit tenant' };

export default async function EditTenantPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('ADMIN');
  const tenant = await getTenantOrThrow((await params).id);
  return (
    <div className="max-w-2xl space-y-6">
      <div>
        <Link href={`/tenants/${tenant.id}`} className="text-sm text-brand-700 underline">
          {tenant.displayName}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">Edit tenant</h1>
        <p className="mt-1 text-sm text-slate-700">
          Tenant ID <span className="font-mono break-all">{tenant.entraTenantId}</span> cannot change: register the
          other tenant instead.
        </p>
      </div>
      <EditTenantForm
        id={tenant.id}
        initial={{
          displayName: tenant.displayName,
          adminEmails: tenant.adminEmails.join(', '),
          notes: tenant.notes,
          dataSources: tenant.dataSources,
        }}
      />
      <section aria-labelledby="remove" className="space-y-2 rounded-lg border border-red-200 bg-white p-6">
        <h2 id="remove" className="text-lg font-semibold">
          Remove this tenant
        </h2>
        <p className="text-sm text-slate-700">
          Canopy stops using it. Its history stays in the audit log. The consent in the customer&apos;s directory stays
          until their administrator removes the Canopy enterprise application there.
        </p>
        <RemoveTenantButton id={tenant.id} name={tenant.displayName} />
      </section>
    </div>
  );
}
