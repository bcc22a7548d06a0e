import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/lib/db/client';
import { readSessionId } from './read-session-id';
import { roleSatisfies, type StaffRole } from './roles';

export type StaffSession = {
  sessionId: string;
  user: { id: string; name: string; email: string | null; isGuest: boolean };
  /** Null when the user signed in without a Canopy app role. */
  role: StaffRole | null;
  expiresAt: Date;
};

/** "Last seen" is written at most this often per session: a page view must not cost a write. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * The caller's live session, or null. A valid cookie is not enough: the session row must exist,
 * be unexpired and not ended (by sign-out, a newer sign-in in the same browser, or an admin).
 * Cached per request.
 */
export const getSession = cache(async (): Promise<StaffSession | null> => {
  const sid = await readSessionId();
  if (!sid) return null;
  const now = new Date();
  const db = getDb();
  const row = await db.staffSession.findFirst({
    where: { id: sid, endedAt: null, expiresAt: { gt: now } },
    select: {
      id: true,
      role: true,
      expiresAt: true,
      lastSeenAt: true,
      user: { select: { id: true, name: true, email: true, isGuest: true } },
    },
  });
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    // Conditional, so concurrent requests of one session still write once.
    await db.staffSession.updateMany({
      where: { id: row.id, lastSeenAt: { lte: new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS) } },
      data: { lastSeenAt: now },
    });
  }
  return { sessionId: row.id, user: row.user, role: row.role, expiresAt: row.expiresAt };
});

/** For pages: the session, or a redirect to sign-in. */
export async function requireSession(): Promise<StaffSession> {
  const session = await getSession();
  if (!session) redirect('/signin');
  return session;
}

/**
 * For every page, action and route that reads or changes data. A user without any Canopy role
 * goes to the "no access" page; a role that is too weak gets a 403.
 */
export async function requireRole(required: StaffRole): Promise<StaffSession & { role: StaffRole }> {
  const session = await requireSession();
  if (!session.role) redirect('/no-access');
  if (!roleSatisfies(session.role, required)) forbidden();
  return { ...session, role: session.role };
}
