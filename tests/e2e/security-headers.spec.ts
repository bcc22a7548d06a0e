import type { APIResponse } from '@playwright/test';
import { expect, test } from './support/test';
import { partnerUser } from './support/world';
import { signInAs } from './support/sign-in';

function expectBaselineHeaders(response: APIResponse | { headers(): Record<string, string> }) {
  const headers = response.headers();
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  expect(headers['x-powered-by']).toBeUndefined();
  // Served over plain http in tests: HSTS must not be sent (it is, over https; see unit tests).
  expect(headers['strict-transport-security']).toBeUndefined();
  return csp;
}

test.describe('security headers', () => {
  for (const path of ['/signin', '/api/health', '/api/auth/session', '/no-such-page', '/logo.svg']) {
    test(`${path} carries the baseline headers`, async ({ request }) => {
      expectBaselineHeaders(await request.get(path, { maxRedirects: 0 }));
    });
  }

  test('the nonce is new on every response and is the one on the page scripts', async ({ page, request }) => {
    const first = expectBaselineHeaders(await request.get('/signin'));
    const second = expectBaselineHeaders(await request.get('/signin'));
    const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonceOf(first)).not.toBe(nonceOf(second));

    const response = await page.goto('/signin');
    const nonce = nonceOf(response!.headers()['content-security-policy']!);
    const scriptNonces = await page
      .locator('script')
      .evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  });

  test('a signed-in page carries the headers too, and the session cookie is HttpOnly and SameSite=Lax', async ({
    page,
    context,
  }) => {
    await signInAs(page, partnerUser('Canopy.Analyst').displayName);
    const response = await page.goto('/');
    expectBaselineHeaders(response!);
    const cookies = (await context.cookies()).filter((c) => c.name.startsWith('next-auth.'));
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie, cookie.name).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    }
  });
});

test('health reports database, migrations and configuration without secrets', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toEqual({
    status: 'ok',
    checks: {
      configuration: { ok: true, cloud: 'simulator', mode: 'test' },
      database: { ok: true },
      migrations: { ok: true, applied: expect.any(Number), pending: [], failed: [] },
    },
  });
  expect(body.checks.migrations.applied).toBeGreaterThan(0);
  expect(JSON.stringify(body)).not.toMatch(/secret|postgres(ql)?:\/\//i);
});
