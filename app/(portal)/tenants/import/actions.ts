'use server';

import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/session';
import { formText } from '@/lib/http/form-data';
import { importTenants, type ImportTenantsResult } from '@/lib/tenants/import-tenants';

export type ImportTenantsState = { result: ImportTenantsResult | null };

/**
 * Registers every tenant of a pasted or uploaded CSV (the page reads a chosen file into the text
 * box). Authorized before the text is even parsed: only admins may cause a single discovery request.
 */
export async function importTenantsAction(_previous: ImportTenantsState, form: FormData): Promise<ImportTenantsState> {
  const session = await requireRole('ADMIN');
  const result = await importTenants(formText(form, 'csv'), { id: session.user.id, name: session.user.name });
  if (result.ok && result.counts.registered > 0) revalidatePath('/tenants');
  return { result };
}
