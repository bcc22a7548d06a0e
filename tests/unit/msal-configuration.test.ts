import { describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/config/schema';
import { buildMsalConfiguration } from '@/lib/microsoft/msal-configuration';

const env = {
  ENTRA_CLIENT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  ENTRA_TENANT_ID: '11111111-2222-4333-8444-555555555555',
  ENTRA_CLIENT_SECRET: 'dev-secret',
  CANOPY_AUTH_SECRET: 'x'.repeat(40),
};

describe('buildMsalConfiguration', () => {
  it('relies on MSAL’s built-in metadata for Microsoft clouds', () => {
    for (const cloud of ['commercial', 'gcc-high']) {
      const { auth } = buildMsalConfiguration(parseConfig({ ...env, MICROSOFT_CLOUD: cloud }));
      expect(auth.knownAuthorities).toBeUndefined();
      expect(auth.clientSecret).toBe('dev-secret');
    }
  });

  it('declares any other https authority host, port included, so MSAL reads its metadata', () => {
    const { auth } = buildMsalConfiguration(
      parseConfig({ ...env, MICROSOFT_CLOUD: 'simulator', SIMULATOR_URL: 'https://localhost:8543' }),
    );
    expect(auth.knownAuthorities).toEqual(['localhost:8543']);
    expect(auth.authority).toBe('https://localhost:8543/11111111-2222-4333-8444-555555555555');
  });

  it('passes a certificate with the thumbprint kind MSAL expects', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
    const base = { ...env, ENTRA_CLIENT_SECRET: undefined, ENTRA_CERTIFICATE_KEY: key };
    const sha256 = buildMsalConfiguration(parseConfig({ ...base, ENTRA_CERTIFICATE_THUMBPRINT: 'a'.repeat(64) })).auth;
    expect(sha256.clientCertificate).toEqual({ thumbprintSha256: 'a'.repeat(64), privateKey: key });
    expect(sha256.clientSecret).toBeUndefined();
    const sha1 = buildMsalConfiguration(parseConfig({ ...base, ENTRA_CERTIFICATE_THUMBPRINT: 'B'.repeat(40) })).auth;
    expect(sha1.clientCertificate).toEqual({ thumbprint: 'b'.repeat(40), privateKey: key });
  });
});
