import 'server-only';
import { CUSTOMER_ADMIN } from '@/lib/audit/actors';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db/client';
import type { DataSource } from '@/lib/generated/prisma/enums';
import { hashSecretToken, looksLikeSecretToken } from '@/lib/security/secret-token';

export type InvitationLookup =
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' }
  | {
      ok: true;
      invitation: { id: string; expiresAt: Date; firstOpenedAt: Date | null };
      tenant: {
        id: string;
        entraTenantId: string;
        displayName: string;
        dataSources: DataSource[];
      };
    };

/** The invitation a link's token belongs to, if it still works. */
export async function findInvitation(token: string): Promise<InvitationLookup> {
  if (!looksLikeSecretToken(token)) return { ok: false, reason: 'unknown' };
  const invitation = await getDb().invitation.findUnique({
    where: { tokenHash: hashSecretToken(token) },
    select: {
      id: true,
      expiresAt: true,
      revokedAt: true,
      firstOpenedAt: true,
      tenant: { select: { id: true, entraTenantId: true, displayName: true, dataSources: true } },
    },
  });
  if (!invitation) return { ok: false, reason: 'unknown' };
  if (invitation.revokedAt) return { ok: false, reason: 'revoked' };
  if (invitation.expiresAt <= new Date()) return { ok: false, reason: 'expired' };
  const { tenant, ...rest } = invitation;
  return { ok: true, invitation: rest, tenant };
}

/**
 * The customer opened the invitation page. Every view updates "last opened"; the first also goes
 * to the audit log (link scanners in mail systems may be that first view).
 */
export async function recordInvitationOpened(found: Extract<InvitationLookup, { ok: true }>): Promise<void> {
  const now = new Date();
  await getDb().$transaction(async (tx) => {
    const first = await tx.invitation.updateMany({
      where: { id: found.invitation.id, firstOpenedAt: null },
      data: { firstOpenedAt: now, lastOpenedAt: now },
    });
    if (first.count === 0) {
      await tx.invitation.update({
        where: { id: found.invitation.id },
        data: { lastOpenedAt: now },
        select: { id: true },
      });
      return;
    }
    await recordAuditEvent(tx, {
      actor: CUSTOMER_ADMIN,
      action: 'invitation.opened',
      tenant: found.tenant,
      result: 'SUCCESS',
    });
  });
}
