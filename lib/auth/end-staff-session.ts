import 'server-only';
import { getDb } from '@/lib/db/client';

/** Mark a session ended; the cookie is then worthless even if it was copied before sign-out. */
export async function endStaffSession(sessionId: string): Promise<void> {
  await getDb().staffSession.updateMany({
    where: { id: sessionId, endedAt: null },
    data: { endedAt: new Date() },
  });
}
