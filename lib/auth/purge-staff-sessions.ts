import 'server-only';
import { getDb } from '@/lib/db/client';

/**
 * Delete sessions that can never be used again (ended, or past their expiry). Their cookies are
 * already worthless; the rows only grow the table that every page view reads.
 */
export async function purgeStaffSessions(now: Date = new Date()): Promise<{ deleted: number }> {
  const { count } = await getDb().staffSession.deleteMany({
    where: { OR: [{ endedAt: { not: null } }, { expiresAt: { lte: now } }] },
  });
  return { deleted: count };
}
