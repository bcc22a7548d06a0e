import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import type { TenantStatus } from '@/lib/generated/prisma/enums';
import { hashSecretToken, newSecretToken } from '@/lib/security/secret-token';
import type { Actor } from '@/lib/tenants/register-tenant';

export type CreatedInvitation = {
  id: string;
  url: string;
  expiresAt: Date;
  tenant: { id: string; displayName: string };
};

/** A tenant that is, or is becoming, connected keeps its status when a new invitation goes out. */
const KEEPS_STATUS: ReadonlySet<TenantStatus> = new Set(['CONSENTED', 'CONNECTED', 'MISSING_PERMISSIONS']);

/**
 * A new admin-consent invitation for a tenant. The link's token exists only in the returned URL
 * (the database keeps its hash), so the caller sends or shows it once. Earlier invitations of the
 * tenant are revoked in the same transaction: only the newest link works.
 */
export async function createInvitation(tenantId: string, actor: Actor): Promise<CreatedInvitation | null> {
  const config = getConfig();
  const token = newSecretToken();
  const expiresAt = new Date(Date.now() + config.onboarding.invitationLifetimeDays * 24 * 3600 * 1000);
  return getDb().$transaction(async (tx) => {
    const tenant = await tx.customerTenant.findUnique({
      where: { id: tenantId },
      select: { id: true, entraTenantId: true, displayName: true, status: true },
    });
    if (!tenant) return null;
    const revoked = await tx.invitation.updateMany({
      where: { tenantId, revokedAt: null, expiresAt: { gt: new Date() } },
      data: { revokedAt: new Date() },
    });
    const invitation = await tx.invitation.create({
      data: { tenantId, tokenHash: hashSecretToken(token), expiresAt, createdById: actor.id },
      select: { id: true },
    });
    if (!KEEPS_STATUS.has(tenant.status))
      await tx.customerTenant.update({
        where: { id: tenantId },
        data: { status: 'INVITED', statusChangedAt: new Date() },
        select: { id: true },
      });
    await recordAuditEvent(tx, {
      actor,
      action: 'invitation.created',
      tenant,
      result: 'SUCCESS',
      detail: { expiresAt: expiresAt.toISOString(), revokedEarlier: revoked.count },
    });
    return {
      id: invitation.id,
      url: `${config.publicUrl}/invite/${token}`,
      expiresAt,
      tenant: { id: tenant.id, displayName: tenant.displayName },
    };
  });
}
