import NextAuth from 'next-auth';
import { NextResponse, type NextRequest } from 'next/server';
import { getAuthOptions, PROVIDER_ID } from '@/lib/auth/options';
import { signInErrorFromCallback } from '@/lib/auth/sign-in-errors';
import { getConfig } from '@/lib/config';

type Context = { params: Promise<{ nextauth: string[] }> };

export async function GET(request: NextRequest, context: Context) {
  const { nextauth } = await context.params;
  if (nextauth.join('/') === `callback/${PROVIDER_ID}`) {
    const failure = signInErrorFromCallback(request.nextUrl.searchParams);
    if (failure) {
      const target = new URL('/signin', getConfig().publicUrl);
      target.searchParams.set('error', failure.error);
      if (failure.code) target.searchParams.set('code', failure.code);
      return NextResponse.redirect(target, 303);
    }
  }
  return NextAuth(getAuthOptions())(request, context);
}

export async function POST(request: NextRequest, context: Context) {
  return NextAuth(getAuthOptions())(request, context);
}
