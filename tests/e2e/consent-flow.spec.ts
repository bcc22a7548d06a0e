import { query } from './support/database';
import { waitForMail } from './support/mail-catcher';
import { signInAs } from './support/sign-in';
import { expect, test } from './support/test';
import { partnerUser } from './support/world';

const DANA = 'dana.admin@fabrikam.onmicrosoft.com';
const admin = partnerUser('Canopy.Admin');
const INVITE_LINK = /http:\/\/localhost:\d+\/invite\/[\w-]{43}/;

test.beforeEach(async () => {
  await query('DELETE FROM customer_tenant');
});

test("onboarding end to end: the emailed link, Microsoft's consent as the customer's Global Administrator, then Connected", async ({
  page,
  browser,
}) => {
  // The partner's admin registers Fabrikam by its domain and emails the invitation.
  await signInAs(page, admin.displayName);
  await page.goto('/tenants/new');
  await page.getByLabel('Tenant ID or verified domain').fill('fabrikam.onmicrosoft.com');
  await page.getByLabel('Display name').fill('Fabrikam');
  await page.getByLabel('Customer administrator email addresses').fill(DANA);
  await page.getByRole('button', { name: 'Register tenant' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tenant registered' })).toBeVisible();
  const tenantPage = page.url().split('?')[0]!;
  const since = new Date();
  await page
    .getByRole('region', { name: 'Invitations' })
    .getByRole('button', { name: 'Send invitation by email' })
    .click();
  const mail = await waitForMail(DANA, { since });
  const [link] = INVITE_LINK.exec(mail.text ?? '') ?? [];
  expect(link).toBeDefined();

  // The customer's administrator, in a browser of their own, follows the link to Microsoft.
  const customer = await browser.newContext();
  const customerPage = await customer.newPage();
  await customerPage.goto(link!);
  await expect(
    customerPage.getByRole('heading', { name: /Contoso Security Partners asks for read access/ }),
  ).toBeVisible();
  await expect(customerPage.getByRole('region', { name: 'Who can approve' })).toContainText('Global Administrator');
  await customerPage.getByRole('button', { name: 'Continue to Microsoft' }).click();
  await expect(customerPage.getByRole('heading', { name: /pick an account/i })).toBeVisible();
  await customerPage.getByRole('button', { name: /Dana/ }).click();
  await customerPage.getByRole('button', { name: 'Accept' }).click();
  await expect(customerPage).toHaveURL(/\/consent\/callback\?/);
  await expect(customerPage.getByRole('heading', { name: 'Thank you: consent received' })).toBeVisible();
  await expect(
    customerPage.getByText('Microsoft confirmed that you approved access for Contoso Security Partners to Fabrikam'),
  ).toBeVisible();
  await customer.close();

  // The worker verifies the consent with fresh tokens; the admin sees the tenant connected.
  await expect(async () => {
    await page.goto(tenantPage);
    await expect(page.getByText('Connected', { exact: true }).first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  const permissions = page.getByRole('region', { name: 'Permissions' });
  await expect(permissions).toContainText('WindowsDefenderATP Alert.Read.All');
  await expect(permissions.getByText('missing')).toHaveCount(0);
  await permissions.getByText("Last token's claims").first().click();
  await expect(permissions).toContainText('b9af6492-1a90-486c-a88f-91ca1828be3b');
  const timeline = page.getByTestId('timeline-event');
  await expect(timeline.nth(0)).toContainText('Consent verified with a token');
  await expect(timeline.nth(0)).toContainText('Consented → Connected');
  await expect(timeline.nth(1)).toContainText('Consent callback: accepted');
  await expect(page.getByTestId('timeline-event').filter({ hasText: 'Invitation opened by the customer' })).toHaveCount(
    1,
  );

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tenants' }).click();
  await expect(page.getByRole('region', { name: 'Customer tenants (1)' })).toContainText('Connected');
});
