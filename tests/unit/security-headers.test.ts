import { describe, expect, it } from 'vitest';
import { buildSecurityHeaders, createNonce } from '@/lib/security/security-headers';

describe('buildSecurityHeaders', () => {
  it('allows scripts only by nonce in production, with no unsafe-inline or unsafe-eval', () => {
    const headers = buildSecurityHeaders({ nonce: 'abc123', development: false, https: true });
    const csp = headers['Content-Security-Policy']!;
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(headers['Strict-Transport-Security']).toBe('max-age=63072000; includeSubDomains');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('sends HSTS only over https', () => {
    expect(
      buildSecurityHeaders({ nonce: 'n', development: false, https: false })['Strict-Transport-Security'],
    ).toBeUndefined();
  });

  it('creates a different 128-bit nonce each time', () => {
    const a = createNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(createNonce()).not.toBe(a);
  });
});
