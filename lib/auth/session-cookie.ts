/**
 * next-auth 4's session cookie: `__Secure-` prefixed when Canopy is served over https. It holds
 * an encrypted JWT whose only claim of ours is `sid`, the id of the server-side session row.
 */
export const SESSION_COOKIE_NAMES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

export function sessionCookieName(publicUrl: string): (typeof SESSION_COOKIE_NAMES)[number] {
  return publicUrl.startsWith('https://') ? SESSION_COOKIE_NAMES[0] : SESSION_COOKIE_NAMES[1];
}

/** The claims Canopy puts in next-auth's JWT. */
export type SessionToken = { sid?: string };
