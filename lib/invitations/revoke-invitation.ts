import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db/client';
import type { Actor } from '@/lib/tenants/register-tenant';

/** An admin withdraws an invitation: its link stops working at once, unused states with it. */
export async function revokeInvitation(invitationId: string, actor: Actor): Promise<{ ok: boolean }> {
  return getDb().$transaction(async (tx) => {
    const now = new Date();
    const invitation = await tx.invitation.findUnique({
      where: { id: invitationId },
      select: { revokedAt: true, tenant: { select: { entraTenantId: true, displayName: true } } },
    });
    if (!invitation) return { ok: false };
    if (invitation.revokedAt) return { ok: true };
    await tx.invitation.update({ where: { id: invitationId }, data: { revokedAt: now }, select: { id: true } });
    await tx.consentRequest.updateMany({
      where: { invitationId, consumedAt: null, supersededAt: null },
      data: { supersededAt: now },
    });
    await recordAuditEvent(tx, { actor, action: 'invitation.revoked', tenant: invitation.tenant, result: 'SUCCESS' });
    return { ok: true };
  });
}
