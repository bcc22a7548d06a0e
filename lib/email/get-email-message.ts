import 'server-only';
import { notFound } from 'next/navigation';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { isGuid } from '@/lib/guid';
import { openSealed } from '@/lib/security/seal';
import type { OutboxBody } from './send-invitation';

/**
 * One invitation email with its body when it waits in the outbox, or the not-found page. `body`
 * is null for emails sent through SMTP (not kept) and `unreadable` when the body was sealed under
 * another CANOPY_AUTH_SECRET.
 */
export async function getEmailMessageOrThrow(id: string) {
  if (!isGuid(id)) notFound();
  const message = await getDb().emailMessage.findUnique({
    where: { id },
    select: {
      id: true,
      createdAt: true,
      to: true,
      subject: true,
      status: true,
      serverResponse: true,
      sealedBody: true,
      createdBy: { select: { name: true } },
      tenant: { select: { id: true, displayName: true } },
    },
  });
  if (!message) notFound();
  const { sealedBody, ...rest } = message;
  if (!sealedBody) return { ...rest, body: null, unreadable: false };
  try {
    const body = JSON.parse(
      openSealed(sealedBody, { secret: getConfig().authSecret, purpose: 'outboxEmail', context: id }),
    ) as OutboxBody;
    return { ...rest, body, unreadable: false };
  } catch {
    return { ...rest, body: null, unreadable: true };
  }
}
