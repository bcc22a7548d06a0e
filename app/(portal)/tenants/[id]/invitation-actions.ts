'use server';

import { revalidatePath } from 'next/cache';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { requireRole } from '@/lib/auth/session';
import { sendInvitation, type SendInvitationResult } from '@/lib/email/send-invitation';
import { GUID_PATTERN } from '@/lib/guid';
import { formText } from '@/lib/http/form-data';
import { createInvitation } from '@/lib/invitations/create-invitation';
import { revokeInvitation } from '@/lib/invitations/revoke-invitation';

const tenantInput = z.object({ tenantId: z.string().regex(GUID_PATTERN) });
const revokeInput = tenantInput.extend({ invitationId: z.string().regex(GUID_PATTERN) });

export type SendInvitationState = Exclude<SendInvitationResult, { outcome: 'not-found' }> | null;

/** Admins email a new invitation to the tenant's administrators (or to the outbox without SMTP). */
export async function sendInvitationAction(
  _previous: SendInvitationState,
  form: FormData,
): Promise<SendInvitationState> {
  const parsed = tenantInput.safeParse({ tenantId: formText(form, 'tenantId') });
  if (!parsed.success) notFound();
  const session = await requireRole('ADMIN');
  const result = await sendInvitation(parsed.data.tenantId, { id: session.user.id, name: session.user.name });
  if (result.outcome === 'not-found') notFound();
  revalidatePath(`/tenants/${parsed.data.tenantId}`);
  return result;
}

/** The link itself exists only in this answer: the database keeps its hash. */
export type CreateLinkState = { url: string; expiresAt: string } | null;

export async function createInvitationLinkAction(_previous: CreateLinkState, form: FormData): Promise<CreateLinkState> {
  const parsed = tenantInput.safeParse({ tenantId: formText(form, 'tenantId') });
  if (!parsed.success) notFound();
  const session = await requireRole('ADMIN');
  const invitation = await createInvitation(parsed.data.tenantId, { id: session.user.id, name: session.user.name });
  if (!invitation) notFound();
  revalidatePath(`/tenants/${parsed.data.tenantId}`);
  return { url: invitation.url, expiresAt: invitation.expiresAt.toISOString() };
}

export type RevokeInvitationState = { ok: boolean } | null;

export async function revokeInvitationAction(
  _previous: RevokeInvitationState,
  form: FormData,
): Promise<RevokeInvitationState> {
  const parsed = revokeInput.safeParse({
    tenantId: formText(form, 'tenantId'),
    invitationId: formText(form, 'invitationId'),
  });
  if (!parsed.success) notFound();
  const session = await requireRole('ADMIN');
  const { ok } = await revokeInvitation(parsed.data.invitationId, { id: session.user.id, name: session.user.name });
  if (!ok) notFound();
  revalidatePath(`/tenants/${parsed.data.tenantId}`);
  return { ok };
}
