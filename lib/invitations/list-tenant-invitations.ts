import 'server-only';
import { getDb } from '@/lib/db/client';

/** How many of a tenant's latest invitations and emails its page shows. */
const SHOWN = 20;

export type InvitationState = 'active' | 'revoked' | 'expired';

/** A tenant's latest invitations (never their tokens) and the emails that carried them, newest first. */
export async function listTenantInvitations(tenantId: string) {
  const db = getDb();
  const [invitations, emails] = await Promise.all([
    db.invitation.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: SHOWN,
      select: {
        id: true,
        createdAt: true,
        expiresAt: true,
        revokedAt: true,
        firstOpenedAt: true,
        lastOpenedAt: true,
        createdBy: { select: { name: true } },
      },
    }),
    db.emailMessage.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: SHOWN,
      select: {
        id: true,
        createdAt: true,
        to: true,
        status: true,
        serverResponse: true,
        createdBy: { select: { name: true } },
      },
    }),
  ]);
  const now = new Date();
  return {
    invitations: invitations.map((invitation) => ({
      ...invitation,
      state: invitationState(invitation, now),
    })),
    emails,
  };
}

function invitationState(invitation: { revokedAt: Date | null; expiresAt: Date }, now: Date): InvitationState {
  if (invitation.revokedAt) return 'revoked';
  return invitation.expiresAt <= now ? 'expired' : 'active';
}
