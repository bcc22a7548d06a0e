'use server';

import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { requireRole } from '@/lib/auth/session';
import { GUID_PATTERN } from '@/lib/guid';
import { formText, formTexts } from '@/lib/http/form-data';
import { registerTenant } from '@/lib/tenants/register-tenant';
import { removeTenant } from '@/lib/tenants/remove-tenant';
import { registerTenantInput, tenantDetails } from '@/lib/tenants/tenant-input';
import { updateTenant } from '@/lib/tenants/update-tenant';

export type TenantFormField = 'tenant' | 'displayName' | 'adminEmails' | 'notes' | 'dataSources';

export type TenantFormState = {
  error: string | null;
  fieldErrors: Partial<Record<TenantFormField, string>>;
  existing: { id: string; displayName: string } | null;
  /** What was typed, so a refused form keeps it. */
  values: Record<string, string | string[]>;
};

function readTenantForm(form: FormData) {
  return {
    tenant: formText(form, 'tenant'),
    displayName: formText(form, 'displayName'),
    adminEmails: formText(form, 'adminEmails'),
    notes: formText(form, 'notes'),
    dataSources: formTexts(form, 'dataSources'),
  };
}

function invalid(error: z.ZodError, values: TenantFormState['values']): TenantFormState {
  const fieldErrors: TenantFormState['fieldErrors'] = {};
  for (const issue of error.issues) fieldErrors[issue.path[0] as TenantFormField] ??= issue.message;
  return { error: 'Check the highlighted fields.', fieldErrors, existing: null, values };
}

export async function registerTenantAction(_previous: TenantFormState, form: FormData): Promise<TenantFormState> {
  // Authorize first: an analyst's forged request learns nothing, not even what is invalid.
  const session = await requireRole('ADMIN');
  const values = readTenantForm(form);
  const parsed = registerTenantInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const result = await registerTenant(parsed.data, { id: session.user.id, name: session.user.name });
  if (!result.ok) return { error: result.error, fieldErrors: {}, existing: result.existing ?? null, values };
  redirect(`/tenants/${result.tenant.id}?registered=1`);
}

const tenantId = z.string().regex(GUID_PATTERN);

export async function updateTenantAction(_previous: TenantFormState, form: FormData): Promise<TenantFormState> {
  const session = await requireRole('ADMIN');
  const values = readTenantForm(form);
  const id = tenantId.safeParse(formText(form, 'id'));
  const parsed = tenantDetails.safeParse(values);
  if (!id.success) notFound();
  if (!parsed.success) return invalid(parsed.error, values);
  const { ok } = await updateTenant(id.data, parsed.data, { id: session.user.id, name: session.user.name });
  if (!ok) notFound();
  redirect(`/tenants/${id.data}?updated=1`);
}

export async function removeTenantAction(form: FormData): Promise<void> {
  const session = await requireRole('ADMIN');
  const id = tenantId.safeParse(formText(form, 'id'));
  if (!id.success) notFound();
  const { ok } = await removeTenant(id.data, { id: session.user.id, name: session.user.name });
  if (!ok) notFound();
  redirect('/tenants?removed=1');
}
