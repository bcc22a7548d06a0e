import { expect, test } from './support/test';
import { query, sessionsOf } from './support/database';
import { homeHeading, signInAs, signInWithAnotherAccount } from './support/sign-in';
import { foreignUser, partnerUser } from './support/world';

test.describe('staff sign-in through Entra ID (simulated)', () => {
  test('an anonymous visit to any page goes to sign-in, and back there after signing in', async ({ page }) => {
    const response = await page.goto('/some/deep/page?x=1');
    expect(response?.url()).toContain('/signin?callbackUrl=%2Fsome%2Fdeep%2Fpage%3Fx%3D1');
    await page.goto('/no-access');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fno-access$/);
    await page.goto('/alerts?severity=High');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Falerts%3Fseverity%3DHigh$/);
    await expect(page.getByRole('heading', { name: 'Sign in to the partner portal' })).toBeVisible();

    await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
    await page.getByRole('button', { name: new RegExp(partnerUser('Canopy.Analyst').displayName) }).click();
    await expect(page).toHaveURL(/\/alerts\?severity=High$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  });

  test('an admin signs in and lands on the home page with name and role', async ({ page, context }) => {
    const admin = partnerUser('Canopy.Admin');
    await signInAs(page, admin.displayName);
    await expect(page).toHaveURL(/\/(alerts)?$/);
    await expect(homeHeading(page)).toBeVisible();
    await expect(page.getByTestId('current-user')).toHaveText(admin.displayName);
    await expect(page.getByTestId('current-role')).toHaveText('Admin');

    const sessions = await sessionsOf(admin.userPrincipalName);
    expect(sessions.at(-1)).toMatchObject({ role: 'ADMIN', ended_at: null });
    const lifetimeHours = (sessions.at(-1)!.expires_at.getTime() - sessions.at(-1)!.created_at.getTime()) / 3_600_000;
    expect(lifetimeHours).toBeCloseTo(8, 2);

    const cookie = (await context.cookies()).find((c) => c.name === 'next-auth.session-token');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });

  test('an analyst sees the analyst role', async ({ page }) => {
    const analyst = partnerUser('Canopy.Analyst');
    await signInAs(page, analyst.displayName);
    await expect(page.getByTestId('current-user')).toHaveText(analyst.displayName);
    await expect(page.getByTestId('current-role')).toHaveText('Analyst');
    expect((await sessionsOf(analyst.userPrincipalName)).at(-1)?.role).toBe('ANALYST');
  });

  test('a user of another tenant is refused with a clear message', async ({ page }) => {
    const stranger = foreignUser();
    await signInWithAnotherAccount(page, stranger.userPrincipalName);
    await expect(page).toHaveURL(/\/signin\?error=WrongTenant/);
    // Filtered by text: Next's route announcer is also a role="alert" region.
    await expect(
      page.getByRole('alert').filter({ hasText: 'This account is not part of the partner organisation' }),
    ).toBeVisible();
    expect(await query('SELECT 1 FROM staff_user WHERE entra_object_id = $1', [stranger.id])).toHaveLength(0);
    await page.goto('/');
    await expect(page).toHaveURL(/\/signin/);
  });

  test('a user without an app role sees "no access" and what to ask for', async ({ page }) => {
    const noRole = partnerUser(null);
    await signInAs(page, noRole.displayName);
    await expect(page).toHaveURL(/\/no-access$/);
    await expect(page.getByRole('heading', { name: "You don't have access to Canopy yet" })).toBeVisible();
    await expect(page.getByText('Canopy.Analyst')).toBeVisible();
    await expect(page.getByText('Canopy.Admin')).toBeVisible();
    expect((await sessionsOf(noRole.userPrincipalName)).at(-1)?.role).toBe(null);
  });

  test('sign-out ends the session on the server, so a copied cookie no longer works', async ({ page, context }) => {
    const admin = partnerUser('Canopy.Admin');
    await signInAs(page, admin.displayName);
    await expect(page.getByTestId('current-role')).toHaveText('Admin');
    const copied = await context.cookies();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/signin\?error=SignedOut/);
    await expect(page.getByRole('status').filter({ hasText: 'You are signed out' })).toBeVisible();
    expect((await sessionsOf(admin.userPrincipalName)).at(-1)?.ended_at).not.toBe(null);

    await context.addCookies(copied);
    await page.goto('/');
    await expect(page).toHaveURL(/\/signin/);
    await expect(page.getByTestId('current-user')).toHaveCount(0);
  });
});
