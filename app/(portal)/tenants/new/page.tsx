import type { Metadata } from 'next';
import Link from 'next/link';
import { RegisterTenantForm } from '@/components/tenants/register-tenant-form';
import { requireRole } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Register a customer tenant' };

export default async function NewTenantPage() {
  await requireRole('ADMIN');
  return (
    <div className="max-w-2xl space-y-6">
      <div>
        <Link href="/tenants" className="text-sm text-brand-700 underline">
          Customer tenants
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">Register a customer tenant</h1>
        <p className="mt-1 text-sm text-slate-700">
          Canopy looks the tenant up at Microsoft Entra ID to confirm it exists and to record its tenant ID. Nothing is
          sent to the customer yet: you invite their administrator to consent next.
        </p>
      </div>
      <RegisterTenantForm />
    </div>
  );
}
