import 'server-only';
import { CUSTOMER_ADMIN } from '@/lib/audit/actors';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { findInvitation, type InvitationLookup } from '@/lib/invitations/find-invitation';
import { hashSecretToken, newSecretToken } from '@/lib/security/secret-token';
import { adminConsentUrl } from './consent-urls';

/**
 * "Continue to Microsoft": a new single-use `state` bound to the invitation and its tenant
 * (earlier unused states of the invitation are superseded), and the admin-consent URL carrying
 * it. The state exists only in that URL; the database keeps its hash.
 */
export async function startConsent(
  invitationToken: string,
): Promise<{ ok: true; url: string } | Extract<InvitationLookup, { ok: false }>> {
  const found = await findInvitation(invitationToken);
  if (!found.ok) return found;
  const config = getConfig();
  const state = newSecretToken();
  const now = new Date();
  await getDb().$transaction(async (tx) => {
    await tx.consentRequest.updateMany({
      where: { invitationId: found.invitation.id, consumedAt: null, supersededAt: null },
      data: { supersededAt: now },
    });
    await tx.consentRequest.create({
      data: {
        invitationId: found.invitation.id,
        tenantId: found.tenant.id,
        stateHash: hashSecretToken(state),
        expiresAt: new Date(now.getTime() + config.onboarding.consentStateLifetimeMinutes * 60 * 1000),
      },
      select: { id: true },
    });
    await recordAuditEvent(tx, {
      actor: CUSTOMER_ADMIN,
      action: 'consent.started',
      tenant: found.tenant,
      result: 'SUCCESS',
    });
  });
  return {
    ok: true,
    url: adminConsentUrl(config, {
      tenantId: found.tenant.entraTenantId,
      dataSources: found.tenant.dataSources,
      state,
    }),
  };
}
