import type { Page } from '@playwright/test';
import { query, sessionsOf } from './support/database';
import { homeHeading, signInAs } from './support/sign-in';
import { simulatorControl } from './support/simulator-control';
import { expect, test } from './support/test';
import { partnerTenantId, partnerUser } from './support/world';

const admin = partnerUser('Canopy.Admin');
const analyst = partnerUser('Canopy.Analyst');
const noRole = partnerUser(null);

/** Each test starts with nobody signed in, so the sessions it sees are its own. */
test.beforeEach(async () => {
  await query('UPDATE staff_session SET ended_at = now() WHERE ended_at IS NULL');
});

const sessionEndpoint = (page: Page) =>
  page.evaluate(() => fetch('/api/auth/session').then((r) => r.json() as Promise<Record<string, unknown>>));

test.describe('after sign-in, redirects stay on Canopy', () => {
  const crafted = [
    '%2F%09%2Fevil.example', // "/\t/evil.example": browsers drop the tab and read //evil.example
    '%2F%0A%2Fevil.example',
    '%2F%5Cevil.example', // "/\evil.example"
    '%2F%2Fevil.example',
    'https%3A%2F%2Fevil.example%2F',
    'javascript%3Aalert(1)',
  ];

  test('a signed-in user following a crafted sign-in link lands on the home page', async ({ page, baseURL }) => {
    await signInAs(page, admin.displayName);
    await expect(homeHeading(page)).toBeVisible();
    for (const callbackUrl of crafted) {
      await page.goto(`/signin?callbackUrl=${callbackUrl}`);
      expect(new URL(page.url()).origin, callbackUrl).toBe(new URL(baseURL!).origin);
      await expect(homeHeading(page)).toBeVisible();
    }
  });

  test('signing in from a crafted link also ends on Canopy', async ({ page, baseURL }) => {
    await page.goto(`/signin?callbackUrl=${crafted[0]}`);
    await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
    await page.getByRole('button', { name: new RegExp(analyst.displayName) }).click();
    await expect(homeHeading(page)).toBeVisible();
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  });
});

test('the session endpoint tells page JavaScript no session id, and nothing once the session ended', async ({
  page,
}) => {
  await signInAs(page, admin.displayName);
  await expect(page.getByTestId('current-role')).toHaveText('Admin');
  const [live] = await query<{ id: string }>(
    `SELECT s.id FROM staff_session s JOIN staff_user u ON u.id = s.user_id
      WHERE u.entra_object_id = $1 AND s.ended_at IS NULL`,
    [admin.id],
  );
  const body = await sessionEndpoint(page);
  expect(Object.keys(body)).toEqual(['expires']);
  expect(JSON.stringify(body)).not.toContain(live!.id);

  await query('UPDATE staff_session SET ended_at = now() WHERE id = $1', [live!.id]);
  expect(await sessionEndpoint(page)).toEqual({});
});

test.describe('sign-out fails closed', () => {
  // A database that refuses to record the end of a session, as a failing server would.
  test.beforeEach(async () => {
    await query(`CREATE OR REPLACE FUNCTION e2e_refuse_session_end() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.ended_at IS NOT NULL AND OLD.ended_at IS NULL THEN RAISE EXCEPTION 'e2e: refused'; END IF;
        RETURN NEW;
      END $$`);
    await query(`CREATE TRIGGER e2e_refuse_session_end BEFORE UPDATE ON staff_session
      FOR EACH ROW EXECUTE FUNCTION e2e_refuse_session_end()`);
  });
  test.afterEach(async () => {
    await query('DROP TRIGGER IF EXISTS e2e_refuse_session_end ON staff_session');
    await query('DROP FUNCTION IF EXISTS e2e_refuse_session_end()');
  });

  test('when the session cannot be ended, sign-out says so and keeps the cookie; afterwards it works', async ({
    page,
  }) => {
    await signInAs(page, admin.displayName);
    await expect(page.getByTestId('current-role')).toHaveText('Admin');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Sign-out failed' })).toBeVisible();
    expect((await sessionsOf(admin.userPrincipalName)).at(-1)?.ended_at).toBe(null);
    await page.reload();
    await expect(page.getByTestId('current-user')).toHaveText(admin.displayName);

    // next-auth's own sign-out endpoint fails closed the same way.
    const apiStatus = await page.evaluate(async () => {
      const { csrfToken } = (await (await fetch('/api/auth/csrf')).json()) as { csrfToken: string };
      const response = await fetch('/api/auth/signout', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrfToken, json: 'true' }),
      });
      return response.status;
    });
    expect(apiStatus).toBe(503);
    await page.reload();
    await expect(page.getByTestId('current-user')).toHaveText(admin.displayName);

    await query('DROP TRIGGER e2e_refuse_session_end ON staff_session');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/signin\?error=SignedOut/);
    await expect(page).toHaveTitle('Sign in · Canopy');
    await expect(page.getByRole('status').filter({ hasText: 'You are signed out' })).toBeVisible();
    expect((await sessionsOf(admin.userPrincipalName)).at(-1)?.ended_at).not.toBe(null);
  });
});

test('signing in again in the same browser ends the earlier session and picks up a new role', async ({ page }) => {
  await signInAs(page, noRole.displayName);
  await expect(page).toHaveURL(/\/no-access$/);
  const userPath = `/tenants/${partnerTenantId}/users/${noRole.id}`;
  await simulatorControl('PATCH', userPath, { appRoleAssignments: ['Canopy.Analyst'] });
  try {
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await page.getByRole('button', { name: new RegExp(noRole.displayName) }).click();
    await expect(page.getByTestId('current-role')).toHaveText('Analyst');
  } finally {
    await simulatorControl('PATCH', userPath, { appRoleAssignments: [] });
  }
  const sessions = await sessionsOf(noRole.userPrincipalName);
  expect(sessions.slice(-2).map((s) => [s.role, s.ended_at === null])).toEqual([
    [null, false],
    ['ANALYST', true],
  ]);
});

test('an admin sees who is signed in and ends another staff member’s session', async ({ page, browser }) => {
  const analystContext = await browser.newContext();
  const analystPage = await analystContext.newPage();
  try {
    await signInAs(analystPage, analyst.displayName);
    await expect(analystPage.getByTestId('current-role')).toHaveText('Analyst');
    // Analysts cannot open the admin page, whatever the navigation shows.
    const refused = await analystPage.goto('/admin');
    expect(refused?.status()).toBe(403);
    await expect(analystPage.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    await expect(analystPage.getByRole('heading', { name: 'Active sessions' })).toHaveCount(0);

    await signInAs(page, admin.displayName);
    await page.goto('/admin');
    await expect(page.getByRole('heading', { name: 'Active sessions' })).toBeVisible();
    const rows = page.getByTestId('active-session');
    await expect(rows).toHaveCount(2);
    const analystRow = rows.filter({ hasText: analyst.displayName });
    await expect(analystRow).toContainText('Analyst');
    await expect(rows.filter({ hasText: admin.displayName })).toContainText('(this session)');

    await analystRow.getByRole('button', { name: `End the session of ${analyst.displayName}` }).click();
    await expect(rows).toHaveCount(1);
    expect((await sessionsOf(analyst.userPrincipalName)).at(-1)?.ended_at).not.toBe(null);

    await analystPage.goto('/');
    await expect(analystPage).toHaveURL(/\/signin/);
  } finally {
    await analystContext.close();
  }
});

test('last seen is recorded at most once a minute', async ({ page }) => {
  await signInAs(page, analyst.displayName);
  await expect(page.getByTestId('current-role')).toHaveText('Analyst');
  const lastSeen = async () =>
    (
      await query<{ last_seen_at: Date }>(
        `SELECT s.last_seen_at FROM staff_session s JOIN staff_user u ON u.id = s.user_id
          WHERE u.entra_object_id = $1 AND s.ended_at IS NULL`,
        [analyst.id],
      )
    )[0]!.last_seen_at.getTime();

  await query(`UPDATE staff_session SET last_seen_at = now() - interval '2 minutes' WHERE ended_at IS NULL`);
  const stale = await lastSeen();
  await page.reload();
  const touched = await lastSeen();
  expect(touched - stale).toBeGreaterThan(100_000);
  await page.reload();
  expect(await lastSeen()).toBe(touched);
});
