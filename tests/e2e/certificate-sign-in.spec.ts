import { query, sessionsOf } from './support/database';
import { simulatorControl } from './support/simulator-control';
import { expect, test } from './support/test';
import { partnerTenantId, partnerUser } from './support/world';

type LoggedRequest = { method: string; path: string; credential: string | null; status: number };

/**
 * Staff sign-in through the real route with Canopy configured for the app's certificate: the code
 * exchange in lib/auth/options.ts sends a client assertion, which the simulator checks as Entra
 * does (signature, thumbprint, audience). A second server of the same build, same database.
 */
test.use({ baseURL: process.env.E2E_CERTIFICATE_CANOPY_URL });

test('staff sign in when Canopy authenticates with its certificate', async ({ page }) => {
  const admin = partnerUser('Canopy.Admin');
  await simulatorControl('DELETE', '/requests');

  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
  await page.getByRole('button', { name: new RegExp(admin.displayName) }).click();
  await expect(page.getByTestId('current-role')).toHaveText('Admin');
  await page.goto('/account');
  await expect(page.getByText('Certificate (SHA256 thumbprint')).toBeVisible();

  const { requests } = (await simulatorControl('GET', `/requests?tenant=${partnerTenantId}`)) as {
    requests: LoggedRequest[];
  };
  const codeExchanges = requests.filter((r) => r.method === 'POST' && r.path.endsWith('/oauth2/v2.0/token'));
  expect(codeExchanges.map((r) => [r.credential, r.status])).toEqual([['certificate', 200]]);
  expect((await sessionsOf(admin.userPrincipalName)).at(-1)).toMatchObject({ role: 'ADMIN', ended_at: null });
  expect(await query('SELECT 1 FROM staff_user WHERE entra_object_id = $1', [admin.id])).toHaveLength(1);
});
