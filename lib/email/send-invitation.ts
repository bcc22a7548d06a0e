import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { createInvitation } from '@/lib/invitations/create-invitation';
import { invitationFacts } from '@/lib/invitations/invitation-facts';
import { sealText } from '@/lib/security/seal';
import type { Actor } from '@/lib/tenants/register-tenant';
import { composeInvitationMessage, type InvitationMessage } from './invitation-message';
import { deliverBySmtp } from './smtp-delivery';

export type SendInvitationResult =
  /** The SMTP server took the message; `response` is its reply. */
  | { outcome: 'sent'; to: string[]; response: string }
  /** No SMTP server is configured: the message waits in the outbox. */
  | { outcome: 'outbox'; to: string[]; emailId: string }
  /** The SMTP server refused it or could not be reached; the new link was withdrawn. */
  | { outcome: 'failed'; to: string[]; error: string }
  /** Nothing was created: no usable address. */
  | { outcome: 'refused'; error: string }
  | { outcome: 'not-found' };

/** The sealed outbox body: what an admin reads and copies on the outbox page. */
export type OutboxBody = InvitationMessage & { link: string };

const emailAddress = z.email();

/**
 * A new invitation for the tenant (earlier links stop working), emailed to its administrators or
 * to `to`. With SMTP configured it is sent at once and only the outcome is kept; without, it is
 * kept in the outbox, sealed, because it carries the link. Every attempt goes to the audit log.
 */
export async function sendInvitation(
  tenantId: string,
  actor: Actor,
  options: { to?: string[] } = {},
): Promise<SendInvitationResult> {
  const config = getConfig();
  const db = getDb();
  const tenant = await db.customerTenant.findUnique({
    where: { id: tenantId },
    select: { entraTenantId: true, displayName: true, adminEmails: true, dataSources: true },
  });
  if (!tenant) return { outcome: 'not-found' };
  const to = options.to ?? tenant.adminEmails;
  const refusal =
    to.length === 0
      ? `${tenant.displayName} has no administrator email address: add one (Edit), or create a link and send it yourself.`
      : to
          .filter((address) => !emailAddress.safeParse(address).success)
          .map((address) => `"${address}" is not an email address.`)[0];
  if (refusal) {
    await recordAuditEvent(db, {
      actor,
      action: 'invitation.sent',
      tenant,
      result: 'FAILURE',
      detail: { to, reason: refusal },
    });
    return { outcome: 'refused', error: refusal };
  }

  const invitation = await createInvitation(tenantId, actor);
  if (!invitation) return { outcome: 'not-found' };
  const message = composeInvitationMessage({
    facts: invitationFacts(config, tenant),
    url: invitation.url,
    expiresAt: invitation.expiresAt,
  });
  const email = { tenantId, invitationId: invitation.id, createdById: actor.id, to, subject: message.subject };

  if (!config.smtp) {
    const id = randomUUID();
    const body: OutboxBody = { ...message, link: invitation.url };
    await db.$transaction(async (tx) => {
      await tx.emailMessage.create({
        data: {
          ...email,
          id,
          status: 'OUTBOX',
          sealedBody: sealText(JSON.stringify(body), {
            secret: config.authSecret,
            purpose: 'outboxEmail',
            context: id,
          }),
        },
        select: { id: true },
      });
      await recordAuditEvent(tx, {
        actor,
        action: 'invitation.sent',
        tenant,
        result: 'SUCCESS',
        detail: { to, transport: 'outbox' },
      });
    });
    return { outcome: 'outbox', to, emailId: id };
  }

  const delivery = await deliverBySmtp(config.smtp, { to, ...message });
  const transport = { transport: 'smtp', host: config.smtp.host, responseCode: delivery.responseCode };
  await db.$transaction(async (tx) => {
    await tx.emailMessage.create({
      data: {
        ...email,
        status: delivery.ok ? 'ACCEPTED' : 'FAILED',
        serverResponse: delivery.ok ? delivery.response : delivery.error,
      },
      select: { id: true },
    });
    // Nobody has the link of an undelivered invitation: it should not look active.
    if (!delivery.ok)
      await tx.invitation.update({
        where: { id: invitation.id },
        data: { revokedAt: new Date() },
        select: { id: true },
      });
    await recordAuditEvent(tx, {
      actor,
      action: 'invitation.sent',
      tenant,
      result: delivery.ok ? 'SUCCESS' : 'FAILURE',
      detail: delivery.ok ? { to, ...transport } : { to, ...transport, error: delivery.error, linkWithdrawn: true },
    });
  });
  return delivery.ok
    ? { outcome: 'sent', to, response: delivery.response }
    : { outcome: 'failed', to, error: delivery.error };
}

/** Invitations for many tenants (bulk onboarding), one after the other, each with its own result. */
export async function sendInvitations(
  tenantIds: readonly string[],
  actor: Actor,
): Promise<{ tenantId: string; result: SendInvitationResult }[]> {
  const results: { tenantId: string; result: SendInvitationResult }[] = [];
  for (const tenantId of new Set(tenantIds)) results.push({ tenantId, result: await sendInvitation(tenantId, actor) });
  return results;
}
