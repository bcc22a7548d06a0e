'use server';

import { redirect } from 'next/navigation';
import { requireRole } from '@/lib/auth/session';
import { formText, formTexts } from '@/lib/http/form-data';
import { registerTenant } from '@/lib/tenants/register-tenant';
import { registerTenantInput } from '@/lib/tenants/tenant-input';

export type RegisterTenantFormState = {
  error: string | null;
  fieldErrors: Partial<Record<'tenant' | 'displayName' | 'adminEmails' | 'notes' | 'dataSources', string>>;
  existing: { id: string; displayName: string } | null;
  /** What was typed, so a refused form keeps it. */
  values: Record<string, string | string[]>;
};

export async function registerTenantAction(
  _previous: RegisterTenantFormState,
  form: FormData,
): Promise<RegisterTenantFormState> {
  const values = {
    tenant: formText(form, 'tenant'),
    displayName: formText(form, 'displayName'),
    adminEmails: formText(form, 'adminEmails'),
    notes: formText(form, 'notes'),
    dataSources: formTexts(form, 'dataSources'),
  };
  const parsed = registerTenantInput.safeParse(values);
  if (!parsed.success) {
    const fieldErrors: RegisterTenantFormState['fieldErrors'] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof RegisterTenantFormState['fieldErrors'];
      fieldErrors[field] ??= issue.message;
    }
    return { error: 'Check the highlighted fields.', fieldErrors, existing: null, values };
  }
  const session = await requireRole('ADMIN');
  const result = await registerTenant(parsed.data, { id: session.user.id, name: session.user.name });
  if (!result.ok) return { error: result.error, fieldErrors: {}, existing: result.existing ?? null, values };
  redirect(`/tenants/${result.tenant.id}?registered=1`);
}
