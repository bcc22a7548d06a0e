import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db/client';

/**
 * Mark a session ended, with its audit row; the cookie is then worthless even if it was copied.
 * Throws when the database cannot record it, so callers can refuse to pretend it worked.
 * `by` is the admin ending someone's session; without it, the session's own user signed out.
 */
export async function endStaffSession(sessionId: string, by?: { id: string; name: string }): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const session = await tx.staffSession.findFirst({
      where: { id: sessionId, endedAt: null },
      select: { user: { select: { id: true, name: true } } },
    });
    if (!session) return;
    await tx.staffSession.update({ where: { id: sessionId }, data: { endedAt: new Date() }, select: { id: true } });
    await recordAuditEvent(tx, {
      actor: by ?? session.user,
      action: by ? 'staff.session-ended' : 'staff.signed-out',
      result: 'SUCCESS',
      detail: by ? { sessionOf: session.user.name } : {},
    });
  });
}
