import { checkPage, expect, test } from './support/test';

test.describe('the shell', () => {
  test('the sign-in page meets WCAG AA contrast and fits a phone', async ({ page }) => {
    await page.goto('/signin');
    await checkPage(page);
  });
});
