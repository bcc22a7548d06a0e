import 'server-only';
import { NextResponse } from 'next/server';
import { roleSatisfies, type StaffRole } from './roles';
import { getSession, type StaffSession } from './session';

/** JSON answers of Canopy's own API routes: never cached, whoever asks. */
export function jsonResponse(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * requireRole for JSON route handlers, which the page's redirects and 403 page do not suit (a
 * script polls them): the caller's session with at least `required`, or the 401/403 to answer.
 */
export async function routeRole(
  required: StaffRole,
): Promise<{ session: StaffSession & { role: StaffRole } } | { refused: NextResponse }> {
  const session = await getSession();
  if (!session) return { refused: jsonResponse({ error: 'sign-in required' }, 401) };
  if (!session.role || !roleSatisfies(session.role, required))
    return { refused: jsonResponse({ error: 'forbidden' }, 403) };
  return { session: { ...session, role: session.role } };
}
