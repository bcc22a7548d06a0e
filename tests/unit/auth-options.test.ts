import { afterEach, describe, expect, it, vi } from 'vitest';

const env = {
  ENTRA_CLIENT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  ENTRA_TENANT_ID: '11111111-2222-4333-8444-555555555555',
  ENTRA_CLIENT_SECRET: 'dev-secret',
  CANOPY_AUTH_SECRET: 'x'.repeat(40),
  MICROSOFT_CLOUD: 'simulator',
  SIMULATOR_URL: 'https://localhost:9443',
};

/** getAuthOptions reads the configuration once per module instance: load a fresh one per case. */
async function authOptionsFor(extra: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries({ ...env, ...extra })) vi.stubEnv(name, value);
  const { getAuthOptions } = await import('@/lib/auth/options');
  return getAuthOptions();
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('getAuthOptions', () => {
  it('uses the partner tenant authority, PKCE + state + nonce, and an 8-hour session', async () => {
    const options = await authOptionsFor({});
    const provider = options.providers[0] as unknown as Record<string, unknown>;
    expect(provider.wellKnown).toBe(
      'https://localhost:9443/11111111-2222-4333-8444-555555555555/v2.0/.well-known/openid-configuration',
    );
    expect(provider.checks).toEqual(['pkce', 'state', 'nonce']);
    expect(options.session).toMatchObject({ strategy: 'jwt', maxAge: 8 * 3600 });
  });

  it('sets Secure cookies exactly when the public URL is https', async () => {
    expect((await authOptionsFor({ CANOPY_PUBLIC_URL: 'http://localhost:3000' })).useSecureCookies).toBe(false);
    expect((await authOptionsFor({ CANOPY_PUBLIC_URL: 'https://canopy.example.com' })).useSecureCookies).toBe(true);
  });
});
