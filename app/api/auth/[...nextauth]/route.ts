import NextAuth from 'next-auth';
import { NextResponse, type NextRequest } from 'next/server';
import { getAuthOptions, PROVIDER_ID } from '@/lib/auth/options';
import { getSession } from '@/lib/auth/session';
import { signInErrorFromCallback } from '@/lib/auth/sign-in-errors';
import { endCurrentStaffSession } from '@/lib/auth/sign-out-staff';
import { getConfig } from '@/lib/config';

type Context = { params: Promise<{ nextauth: string[] }> };

const NO_STORE = { 'Cache-Control': 'no-store' };

export async function GET(request: NextRequest, context: Context) {
  const action = (await context.params).nextauth.join('/');
  if (action === `callback/${PROVIDER_ID}`) {
    const failure = signInErrorFromCallback(request.nextUrl.searchParams);
    if (failure) {
      const target = new URL('/signin', getConfig().publicUrl);
      target.searchParams.set('error', failure.error);
      if (failure.code) target.searchParams.set('code', failure.code);
      return NextResponse.redirect(target, 303);
    }
  }
  if (action === 'session') {
    // Page JavaScript learns only whether a live session exists and when it ends: no session id,
    // no profile, and nothing at all once the session row is ended.
    const session = await getSession();
    return NextResponse.json(session ? { expires: session.expiresAt.toISOString() } : {}, { headers: NO_STORE });
  }
  return answerWithNextAuth(request, context);
}

export async function POST(request: NextRequest, context: Context) {
  const action = (await context.params).nextauth.join('/');
  if (action === 'signout') {
    // next-auth would clear the cookie even when ending the session row failed: end it first.
    const { ok } = await endCurrentStaffSession();
    if (!ok) return NextResponse.json({ error: 'Sign-out failed; your session is still active.' }, { status: 503 });
  }
  return answerWithNextAuth(request, context);
}

/** next-auth 4 types its handler's result as `any`; called with a route context it answers a Response. */
function answerWithNextAuth(request: NextRequest, context: Context): Promise<Response> {
  return NextAuth(request, context, getAuthOptions()) as Promise<Response>;
}
