import 'server-only';
import { decode } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import { getConfig } from '@/lib/config';
import { isGuid } from '@/lib/guid';
import { sessionCookieName, type SessionToken } from './session-cookie';

/**
 * The session id in this request's cookie, or null. Read from the cookie directly rather than
 * through next-auth's session callback, so that callback can keep the id out of the browser.
 */
export async function readSessionId(): Promise<string | null> {
  const { publicUrl, authSecret } = getConfig();
  const cookie = (await cookies()).get(sessionCookieName(publicUrl))?.value;
  if (!cookie) return null;
  const token = (await decode({ token: cookie, secret: authSecret }).catch(() => null)) as SessionToken | null;
  return isGuid(token?.sid) ? token.sid : null;
}
