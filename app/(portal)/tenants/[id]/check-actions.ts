'use server';

import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { requireRole } from '@/lib/auth/session';
import { checkTenant } from '@/lib/consent/check-tenant';
import { GUID_PATTERN } from '@/lib/guid';
import { formText } from '@/lib/http/form-data';

/**
 * "Check now": verify a tenant with fresh tokens at once (after the legacy link, after the
 * customer changed permissions, or to see whether consent was revoked). Admins only.
 */
export async function checkTenantNowAction(form: FormData): Promise<void> {
  const session = await requireRole('ADMIN');
  const id = z.string().regex(GUID_PATTERN).safeParse(formText(form, 'id'));
  if (!id.success) notFound();
  const result = await checkTenant(id.data, {
    purpose: 'health',
    actor: { id: session.user.id, name: session.user.name },
    audit: 'always',
  });
  if (!result) notFound();
  redirect(`/tenants/${id.data}?checked=1`);
}
