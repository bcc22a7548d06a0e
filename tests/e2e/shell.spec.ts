import { sessionsOf } from './support/database';
import { PHONE_VIEWPORT } from './support/page-checks';
import { homeHeading, signInAs } from './support/sign-in';
import { checkPage, expect, test } from './support/test';
import { defaultWorld, partnerUser } from './support/world';

const admin = partnerUser('Canopy.Admin');
const analyst = partnerUser('Canopy.Analyst');

test.describe('the shell', () => {
  test('a signed-in user’s 404 keeps the header and navigation, titled "Page not found · Canopy"', async ({ page }) => {
    await signInAs(page, analyst.displayName);
    await expect(homeHeading(page)).toBeVisible();

    const response = await page.goto('/no/such/page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page).toHaveTitle('Page not found · Canopy');
    await expect(page.getByTestId('current-user')).toHaveText(analyst.displayName);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  });

  test('an analyst sees their access on their account page (the name in the header), but not the app registration details', async ({
    page,
  }) => {
    await signInAs(page, analyst.displayName);
    await page.getByTestId('current-user').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Your access' })).toContainText(analyst.userPrincipalName);
    await expect(page.getByRole('region', { name: 'Microsoft connection' })).toHaveCount(0);
    expect(await page.content()).not.toContain(defaultWorld.application.clientId);
  });

  test('an admin sees the app registration details', async ({ page }) => {
    await signInAs(page, admin.displayName, '/account');
    const connection = page.getByRole('region', { name: 'Microsoft connection' });
    await expect(connection).toContainText(defaultWorld.application.clientId);
    await expect(connection).toContainText(defaultWorld.application.homeTenantId);
  });

  test.describe('for a viewer in New York', () => {
    test.use({ timezoneId: 'America/New_York' });

    test('the session end is shown in local time, with UTC on hover, without a hydration error', async ({
      page,
      baseURL,
    }) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        // Canopy's pages only: the simulator's pages are not ours (and it serves no favicon).
        if (message.type() === 'error' && message.location().url.startsWith(baseURL!)) errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await signInAs(page, analyst.displayName, '/account');
      const expiresAt = (await sessionsOf(analyst.userPrincipalName)).at(-1)!.expires_at;
      const format = (timeZone: string) =>
        new Intl.DateTimeFormat('en-GB', {
          day: 'numeric',
          month: 'short',
          year: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          timeZone,
          timeZoneName: 'short',
        }).format(expiresAt);

      const time = page.getByRole('region', { name: 'Your access' }).locator('time');
      await expect(time).toHaveAttribute('datetime', expiresAt.toISOString());
      await expect(time).toHaveText(format('America/New_York'));
      await expect(time).toHaveAttribute('title', format('UTC'));
      expect(format('America/New_York')).toMatch(/GMT-[45]$/);
      expect(errors).toEqual([]);
    });
  });

  test('the no-access page promises only what Canopy does today', async ({ page }) => {
    await signInAs(page, partnerUser(null).displayName);
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { name: "You don't have access to Canopy yet" })).toBeVisible();
    await expect(main.getByRole('listitem').filter({ hasText: 'Canopy.Analyst' })).toContainText('view the portal');
    await expect(main.getByRole('listitem').filter({ hasText: 'Canopy.Admin' })).toContainText(
      "manage Canopy's settings and staff sessions",
    );
    await expect(main).not.toContainText(/tenant|alert|incident|consent/i);
  });

  test('every portal page an admin can open passes the accessibility and phone-width checks', async ({ page }) => {
    await signInAs(page, admin.displayName);
    // The fixture checks each page once it has loaded; each is named here so that none is skipped.
    for (const [path, heading] of [
      ['/alerts', 'Alerts'],
      ['/incidents', 'Incidents'],
      ['/account', 'Your account'],
      ['/tenants', 'Customer tenants'],
      ['/tenants/new', 'Register a customer tenant'],
      ['/admin', 'Administration'],
      ['/audit', 'Audit log'],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    }
  });

  test('the sign-in page meets WCAG AA contrast and fits a phone', async ({ page }) => {
    await page.goto('/signin');
    await checkPage(page);
  });

  test.describe('on a 390 px phone', () => {
    test.use({ viewport: PHONE_VIEWPORT });

    for (const user of [admin, analyst]) {
      test(`the home page of ${user.displayName} is no wider than the screen, and the header keeps one row for the account`, async ({
        page,
      }) => {
        await signInAs(page, user.displayName);
        await expect(homeHeading(page)).toBeVisible();
        const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        expect(widths[0]).toBeLessThanOrEqual(widths[1]!);

        const home = await page.getByRole('link', { name: 'Canopy' }).boundingBox();
        const signOut = await page.getByRole('button', { name: 'Sign out' }).boundingBox();
        expect(signOut!.y).toBeLessThan(home!.y + home!.height);
        expect(signOut!.x + signOut!.width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
      });
    }
  });
});
