import { expect, type Page } from '@playwright/test';

/** From Canopy's sign-in page through the simulator's "Pick an account" page. */
export async function startSignIn(page: Page, path = '/') {
  await page.goto(path);
  await expect(page).toHaveURL(/\/signin/);
  await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
  await expect(page.getByRole('heading', { name: /pick an account/i })).toBeVisible();
}

export async function signInAs(page: Page, displayName: string, path = '/') {
  await startSignIn(page, path);
  await page.getByRole('button', { name: new RegExp(displayName) }).click();
}

export async function signInWithAnotherAccount(page: Page, userPrincipalName: string) {
  await startSignIn(page);
  await page.getByLabel(/email/i).fill(userPrincipalName);
  await page.getByRole('button', { name: /^next$/i }).click();
}

/** The home page's heading: the alerts once a tenant is registered (other specs' may be), else the first-run guide. */
export const homeHeading = (page: Page) =>
  page.getByRole('heading', { level: 1, name: /^(Alerts|Welcome to Canopy)$/ });
