/**
 * Pages the customer's administrator sees (invitation, consent callback) carry bearer values in
 * their URLs (invitation token, `state`): never send them as a referrer, never cache the pages.
 */
export const CUSTOMER_PAGE_HEADERS = {
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
} as const;

/** Paths whose pages are public and carry those headers (the proxy lets them through unsigned-in). */
export function isCustomerPagePath(pathname: string): boolean {
  return pathname === '/consent/callback' || pathname.startsWith('/invite/');
}
