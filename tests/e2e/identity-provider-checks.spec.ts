import { expect, test } from './support/test';
import { query } from './support/database';
import { signInAs } from './support/sign-in';
import { simulatorControl } from './support/simulator-control';
import { partnerGuest, partnerTenantId, partnerUser } from './support/world';

/**
 * Canopy's own checks on the ID token, beyond what Entra enforces: the simulator plays an
 * identity provider that issues a token of another tenant, and B2B guests of the partner tenant.
 */
const FABRIKAM = 'b9af6492-1a90-486c-a88f-91ca1828be3b';

test.afterEach(async () => {
  await simulatorControl('DELETE', `/tenants/${partnerTenantId}/next-id-token`);
});

test('an ID token carrying another tenant’s tid is refused by Canopy itself', async ({ page }) => {
  const admin = partnerUser('Canopy.Admin');
  await simulatorControl('PUT', `/tenants/${partnerTenantId}/next-id-token`, { tid: FABRIKAM });
  const sessionsBefore = await query('SELECT 1 FROM staff_session');

  await signInAs(page, admin.displayName);
  await expect(page).toHaveURL(/\/signin\?error=WrongTenant/);
  await expect(
    page.getByRole('alert').filter({ hasText: 'This account is not part of the partner organisation' }),
  ).toBeVisible();
  expect(await query('SELECT 1 FROM staff_session')).toHaveLength(sessionsBefore.length);
  // A security event in the audit log, naming the foreign tenant the token claimed.
  const [refusal] = await query<{ detail: { reason: string; tid: string } }>(
    `SELECT detail FROM audit_event WHERE action = 'staff.sign-in-refused' ORDER BY id DESC LIMIT 1`,
  );
  expect(refusal?.detail).toMatchObject({ reason: 'wrong-tenant', tid: FABRIKAM });
  // The control is one-shot: it was used by this sign-in, and the next one works.
  await page.goto('/signin');
  await signInAs(page, admin.displayName);
  await expect(page.getByTestId('current-role')).toHaveText('Admin');
});

test('a guest with an app role is let in and marked as a guest where staff are listed', async ({ page, browser }) => {
  const guest = partnerGuest('Canopy.Analyst');
  await signInAs(page, guest.displayName);
  await expect(page.getByTestId('current-role')).toHaveText('Analyst');
  expect(
    await query('SELECT is_guest, identity_provider FROM staff_user WHERE entra_object_id = $1', [guest.id]),
  ).toEqual([{ is_guest: true, identity_provider: `https://sts.windows.net/${guest.guest!.homeTenantId}/` }]);

  const adminContext = await browser.newContext();
  try {
    const adminPage = await adminContext.newPage();
    await signInAs(adminPage, partnerUser('Canopy.Admin').displayName);
    await adminPage.goto('/admin');
    await expect(adminPage.getByTestId('active-session').filter({ hasText: guest.displayName })).toContainText('Guest');
    // The audit log too: "(guest)" next to the name of the one who signed in.
    await adminPage.goto(`/audit?q=${encodeURIComponent(guest.displayName)}`);
    await expect(adminPage.getByTestId('audit-event').filter({ hasText: 'Signed in' }).first()).toContainText(
      `${guest.displayName} (guest)`,
    );
  } finally {
    await adminContext.close();
  }
});

test('a guest without an app role is not let in, and is told why', async ({ page }) => {
  const guest = partnerGuest(null);
  await signInAs(page, guest.displayName);
  await expect(page).toHaveURL(/\/signin\?error=GuestWithoutRole/);
  await expect(page.getByRole('alert').filter({ hasText: 'Guest accounts need a Canopy role' })).toBeVisible();
  expect(await query('SELECT 1 FROM staff_user WHERE entra_object_id = $1', [guest.id])).toHaveLength(0);
});
