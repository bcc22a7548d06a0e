import 'server-only';
import { cookies } from 'next/headers';
import { getConfig } from '@/lib/config';
import { endStaffSession } from './end-staff-session';
import { readSessionId } from './read-session-id';
import { sessionCookieName } from './session-cookie';

/**
 * Sign-out that fails closed: the session row is ended first, and only once that is recorded is
 * the cookie cleared. If the database refuses, the caller reports the failure and the user still
 * holds a cookie that works, rather than a browser that looks signed out while a copied cookie
 * keeps working (next-auth 4's own sign-out swallows errors in events.signOut).
 */
export async function endCurrentStaffSession(): Promise<{ ok: boolean }> {
  const sid = await readSessionId();
  if (!sid) return { ok: true };
  try {
    await endStaffSession(sid);
    return { ok: true };
  } catch (error) {
    console.error(`Sign-out: could not end the session in the database (${describeError(error)})`);
    return { ok: false };
  }
}

/** Ends the session, then clears the cookie; `ok: false` leaves the cookie as it was. */
export async function signOutStaff(): Promise<{ ok: boolean }> {
  const result = await endCurrentStaffSession();
  if (!result.ok) return result;
  const { publicUrl } = getConfig();
  // A __Secure- cookie can only be overwritten by a Secure one: clear it with the attributes next-auth set.
  (await cookies()).set(sessionCookieName(publicUrl), '', {
    maxAge: 0,
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: publicUrl.startsWith('https://'),
  });
  return result;
}

/** The error's code or name only: driver messages can carry connection details. */
function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) return String(error.code);
  return error instanceof Error ? error.name : 'unknown error';
}
