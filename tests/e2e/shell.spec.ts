import { signInAs } from './support/sign-in';
import { checkPage, expect, test } from './support/test';
import { partnerUser } from './support/world';

const analyst = partnerUser('Canopy.Analyst');

test.describe('the shell', () => {
  test('a signed-in user’s 404 keeps the header and navigation, titled "Page not found · Canopy"', async ({ page }) => {
    await signInAs(page, analyst.displayName);
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();

    const response = await page.goto('/no/such/page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page).toHaveTitle('Page not found · Canopy');
    await expect(page.getByTestId('current-user')).toHaveText(analyst.displayName);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  });

  test('the sign-in page meets WCAG AA contrast and fits a phone', async ({ page }) => {
    await page.goto('/signin');
    await checkPage(page);
  });
});
