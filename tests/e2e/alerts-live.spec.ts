import type { Browser, Page } from '@playwright/test';
import { query } from './support/database';
import { captureActionRequest, replayActionRequest } from './support/forged-action';
import { signInAs } from './support/sign-in';
import { simulatorControl } from './support/simulator-control';
import { expect, test } from './support/test';
import { defaultWorld, partnerUser } from './support/world';

const admin = partnerUser('Canopy.Admin');
const analyst = partnerUser('Canopy.Analyst');
const noRole = partnerUser(null);
const northwind = defaultWorld.tenants.find((t) => t.verifiedDomains.includes('northwindtraders.onmicrosoft.com'))!;
const NEW_TITLE = 'Live test: credential dumping on the finance laptop';

test.beforeEach(async () => {
  await query('DELETE FROM customer_tenant');
});

test.afterEach(async () => {
  await simulatorControl('DELETE', `/defender/tenants/${northwind.id}/faults`);
  await simulatorControl('POST', `/defender/tenants/${northwind.id}/reset`);
});

/** Registers Northwind and checks it (admins only), in a browser context of its own: Connected. */
async function connectNorthwind(page: Page): Promise<string> {
  await page.goto('/tenants/new');
  await page.getByLabel('Tenant ID or verified domain').fill('northwindtraders.onmicrosoft.com');
  await page.getByRole('button', { name: 'Register tenant' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tenant registered' })).toBeVisible();
  const tenantId = new URL(page.url()).pathname.split('/').pop()!;
  await holdSchedule(tenantId);
  await page.getByRole('button', { name: 'Check now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Checked with Microsoft' })).toBeVisible();
  return tenantId;
}

/**
 * Keeps the worker's schedule (every 2 minutes) away from the tenant, as a long backoff would:
 * only "Sync now" syncs it, so the test knows which run read what.
 */
async function holdSchedule(tenantId: string): Promise<void> {
  // Every feed: Defender for Endpoint alerts, XDR incidents, Graph alerts and incidents.
  await query(
    `INSERT INTO tenant_source_sync (tenant_id, source, next_run_at, recent_calls, updated_at)
     SELECT $1::uuid, feed, now() + interval '1 year', '{}', now()
       FROM unnest(enum_range(NULL::"SyncFeed")) AS feed
     ON CONFLICT (tenant_id, source) DO UPDATE SET next_run_at = EXCLUDED.next_run_at`,
    [tenantId],
  );
}

async function signedIn(browser: Browser, displayName: string, path = '/') {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, displayName, path);
  return { context, page };
}

test('a new install lands on the first-run guide; once a tenant is registered, home is the alerts', async ({
  page,
  browser,
}) => {
  await signInAs(page, admin.displayName);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Canopy' })).toBeVisible();
  const steps = page
    .getByRole('region', { name: 'From a new install to your customers’ alerts' })
    .getByRole('listitem');
  await expect(steps).toHaveText([
    /^1Register a customer/,
    /^2Invite its administrator/,
    /^3The customer consents/,
    /^4Alerts arrive/,
  ]);

  // An analyst is told who can take the first step.
  const other = await signedIn(browser, analyst.displayName);
  try {
    await expect(other.page.getByRole('heading', { level: 1, name: 'Welcome to Canopy' })).toBeVisible();
    await expect(other.page.getByText('ask one to register the first customer')).toBeVisible();
    await expect(other.page.getByRole('link', { name: 'Register your first customer' })).toHaveCount(0);
  } finally {
    await other.context.close();
  }

  await page.getByRole('link', { name: 'Register your first customer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Register a customer tenant' })).toBeVisible();
  await page.getByLabel('Tenant ID or verified domain').fill('northwindtraders.onmicrosoft.com');
  await page.getByRole('button', { name: 'Register tenant' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tenant registered' })).toBeVisible();

  await page.getByRole('link', { name: 'Canopy', exact: true }).click();
  await expect(page).toHaveURL(/\/alerts$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  // The former dashboard: tenants per status and what needs attention head the Tenants page.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tenants' }).click();
  await expect(page.getByRole('region', { name: 'Customer tenants (1)' })).toContainText('Registered');
  await expect(page.getByRole('region', { name: 'Needs attention' })).toBeVisible();
});

test('an analyst’s "Sync now" reads a new alert at once with its progress, and the banner offers it without moving the list or reloading', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const setup = await signedIn(browser, admin.displayName, '/tenants');
  let tenantId: string;
  try {
    tenantId = await connectNorthwind(setup.page);
  } finally {
    await setup.context.close();
  }
  const requested = () =>
    query<{ actor_name: string }>(
      `SELECT actor_name FROM audit_event WHERE action = 'alerts.sync-requested' AND tenant_id = $1 ORDER BY id`,
      [northwind.id],
    );

  await signInAs(page, analyst.displayName, '/alerts');
  await expect(page.getByText('No alerts yet')).toBeVisible();
  await page.evaluate(() => ((window as { __sameDocument?: boolean }).__sameDocument = true));
  const progress = page.getByTestId('sync-progress');

  // Slow answers from Microsoft, so the run is seen running.
  await simulatorControl('PUT', `/defender/tenants/${northwind.id}/faults`, { apis: ['mde'], latencyMs: 2_500 });
  const syncNow = page.getByRole('button', { name: /^Sync now: northwindtraders/ });
  const action = await captureActionRequest(page, () => syncNow.click());
  await expect(progress).toHaveText('Running.', { timeout: 60_000 });
  await expect(page.getByText(/^Started \d+ s ago/)).toBeVisible();
  // Each feed's part so far.
  await expect(page.getByRole('list', { name: 'Progress by feed' })).toContainText(
    /Defender for Endpoint alerts: \d+ items? read, \d+ stored so far\./,
  );
  await expect(progress).toHaveText(/^Done: \d+ new or changed alerts\.$/, { timeout: 60_000 });
  await simulatorControl('DELETE', `/defender/tenants/${northwind.id}/faults`);
  await holdSchedule(tenantId);
  const stored = Number(
    (await query<{ n: string }>(`SELECT count(*) AS n FROM alert WHERE tenant_id = $1 AND is_primary`, [tenantId]))[0]!
      .n,
  );
  expect(stored).toBeGreaterThan(0);
  await expect(progress).toHaveText(`Done: ${stored} new or changed alerts.`);
  expect(await requested()).toEqual([{ actor_name: analyst.displayName }]);

  // The list did not change by itself: the banner offers what the sync stored.
  const banner = page.getByTestId('new-alerts');
  await expect(banner).toContainText(`${Math.min(stored, 100) === 100 ? '99+' : stored} new or updated alerts`);
  await expect(page.getByText('No alerts yet')).toBeVisible();
  await banner.getByRole('button', { name: 'Show' }).click();
  const rows = page.getByTestId('alert-row');
  await expect(rows).toHaveCount(Math.min(stored, 50));
  await expect(banner).toHaveCount(0);
  const firstBefore = await rows.first().getByRole('link').getAttribute('href');

  // A new alert at Microsoft; "Sync now" again reads just that one.
  await simulatorControl('POST', `/defender/tenants/${northwind.id}/alerts`, {
    count: 1,
    severity: 'High',
    changes: { title: NEW_TITLE },
  });
  await syncNow.click();
  await expect(progress).toHaveText('Done: 1 new or changed alert.', { timeout: 90_000 });
  await expect(banner).toHaveText(/1 new or updated alert\s*Show/);
  await page.screenshot({ path: testInfo.outputPath('alerts-new-alerts-banner-1280.png') });
  const desktop = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(banner).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath('alerts-new-alerts-banner-390.png') });
  await page.setViewportSize(desktop);
  // Announced politely, in a live region that was there before the text came.
  await expect(page.getByRole('status').filter({ has: banner })).toHaveAttribute('aria-live', 'polite');
  expect(await rows.first().getByRole('link').getAttribute('href')).toBe(firstBefore);
  await expect(page.getByRole('link', { name: NEW_TITLE })).toHaveCount(0);

  // Keyboard: focus Show and press Enter.
  await banner.getByRole('button', { name: 'Show' }).focus();
  await page.keyboard.press('Enter');
  await expect(rows.first().getByRole('link', { name: NEW_TITLE })).toBeVisible();
  // The row the list shows: the detection's primary copy (Graph and XDR report it too).
  const [added] = await query<{ id: string }>(
    `SELECT id::text FROM alert WHERE tenant_id = $1 AND title = $2 AND is_primary`,
    [tenantId, NEW_TITLE],
  );
  await expect(rows.first().getByRole('link')).toHaveAttribute('href', `/alerts/${added!.id}`);
  expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  expect(await requested()).toHaveLength(2);

  // The tenant's page has it too.
  await holdSchedule(tenantId);
  await page.goto(`/tenants/${tenantId}`);
  await page
    .getByRole('region', { name: 'Alerts' })
    .getByRole('button', { name: /^Sync now/ })
    .click();
  await expect(page.getByTestId('sync-progress')).toHaveText('Done: no new or changed alerts.', { timeout: 60_000 });
  expect(await requested()).toHaveLength(3);

  // Without a Canopy role, the same request (and the status routes) are refused, and nothing is queued.
  const jobs = async () =>
    Number(
      (
        await query<{ n: string }>(
          `SELECT count(*) AS n FROM pgboss.job WHERE name = 'sync-tenant-alerts' AND singleton_key = $1`,
          [tenantId],
        )
      )[0]!.n,
    );
  const jobsBefore = await jobs();
  const stranger = await signedIn(browser, noRole.displayName);
  try {
    await expect(stranger.page).toHaveURL(/\/no-access$/);
    const replayed = await replayActionRequest(stranger.page, action);
    expect(await replayed.text()).not.toContain('jobId');
    expect((await stranger.page.request.get(`/api/alerts/new-count`)).status()).toBe(403);
    expect((await stranger.page.request.get(`/api/tenants/${tenantId}/sync?job=${tenantId}`)).status()).toBe(403);
  } finally {
    await stranger.context.close();
  }
  const anonymous = await browser.newContext();
  try {
    expect((await anonymous.request.get('/api/alerts/new-count')).status()).toBe(401);
  } finally {
    await anonymous.close();
  }
  expect(await jobs()).toBe(jobsBefore);
  expect(await requested()).toHaveLength(3);
});
