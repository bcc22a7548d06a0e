import 'server-only';
import { getDb } from '@/lib/db/client';

/**
 * Mark a session ended; the cookie is then worthless even if it was copied. Throws when the
 * database cannot record it, so callers can refuse to pretend the sign-out worked.
 */
export async function endStaffSession(sessionId: string): Promise<void> {
  await getDb().staffSession.updateMany({
    where: { id: sessionId, endedAt: null },
    data: { endedAt: new Date() },
  });
}
