import { query } from './support/database';
import { signInAs } from './support/sign-in';
import { simulatorControl } from './support/simulator-control';
import { expect, test } from './support/test';
import { defaultWorld, partnerUser } from './support/world';

const admin = partnerUser('Canopy.Admin');
const northwind = defaultWorld.tenants.find((t) => t.verifiedDomains.includes('northwindtraders.onmicrosoft.com'))!;
const SCRIPT_TITLE = '<script>window.__injected = 1</script> Suspicious <b>PowerShell</b>';
const SCRIPT_COMMENT = '<img src=x onerror="window.__injected = 2"> checked by the SOC';

test.beforeEach(async () => {
  await query('DELETE FROM customer_tenant');
});

test.afterEach(async () => {
  await simulatorControl('POST', `/defender/tenants/${northwind.id}/reset`);
});

test('a connected tenant’s synced alerts: list, counts and chart, tenant and severity filters in the URL, sorts and pages, detail with evidence, all as text', async ({
  page,
}) => {
  // The worker's schedule (every 2 minutes) starts the first sync: no way to run it sooner.
  test.setTimeout(300_000);
  // More than a page of alerts and fewer than two (with the few only Graph and XDR report), the
  // newest with markup in its title and comment.
  await simulatorControl('POST', `/defender/tenants/${northwind.id}/alerts`, { count: 50 });
  await simulatorControl('POST', `/defender/tenants/${northwind.id}/alerts`, {
    count: 1,
    severity: 'High',
    changes: { title: SCRIPT_TITLE, comment: SCRIPT_COMMENT },
  });

  await signInAs(page, admin.displayName, '/alerts');
  await expect(page.getByRole('heading', { name: 'No connected tenants yet' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to Tenants' }).click();
  await expect(page).toHaveURL(/\/tenants$/);

  await page.goto('/tenants/new');
  await page.getByLabel('Tenant ID or verified domain').fill('northwindtraders.onmicrosoft.com');
  await page.getByRole('button', { name: 'Register tenant' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tenant registered' })).toBeVisible();
  const tenantId = new URL(page.url()).pathname.split('/').pop()!;
  await page.getByRole('button', { name: 'Check now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Checked with Microsoft' })).toBeVisible();

  await page.goto('/alerts');
  const syncLine = page.getByTestId('tenant-sync').filter({ hasText: 'northwindtraders' });
  await expect(syncLine).toBeVisible();

  await expect
    .poll(
      async () =>
        (
          await query<{ status: string }>(
            `SELECT status FROM tenant_source_sync WHERE tenant_id = $1 ORDER BY source`,
            [tenantId],
          )
        ).map((row) => row.status),
      { timeout: 240_000, intervals: [2_000] },
    )
    // Every feed: Defender for Endpoint, XDR incidents, Graph alerts and incidents.
    .toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
  // The list shows each detection once (its primary row).
  const stored = await query<{ id: string; title: string; severity: string }>(
    // `alert.id`: the bigint, not the text column of the same name (ties at one time are common).
    `SELECT id::text, title, severity FROM alert WHERE tenant_id = $1 AND is_primary
     ORDER BY last_update_time DESC, alert.id DESC`,
    [tenantId],
  );
  expect(stored.length).toBeGreaterThan(60);
  expect(stored.length).toBeLessThanOrEqual(100);
  // The job refreshes the tenant's daily counts right after the run that wrote them.
  await expect
    .poll(
      async () =>
        (
          await query<{ count: number }>(
            `SELECT coalesce(sum(count), 0)::int AS count FROM alert_daily_count WHERE tenant_id = $1`,
            [tenantId],
          )
        )[0]?.count,
      { timeout: 30_000 },
    )
    .toBe(stored.length);

  await page.goto('/alerts');
  await expect(syncLine).toContainText('Fresh');
  await expect(syncLine).toContainText(/Synced \d+ (s|min) ago/);
  const rows = page.getByTestId('alert-row');
  await expect(rows).toHaveCount(50);
  const hrefs = () => rows.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(await hrefs()).toEqual(stored.slice(0, 50).map((alert) => `/alerts/${alert.id}`));
  await expect(rows.first()).toContainText('northwindtraders.onmicrosoft.com');

  // Counts by tenant and severity, and the chart of the last 30 days, from the daily rollup.
  const tenantName = (await syncLine.getByRole('link').first().textContent())!;
  await expect(page.getByTestId('counts-by-tenant')).toHaveText(`${tenantName}${stored.length}`);
  const high = stored.filter((alert) => alert.severity === 'High');
  await expect(page.getByTestId('counts-by-severity').getByRole('listitem').first()).toHaveText(`High${high.length}`);
  const [recent] = await query<{ count: number }>(
    `SELECT count(*)::int AS count FROM alert WHERE tenant_id = $1 AND is_primary
        AND alert_creation_time >= (now() AT TIME ZONE 'UTC')::date - 29`,
    [tenantId],
  );
  const chart = page.getByRole('img', { name: /alerts per day by severity/ });
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAccessibleName(new RegExp(`${recent!.count} alerts created in the last 30 days`));
  await expect(page.locator('figure svg path[class^="fill-"]').first()).toBeVisible();
  await page.getByText('Show the numbers').click();
  await expect(page.getByRole('table', { name: /Alerts created per day/ }).getByRole('row')).toHaveCount(31);

  // Markup from the tenant is shown as text, never run.
  await expect(rows.first().getByRole('link', { name: SCRIPT_TITLE })).toBeVisible();
  expect(await page.evaluate(() => (window as { __injected?: number }).__injected)).toBeUndefined();

  // Next, then Previous, by cursor.
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/[?&]before=u\.\d+\.\d+/);
  await expect(rows).toHaveCount(stored.length - 50);
  expect(await hrefs()).toEqual(stored.slice(50).map((alert) => `/alerts/${alert.id}`));
  await expect(page.getByRole('link', { name: 'Next' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Previous' }).click();
  await expect(page).toHaveURL(/[?&]after=u\.\d+\.\d+/);
  expect(await hrefs()).toEqual(stored.slice(0, 50).map((alert) => `/alerts/${alert.id}`));

  // Tenant and severity filters, kept in the URL.
  await page.getByLabel('Tenant', { exact: true }).selectOption({ label: tenantName });
  await page.getByLabel('Severity', { exact: true }).selectOption('High');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]tenant=${tenantId}&severity=High`));
  await expect(page.getByLabel('Tenant', { exact: true })).toHaveValue(tenantId);
  await expect(page.getByLabel('Severity', { exact: true })).toHaveValue('High');
  await expect(rows).toHaveCount(Math.min(50, high.length));
  expect(await hrefs()).toEqual(high.slice(0, 50).map((alert) => `/alerts/${alert.id}`));
  await expect(page.getByRole('heading', { name: `${high.length} matching alerts` })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Severity', { exact: true })).toHaveValue('High');

  // Severity first: High, then Medium, …, each newest change first; the next page by its cursor.
  const bySeverity = await query<{ id: string }>(
    // `alert.id` again: ORDER BY `id` would sort the text column, putting 41 after 228 in a tie.
    `SELECT id::text FROM alert WHERE tenant_id = $1 AND is_primary
      ORDER BY severity_rank DESC, last_update_time DESC, alert.id DESC`,
    [tenantId],
  );
  await page.goto('/alerts');
  await page.getByLabel('Sort by').selectOption({ label: 'Severity (High first)' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]sort=severity/);
  expect(await hrefs()).toEqual(bySeverity.slice(0, 50).map((alert) => `/alerts/${alert.id}`));
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/[?&]before=s\.\d\.\d+\.\d+/);
  expect(await hrefs()).toEqual(bySeverity.slice(50).map((alert) => `/alerts/${alert.id}`));

  // A filter that matches nothing offers the way back.
  await page.goto('/alerts?q=no-such-device-anywhere&severity=Bogus');
  await expect(page.getByLabel('Severity', { exact: true })).toHaveValue('');
  await expect(page.getByText('No alerts match.')).toBeVisible();
  await page.getByRole('link', { name: 'Reset filters' }).click();
  await expect(rows).toHaveCount(50);

  // The detail page: fields, evidence, comments, all text; the link to Microsoft's portal.
  await rows.first().getByRole('link', { name: SCRIPT_TITLE }).click();
  await expect(page.getByRole('heading', { level: 1, name: SCRIPT_TITLE })).toBeVisible();
  const [payload] = await query<{ evidence: unknown[]; upstream_id: string }>(
    `SELECT payload->'evidence' AS evidence, upstream_id FROM alert WHERE id = $1`,
    [stored[0]!.id],
  );
  expect(payload!.evidence.length).toBeGreaterThan(0);
  await expect(page.getByTestId('evidence')).toHaveCount(payload!.evidence.length);
  await expect(page.getByRole('region', { name: 'Comments' })).toContainText(SCRIPT_COMMENT);
  await expect(page.getByRole('region', { name: 'Details' })).toContainText(payload!.upstream_id);
  await expect(page.getByRole('link', { name: 'Open in Microsoft Defender' })).toHaveAttribute(
    'href',
    new RegExp(`/alerts/${payload!.upstream_id}\\?tid=${northwind.id}$`),
  );
  expect(await page.evaluate(() => (window as { __injected?: number }).__injected)).toBeUndefined();

  // The detection's sources, and its incident (stored from XDR).
  const sources = page.getByTestId('alert-sources').getByRole('listitem');
  await expect(sources).toHaveText(['Defender for Endpoint (shown)', 'Defender XDR incident', 'Microsoft Graph'], {
    useInnerText: true,
  });
  const [incident] = await query<{ id: string; upstream_id: string }>(
    `SELECT i.id::text, i.upstream_id FROM incident i JOIN alert a
       ON a.tenant_id = i.tenant_id AND a.incident_id = i.upstream_id AND i.is_primary
     WHERE a.id = $1`,
    [stored[0]!.id],
  );
  await expect(page.getByRole('link', { name: new RegExp(`^${incident!.upstream_id} · `) })).toHaveAttribute(
    'href',
    `/incidents/${incident!.id}`,
  );

  // An id that is not an alert is a 404.
  expect((await page.goto('/alerts/abc'))?.status()).toBe(404);
});

test('two connected tenants in one list: each one’s alerts counted, and the tenant filter keeps one', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const domains = ['northwindtraders.onmicrosoft.com', 'relecloud.onmicrosoft.com'];
  await signInAs(page, admin.displayName, '/tenants');
  const ids: string[] = [];
  for (const domain of domains) {
    await page.goto('/tenants/new');
    await page.getByLabel('Tenant ID or verified domain').fill(domain);
    await page.getByRole('button', { name: 'Register tenant' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Tenant registered' })).toBeVisible();
    ids.push(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByRole('button', { name: 'Check now' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Checked with Microsoft' })).toBeVisible();
  }

  // "Sync now" for both, rather than waiting for the schedule.
  await page.goto('/alerts');
  for (const domain of domains) {
    const line = page.getByTestId('tenant-sync').filter({ hasText: domain });
    await line.getByRole('button', { name: new RegExp(`^Sync now: ${domain}`) }).click();
    await expect(line.getByTestId('sync-progress')).toHaveText(/^Done: /, { timeout: 120_000 });
  }

  const counts = await Promise.all(
    ids.map(async (id) =>
      Number(
        (await query<{ n: string }>(`SELECT count(*) AS n FROM alert WHERE tenant_id = $1 AND is_primary`, [id]))[0]!.n,
      ),
    ),
  );
  expect(counts.every((count) => count > 0)).toBe(true);
  await page.reload();
  const byTenant = page.getByTestId('counts-by-tenant').getByRole('listitem');
  await expect(byTenant).toHaveCount(2);
  for (const [index, domain] of domains.entries())
    await expect(byTenant.filter({ hasText: domain })).toHaveText(`${domain}${counts[index]}`);

  // The tenant filter keeps one tenant's alerts only.
  await byTenant.filter({ hasText: domains[1]! }).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`[?&]tenant=${ids[1]}`));
  const rows = page.getByTestId('alert-row');
  await expect(rows).toHaveCount(Math.min(50, counts[1]!));
  expect(await rows.filter({ hasText: domains[0]! }).count()).toBe(0);
});
