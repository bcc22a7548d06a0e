import { query } from './support/database';
import { captureActionRequest, replayActionRequest } from './support/forged-action';
import { signInAs } from './support/sign-in';
import { expect, test } from './support/test';
import { partnerUser } from './support/world';

const admin = partnerUser('Canopy.Admin');
const analyst = partnerUser('Canopy.Analyst');

test.beforeEach(async () => {
  await query('DELETE FROM customer_tenant');
});

test('the consent callback answers a refused callback with a 400 page for the customer, never cached or sent as a referrer', async ({
  page,
}) => {
  const response = await page.goto(
    `/consent/callback?admin_consent=True&tenant=b9af6492-1a90-486c-a88f-91ca1828be3b&state=${'x'.repeat(43)}`,
  );
  expect(response?.status()).toBe(400);
  expect(response?.headers()['referrer-policy']).toBe('no-referrer');
  expect(response?.headers()['cache-control']).toBe('no-store');
  await expect(page.getByRole('heading', { name: 'This link is no longer valid' })).toBeVisible();
  await expect(page.getByText('Contoso Security Partners').first()).toBeVisible();
  const refused = await query<{ detail: { reason: string } }>(
    `SELECT detail FROM audit_event WHERE action = 'consent.callback-refused' ORDER BY id DESC LIMIT 1`,
  );
  expect(refused[0]?.detail.reason).toBe('unknown-state');
});

test('an invitation link that does not exist says so, without signing in', async ({ page }) => {
  const response = await page.goto(`/invite/${'A'.repeat(43)}`);
  expect(response?.headers()['referrer-policy']).toBe('no-referrer');
  await expect(page.getByRole('heading', { name: 'This invitation cannot be used' })).toBeVisible();
  await expect(page).toHaveURL(/\/invite\//);
});

test('Check now: an admin verifies a tenant consented outside Canopy; an analyst is refused, even with a forged request', async ({
  page,
  browser,
}) => {
  // The audit log keeps other specs' checks of Northwind (it refuses deletes): count only this test's.
  const [{ last } = { last: '0' }] = await query<{ last: string }>(
    'SELECT coalesce(max(id), 0)::text AS last FROM audit_event',
  );
  await signInAs(page, admin.displayName);
  await page.goto('/tenants/new');
  await page.getByLabel('Tenant ID or verified domain').fill('northwindtraders.onmicrosoft.com');
  await page.getByRole('button', { name: 'Register tenant' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tenant registered' })).toBeVisible();
  const tenantPath = new URL(page.url()).pathname;

  const checkNow = await captureActionRequest(page, () => page.getByRole('button', { name: 'Check now' }).click());
  await expect(page.getByRole('status').filter({ hasText: 'Checked with Microsoft' })).toBeVisible();
  await expect(page.getByText('Connected', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Permissions' }).getByText('granted').first()).toBeVisible();
  await expect(page.getByTestId('timeline-event').first()).toContainText('Health check');
  const checks = () =>
    query(`SELECT actor_name FROM audit_event WHERE action = 'tenant.health-checked' AND id > $1`, [last]);
  expect(await checks()).toEqual([{ actor_name: admin.displayName }]);

  const analystContext = await browser.newContext();
  const analystPage = await analystContext.newPage();
  try {
    await signInAs(analystPage, analyst.displayName, tenantPath);
    await expect(analystPage.getByRole('heading', { name: 'Northwind' })).toBeVisible();
    await expect(analystPage.getByRole('button', { name: 'Check now' })).toHaveCount(0);
    expect((await replayActionRequest(analystPage, checkNow)).status()).toBe(403);
  } finally {
    await analystContext.close();
  }
  expect(await checks()).toEqual([{ actor_name: admin.displayName }]);
});
