/**
 * Response headers every Canopy response carries. The CSP allows scripts only with this
 * request's nonce ('strict-dynamic' lets Next's bootstrap load its chunks); development adds
 * what React's dev tooling and hot reload need, production never does.
 */
export function buildSecurityHeaders(options: {
  nonce: string;
  development: boolean;
  https: boolean;
  /** Origins a form may lead to besides Canopy: the invitation page's "Continue" ends at Microsoft. */
  formTargets?: string[];
}): Record<string, string> {
  const { nonce, development, https, formTargets = [] } = options;
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // Next's dev overlay injects inline styles; production serves only stylesheet files.
    `style-src 'self'${development ? " 'unsafe-inline'" : ` 'nonce-${nonce}'`}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${development ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    // Chromium applies form-action to the redirect after a form post too.
    ["form-action 'self'", ...formTargets].join(' '),
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');

  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // Consent callbacks carry a one-time state in the URL: never send URLs to other origins.
    'Referrer-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(https ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
