/**
 * Where to send a user after sign-in: a URL on Canopy's own origin, returned as path + query +
 * hash, or `/`. Decided by parsing against the public origin the way a browser would, not by
 * looking at prefixes: browsers strip tabs and newlines and read `\` as `/`, so `/\t/evil.example`
 * and `/\evil.example` are other origins to them.
 */
export function safeCallbackUrl(value: unknown, publicUrl: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return '/';
  if (UNSAFE_CHARACTERS.test(value) || UNSAFE_CHARACTERS.test(decodeOnce(value))) return '/';
  const origin = new URL(publicUrl).origin;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return '/';
  }
  if (url.origin !== origin) return '/';
  // Back to sign-in or into the auth API would loop.
  if (url.pathname === '/signin' || url.pathname.startsWith('/api/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Control characters (tab, CR, LF, NUL, DEL, C1) and backslashes, raw or percent-encoded once. */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\\]/;

function decodeOnce(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '\\'; // malformed percent-encoding: treat as unsafe
  }
}
