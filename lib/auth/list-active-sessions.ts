import 'server-only';
import { getDb } from '@/lib/db/client';
import type { StaffRole } from './roles';

export type ActiveSessionRow = {
  id: string;
  user: { name: string; email: string | null; isGuest: boolean };
  role: StaffRole | null;
  signedInAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
};

export const ACTIVE_SESSIONS_PAGE_SIZE = 25;

/** Live staff sessions (not ended, not expired), most recently seen first, one page at a time. */
export async function listActiveSessions(options: {
  page: number;
  now?: Date;
}): Promise<{ rows: ActiveSessionRow[]; total: number; pageCount: number }> {
  const where = { endedAt: null, expiresAt: { gt: options.now ?? new Date() } };
  const db = getDb();
  const [total, sessions] = await db.$transaction([
    db.staffSession.count({ where }),
    db.staffSession.findMany({
      where,
      orderBy: [{ lastSeenAt: 'desc' }, { id: 'asc' }],
      skip: (options.page - 1) * ACTIVE_SESSIONS_PAGE_SIZE,
      take: ACTIVE_SESSIONS_PAGE_SIZE,
      select: {
        id: true,
        role: true,
        createdAt: true,
        lastSeenAt: true,
        expiresAt: true,
        user: { select: { name: true, email: true, isGuest: true } },
      },
    }),
  ]);
  return {
    total,
    pageCount: Math.max(1, Math.ceil(total / ACTIVE_SESSIONS_PAGE_SIZE)),
    rows: sessions.map((s) => ({
      id: s.id,
      user: s.user,
      role: s.role,
      signedInAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
    })),
  };
}
