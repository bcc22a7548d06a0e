import { query } from './support/database';
import { signInAs } from './support/sign-in';
import { checkPage, expect, test } from './support/test';
import { partnerUser } from './support/world';

// More tenants than the filter's select takes (TENANT_SELECT_LIMIT, 50), inserted as the registry
// stores them. They read no data source, so no sync of the running worker touches them.
const analyst = partnerUser('Canopy.Analyst');
const TENANTS = 60;
const tenantName = (n: number) => `Picker Tenant ${String(n).padStart(2, '0')}`;

test.beforeEach(async () => {
  await query('DELETE FROM customer_tenant');
});

/** The tenants' ids by name. */
async function addTenants(): Promise<Map<string, string>> {
  const rows = await query<{ id: string; display_name: string }>(
    `INSERT INTO customer_tenant (id, entra_tenant_id, display_name, domain, status, data_sources, updated_at)
     SELECT gen_random_uuid(), gen_random_uuid(), 'Picker Tenant ' || lpad(n::text, 2, '0'),
            'picker' || n || '.onmicrosoft.com', 'CONNECTED', '{}', now()
       FROM generate_series(1, $1::int) AS n
     RETURNING id::text, display_name`,
    [TENANTS],
  );
  return new Map(rows.map((row) => [row.display_name, row.id]));
}

async function addIncidents(tenantId: string, count: number) {
  await query(
    `INSERT INTO incident (tenant_id, source, upstream_id, name, severity, severity_rank, status, alert_count,
                           created_time, last_update_time, payload)
     SELECT $1, 'XDR', n::text, 'Incident ' || n, 'High', 4, 'Active', 1, timestamp '2026-11-29 08:00',
            timestamp '2026-11-30 10:00' - n * interval '1 minute', '{}'
       FROM generate_series(1, $2::int) AS n`,
    [tenantId, count],
  );
}

/** The tenant names a page's HTML carries. */
const namesIn = (html: string) => new Set(html.match(/Picker Tenant \d\d/g));

test('with many tenants the tenant filter is a search: type part of a name, pick with the keyboard, the list narrows, clear it', async ({
  page,
}) => {
  const ids = await addTenants();
  await addIncidents(ids.get(tenantName(41))!, 3);
  await addIncidents(ids.get(tenantName(42))!, 2);

  await signInAs(page, analyst.displayName, '/incidents');
  const rows = page.getByTestId('incident-row');
  await expect(rows).toHaveCount(5);
  // The page names the tenants of its rows, not every tenant.
  expect(namesIn(await (await page.request.get('/incidents')).text())).toEqual(
    new Set([tenantName(41), tenantName(42)]),
  );

  const picker = page.getByRole('combobox', { name: 'Tenant' });
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  // While the server has not answered, the picker says it is searching.
  let answer: () => void = () => {};
  const answered = new Promise<void>((resolve) => (answer = resolve));
  await page.route('**/api/tenant-options?**', async (route) => {
    await answered;
    await route.continue();
  });
  await picker.fill('tenant 4');
  await expect(page.getByRole('status').filter({ hasText: 'Searching…' })).toBeVisible();
  answer();
  const listbox = page.getByRole('listbox', { name: 'Tenant' });
  const options = listbox.getByRole('option');
  await expect(options).toHaveText(Array.from({ length: 10 }, (_, n) => tenantName(40 + n)));
  await expect(picker).toHaveAttribute('aria-expanded', 'true');
  await expect(picker).toHaveAttribute('aria-controls', (await listbox.getAttribute('id'))!);
  await expect(page.getByRole('status').filter({ hasText: '10 tenants match.' })).toBeVisible();
  // The first match is active; the arrows move through the list.
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await picker.press('ArrowDown');
  await picker.press('ArrowDown');
  const chosen = listbox.getByRole('option', { name: tenantName(42) });
  await expect(chosen).toHaveAttribute('aria-selected', 'true');
  await expect(picker).toHaveAttribute('aria-activedescendant', (await chosen.getAttribute('id'))!);
  await checkPage(page);
  await picker.press('Enter');
  await expect(picker).toHaveValue(tenantName(42));
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  // The list closed, Enter submits the filter form.
  await picker.press('Enter');
  await expect(page).toHaveURL(new RegExp(`[?&]tenant=${ids.get(tenantName(42))}(&|$)`));
  await expect(rows).toHaveCount(2);
  await expect(picker).toHaveValue(tenantName(42));

  // No match says so; Escape puts back the chosen tenant.
  await picker.fill('tenant 99');
  await expect(page.getByRole('status').filter({ hasText: 'No tenant matches “tenant 99”.' })).toBeVisible();
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  await picker.press('Escape');
  await expect(picker).toHaveValue(tenantName(42));

  // Clearing it goes back to every tenant.
  await page.getByRole('button', { name: `Clear the tenant (${tenantName(42)}): all tenants` }).click();
  await expect(picker).toHaveValue('');
  await expect(picker).toBeFocused();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]tenant=(&|$)/);
  await expect(rows).toHaveCount(5);
});

test('the picker’s matches are for signed-in staff only, and only for a page with a tenant filter', async ({
  page,
  playwright,
  baseURL,
}) => {
  await addTenants();
  const anonymous = await playwright.request.newContext({ baseURL });
  const refused = await anonymous.get('/api/tenant-options?list=alerts&q=picker');
  expect(refused.status()).toBe(401);
  expect(await refused.text()).not.toContain('Picker Tenant');
  await anonymous.dispose();

  await signInAs(page, analyst.displayName, '/incidents');
  await expect(page.getByRole('combobox', { name: 'Tenant' })).toBeVisible();
  expect((await page.request.get('/api/tenant-options?list=tenants&q=picker')).status()).toBe(400);
  const found = await page.request.get('/api/tenant-options?list=alerts&q=picker tenant 0');
  expect(await found.json()).toEqual({
    tenants: Array.from({ length: 9 }, (_, n) => ({ id: expect.any(String), displayName: tenantName(n + 1) })),
    more: false,
  });
});

test('the alerts page at many tenants: the picker by domain, a bounded page, the chart’s numbers on demand', async ({
  page,
}) => {
  const ids = await addTenants();
  await signInAs(page, analyst.displayName, '/alerts');
  await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
  // The sync panel names five tenants at most (those needing attention: never synced); the filter none.
  expect(namesIn(await (await page.request.get('/alerts')).text()).size).toBe(5);

  const picker = page.getByRole('combobox', { name: 'Tenant' });
  await picker.fill('picker57.onmicrosoft');
  const listbox = page.getByRole('listbox', { name: 'Tenant' });
  await expect(listbox.getByRole('option')).toHaveText([tenantName(57)]);
  await picker.press('Enter');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]tenant=${ids.get(tenantName(57))}(&|$)`));
  await expect(picker).toHaveValue(tenantName(57));
  await expect(page.getByRole('img', { name: /alerts per day by severity/ })).toHaveAccessibleName(
    new RegExp(tenantName(57)),
  );

  // The numbers behind the chart: asked for, on the same view.
  await expect(page.getByRole('table', { name: /Alerts created per day/ })).toHaveCount(0);
  await page.getByRole('link', { name: 'Show the numbers' }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]tenant=${ids.get(tenantName(57))}&numbers=1#alert-numbers$`));
  await expect(page.getByRole('table', { name: /Alerts created per day/ }).getByRole('row')).toHaveCount(31);
  await page.getByRole('link', { name: 'Hide the numbers' }).click();
  await expect(page.getByRole('table', { name: /Alerts created per day/ })).toHaveCount(0);
  await expect(picker).toHaveValue(tenantName(57));
});

test('a tenant name typed before the page has finished loading is still searched', async ({ page }) => {
  await addTenants();
  await signInAs(page, analyst.displayName, '/incidents');
  await expect(page.getByRole('combobox', { name: 'Tenant' })).toBeVisible();
  // Hold the page's scripts (routing also turns the browser's cache off), so the text goes in before React listens.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_next/static/chunks/**', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/incidents', { waitUntil: 'commit' });
  await page.getByRole('combobox', { name: 'Tenant' }).fill('tenant 3');
  release();
  await expect(page.getByRole('listbox', { name: 'Tenant' }).getByRole('option')).toHaveText(
    Array.from({ length: 10 }, (_, n) => tenantName(30 + n)),
  );
});
