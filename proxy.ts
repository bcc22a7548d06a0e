import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE_NAMES } from '@/lib/auth/session-cookie';
import { getConfig } from '@/lib/config';
import { CUSTOMER_PAGE_HEADERS, isCustomerPagePath } from '@/lib/security/customer-page-headers';
import { buildSecurityHeaders, createNonce } from '@/lib/security/security-headers';

/**
 * Pages anyone may see; everything else needs a session (checked for real by each page). The
 * customer's pages (invitation, consent callback) are guarded by their one-time tokens.
 */
const isPublicPage = (pathname: string) => pathname === '/signin' || isCustomerPagePath(pathname);

/**
 * Adds the security headers to every response and, for convenience only, sends visitors without
 * a session cookie to the sign-in page. Authorization happens in every page, action and route
 * (lib/auth/session.ts); this is not a guard.
 */
export function proxy(request: NextRequest) {
  const config = getConfig();
  const nonce = createNonce();
  const headers = buildSecurityHeaders({
    nonce,
    development: config.devServer,
    https: config.publicUrl.startsWith('https://'),
    formTargets: [config.endpoints.authorityHost],
  });

  const { pathname, search } = request.nextUrl;
  const isPage = !pathname.startsWith('/api/') && !pathname.startsWith('/_next/') && !/\.[a-z0-9]+$/i.test(pathname);
  const hasSessionCookie = SESSION_COOKIE_NAMES.some((name) => request.cookies.has(name));

  let response: NextResponse;
  if (isPage && !isPublicPage(pathname) && !hasSessionCookie) {
    const signIn = new URL('/signin', config.publicUrl);
    signIn.searchParams.set('callbackUrl', `${pathname}${search}`);
    response = NextResponse.redirect(signIn);
  } else {
    // Next reads the nonce from the request's CSP header and stamps it on its own scripts.
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']!);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  if (isCustomerPagePath(pathname))
    for (const [name, value] of Object.entries(CUSTOMER_PAGE_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: '/:path*',
};
