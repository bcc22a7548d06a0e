import 'server-only';
import { getServerSession } from 'next-auth';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/lib/db/client';
import { isGuid } from '@/lib/guid';
import { getAuthOptions } from './options';
import { roleSatisfies, type StaffRole } from './roles';

export type StaffSession = {
  sessionId: string;
  user: { id: string; name: string; email: string | null };
  /** Null when the user signed in without a Canopy app role. */
  role: StaffRole | null;
  expiresAt: Date;
};

/**
 * The caller's live session, or null. A valid cookie is not enough: the session row must exist,
 * be unexpired and not ended by sign-out. Cached per request.
 */
export const getSession = cache(async (): Promise<StaffSession | null> => {
  const nextAuthSession = (await getServerSession(getAuthOptions())) as { sid?: unknown } | null;
  const sid = nextAuthSession?.sid;
  if (!isGuid(sid)) return null;
  const row = await getDb().staffSession.findFirst({
    where: { id: sid, endedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, role: true, expiresAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return row ? { sessionId: row.id, user: row.user, role: row.role, expiresAt: row.expiresAt } : null;
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
