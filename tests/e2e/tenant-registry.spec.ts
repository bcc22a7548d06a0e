import { query } from './support/database';
import { captureActionRequest, replayActionRequest } from './support/forged-action';
import { signInAs } from './support/sign-in';
import { expect, test } from './support/test';
import { partnerUser } from './support/world';

const FABRIKAM = 'b9af6492-1a90-486c-a88f-91ca1828be3b';
const admin = partnerUser('Canopy.Admin');
const analyst = partnerUser('Canopy.Analyst');

/** Each test starts from an install with no customers (the audit log keeps its history: it is append-only). */
test.beforeEach(async () => {
  await query('DELETE FROM customer_tenant');
});

test('a new install leads an admin from the empty tenants page to a registered tenant', async ({ page }) => {
  await signInAs(page, admin.displayName);
  await page.getByRole('link', { name: 'Tenants' }).click();
  await expect(page.getByRole('heading', { name: 'No customers yet' })).toBeVisible();
  await page.getByRole('link', { name: 'Register your first customer' }).click();

  await page.getByLabel('Tenant ID or verified domain').fill('fabrikam.onmicrosoft.com');
  await page.getByLabel('Display name').fill('Fabrikam, Inc.');
  await page.getByLabel('Customer administrator email addresses').fill('dana@fabrikam.example');
  await page.getByLabel('Defender XDR incidents').uncheck();
  await page.getByRole('button', { name: 'Register tenant' }).click();

  await expect(page.getByRole('heading', { name: 'Fabrikam, Inc.' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Tenant registered' })).toBeVisible();
  await expect(page.getByText(FABRIKAM)).toBeVisible();
  await expect(page.getByTestId('timeline-event').first()).toContainText('Tenant registered');
  expect(
    await query(
      'SELECT entra_tenant_id, display_name, domain, admin_emails, data_sources, status FROM customer_tenant',
    ),
  ).toEqual([
    {
      entra_tenant_id: FABRIKAM,
      display_name: 'Fabrikam, Inc.',
      domain: 'fabrikam.onmicrosoft.com',
      admin_emails: ['dana@fabrikam.example'],
      data_sources: '{MDE_ALERTS,GRAPH_SECURITY}',
      status: 'REGISTERED',
    },
  ]);

  await page.getByRole('link', { name: 'Customer tenants' }).click();
  await expect(page.getByTestId('tenant-row')).toHaveCount(1);
  await expect(page.getByTestId('tenant-row')).toContainText('Send an admin-consent invitation');
});

test('a second registration of a tenant is refused with a link to the first; unknown tenants are explained', async ({
  page,
}) => {
  await signInAs(page, admin.displayName);
  await page.goto('/tenants/new');
  await page.getByLabel('Tenant ID or verified domain').fill(FABRIKAM);
  await page.getByRole('button', { name: 'Register tenant' }).click();
  await expect(page.getByRole('heading', { name: FABRIKAM })).toBeVisible();

  await page.goto('/tenants/new');
  await page.getByLabel('Tenant ID or verified domain').fill('fabrikam.onmicrosoft.com');
  await page.getByRole('button', { name: 'Register tenant' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'already registered' });
  await expect(refusal).toBeVisible();
  // What was typed stays in the form.
  await expect(page.getByLabel('Tenant ID or verified domain')).toHaveValue('fabrikam.onmicrosoft.com');
  await refusal.getByRole('link', { name: `Open ${FABRIKAM}` }).click();
  await expect(page.getByRole('heading', { name: FABRIKAM })).toBeVisible();

  await page.goto('/tenants/new');
  await page.getByLabel('Tenant ID or verified domain').fill('nobody-here.onmicrosoft.com');
  await page.getByRole('button', { name: 'Register tenant' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'AADSTS90002' })).toBeVisible();

  await page.getByLabel('Tenant ID or verified domain').fill('not a tenant');
  await page.getByRole('button', { name: 'Register tenant' }).click();
  await expect(page.getByText('Enter a tenant ID (GUID) or a verified domain')).toBeVisible();
  expect(await query('SELECT 1 FROM customer_tenant')).toHaveLength(1);
});

test('tenants can be searched and filtered, and the view is kept in the URL', async ({ page }) => {
  await signInAs(page, admin.displayName);
  for (const tenant of ['fabrikam.onmicrosoft.com', 'litware.onmicrosoft.com']) {
    await page.goto('/tenants/new');
    await page.getByLabel('Tenant ID or verified domain').fill(tenant);
    await page.getByRole('button', { name: 'Register tenant' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Tenant registered' })).toBeVisible();
  }
  await page.goto('/tenants');
  await expect(page.getByTestId('tenant-row')).toHaveCount(2);
  await page.getByLabel('Search').fill('litware');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]q=litware/);
  await expect(page.getByTestId('tenant-row')).toHaveCount(1);
  await expect(page.getByTestId('tenant-row')).toContainText('litware.onmicrosoft.com');

  await page.goto('/tenants?status=CONNECTED');
  await expect(page.getByText('No tenant matches this filter.')).toBeVisible();
});

test('analysts see tenants but cannot register them, not even with a forged request', async ({ page, browser }) => {
  // An admin's real registration request, to be replayed from the analyst's session.
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signInAs(adminPage, admin.displayName, '/tenants/new');
  await adminPage.getByLabel('Tenant ID or verified domain').fill('fabrikam.onmicrosoft.com');
  const register = await captureActionRequest(adminPage, () =>
    adminPage.getByRole('button', { name: 'Register tenant' }).click(),
  );
  await expect(adminPage.getByRole('status').filter({ hasText: 'Tenant registered' })).toBeVisible();
  await query('DELETE FROM customer_tenant');

  await signInAs(page, analyst.displayName);
  expect((await replayActionRequest(page, register)).status()).toBe(403);
  expect(await query('SELECT 1 FROM customer_tenant')).toHaveLength(0);
  await adminContext.close();
  await page.goto('/tenants');
  await expect(page.getByText('Ask a Canopy administrator to register your first customer.')).toBeVisible();
  await expect(page.getByRole('link', { name: /register/i })).toHaveCount(0);
  await page.goto('/tenants/new');
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await expect(page.getByLabel('Tenant ID or verified domain')).toHaveCount(0);
});

test('an admin edits a tenant, then removes it after confirming; its history stays in the audit log', async ({
  page,
}) => {
  await signInAs(page, admin.displayName);
  await page.goto('/tenants/new');
  await page.getByLabel('Tenant ID or verified domain').fill('fabrikam.onmicrosoft.com');
  await page.getByRole('button', { name: 'Register tenant' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tenant registered' })).toBeVisible();

  await page.getByRole('link', { name: 'Edit or remove' }).click();
  await page.getByLabel('Display name').fill('Fabrikam (EMEA)');
  await page.getByLabel('Customer administrator email addresses').fill('not-an-address');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('"not-an-address" is not an email address')).toBeVisible();
  await expect(page.getByLabel('Display name')).toHaveValue('Fabrikam (EMEA)');
  await page.getByLabel('Customer administrator email addresses').fill('dana@fabrikam.example');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: 'Fabrikam (EMEA)' })).toBeVisible();
  await expect(page.getByTestId('timeline-event').first()).toContainText('Tenant details changed');

  await page.getByRole('link', { name: 'Edit or remove' }).click();
  await page.getByRole('button', { name: 'Remove tenant…' }).click();
  await page.getByRole('button', { name: 'Keep it' }).click();
  await page.getByRole('button', { name: 'Remove tenant…' }).click();
  await page.getByRole('button', { name: 'Remove Fabrikam (EMEA)' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tenant removed' })).toBeVisible();
  expect(await query('SELECT 1 FROM customer_tenant')).toHaveLength(0);

  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Search').fill('Fabrikam (EMEA)');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('audit-event').first()).toContainText('Tenant removed');
  await expect(page.getByTestId('audit-event').filter({ hasText: 'Tenant details changed' })).toHaveCount(1);
});
