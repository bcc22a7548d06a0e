'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireRole } from '@/lib/auth/session';
import { sendInvitations, type SendInvitationResult } from '@/lib/email/send-invitation';
import { GUID_PATTERN } from '@/lib/guid';
import { formText, formTexts } from '@/lib/http/form-data';
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

export type InviteImportedState = {
  results: { tenantId: string; result: SendInvitationResult }[];
  error: string | null;
};

const tenantIds = z.array(z.string().regex(GUID_PATTERN)).min(1, 'Choose at least one tenant').max(500);

/** "Send invitations" after an import: one invitation email (or outbox message) per chosen tenant. */
export async function inviteImportedAction(
  _previous: InviteImportedState,
  form: FormData,
): Promise<InviteImportedState> {
  const session = await requireRole('ADMIN');
  const parsed = tenantIds.safeParse(formTexts(form, 'tenantId'));
  if (!parsed.success) return { results: [], error: parsed.error.issues[0]!.message };
  const results = await sendInvitations(parsed.data, { id: session.user.id, name: session.user.name });
  revalidatePath('/tenants');
  return { results, error: null };
}
