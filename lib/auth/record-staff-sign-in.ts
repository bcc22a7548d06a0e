import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db/client';
import type { StaffIdentity } from './staff-claims';

/**
 * Upsert the staff member, end the session this browser held before (its role may be stale),
 * and open a new server-side session, in one transaction. Returns the new session's id, which
 * the cookie carries.
 */
export async function recordStaffSignIn(options: {
  identity: StaffIdentity;
  maxAgeSeconds: number;
  previousSessionId: string | null;
}): Promise<string> {
  const { identity, maxAgeSeconds, previousSessionId } = options;
  const now = new Date();
  return getDb().$transaction(async (tx) => {
    if (previousSessionId) {
      await tx.staffSession.updateMany({ where: { id: previousSessionId, endedAt: null }, data: { endedAt: now } });
    }
    const profile = {
      name: identity.name,
      email: identity.email,
      isGuest: identity.guestOf !== null,
      identityProvider: identity.guestOf,
    };
    const user = await tx.staffUser.upsert({
      where: { entraObjectId: identity.entraObjectId },
      create: { entraObjectId: identity.entraObjectId, ...profile },
      update: profile,
      select: { id: true },
    });
    const session = await tx.staffSession.create({
      data: {
        userId: user.id,
        role: identity.role,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + maxAgeSeconds * 1000),
      },
      select: { id: true },
    });
    await recordAuditEvent(tx, {
      actor: { id: user.id, name: identity.name },
      action: 'staff.signed-in',
      result: 'SUCCESS',
      detail: { role: identity.role, guestOf: identity.guestOf, replacedEarlierSession: previousSessionId !== null },
    });
    return session.id;
  });
}
