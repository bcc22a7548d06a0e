import type { Metadata } from 'next';
import Link from 'next/link';
import { ImportTenantsForm } from '@/components/tenants/import-tenants-form';
import { TenantCsvHelp } from '@/components/tenants/tenant-csv-help';
import { requireRole } from '@/lib/auth/session';
import { TENANT_CSV_LIMITS } from '@/lib/tenants/tenant-csv';

export const metadata: Metadata = { title: 'Import customer tenants' };

export default async function ImportTenantsPage() {
  await requireRole('ADMIN');
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <Link href="/tenants" className="text-sm text-brand-700 underline">
          Customer tenants
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">Import customer tenants from CSV</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-700">
          Register many customers at once. Canopy looks each tenant up at Microsoft Entra ID, as it does for one, and
          registers the rows it can; every row gets its own result. Nothing is sent to the customers yet.
        </p>
      </div>
      <ImportTenantsForm maxBytes={TENANT_CSV_LIMITS.bytes} help={<TenantCsvHelp />} />
    </div>
  );
}
