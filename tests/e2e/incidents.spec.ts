import { readFile } from 'node:fs/promises';
import { readCsv } from '../../lib/csv/read-csv';
import { query } from './support/database';
import { signInAs } from './support/sign-in';
import { expect, test } from './support/test';
import { partnerUser } from './support/world';

// Incidents and alerts are inserted as the syncs store them: these tests are about the pages and
// the export, not the syncs (tested on their own). The tenants read no data source, so no sync
// of the running worker touches them.
const analyst = partnerUser('Canopy.Analyst');
const noRole = partnerUser(null);
const CONTOSO = { entra: '2b8a1f4e-6c7d-4e8f-9a0b-1c2d3e4f5a6b', name: 'Contoso E2E' };
const FABRIKAM = { entra: '4d1c9e7a-3b2f-4a6e-8c5d-7f0e1a2b3c4d', name: 'Fabrikam E2E' };
const MARKUP_NAME = '<img src=x onerror="window.__injected = 1"> Ransomware <b>wave</b>';
const FORMULA_TITLE = '=HYPERLINK("http://evil.example","Open me")';

test.beforeEach(async () => {
  await query('DELETE FROM customer_tenant');
});

async function addTenant(tenant: { entra: string; name: string }): Promise<string> {
  const [row] = await query<{ id: string }>(
    `INSERT INTO customer_tenant (id, entra_tenant_id, display_name, status, data_sources, updated_at)
     VALUES (gen_random_uuid(), $1, $2, 'CONNECTED', '{}', now()) RETURNING id`,
    [tenant.entra, tenant.name],
  );
  return row!.id;
}

/** `count` XDR incidents of a tenant, one minute apart before 10:00 UTC; every third High. */
async function addIncidents(tenantId: string, count: number) {
  await query(
    `INSERT INTO incident (tenant_id, source, upstream_id, name, severity, severity_rank, status, alert_count,
                           created_time, last_update_time, payload)
     SELECT $1, 'XDR', n::text, 'Incident ' || n, CASE WHEN n % 3 = 0 THEN 'High' ELSE 'Medium' END,
            CASE WHEN n % 3 = 0 THEN 4 ELSE 3 END, 'Active', 1, timestamp '2026-11-29 08:00',
            timestamp '2026-11-30 10:00' - n * interval '1 minute', '{}'
       FROM generate_series(1, $2::int) AS n`,
    [tenantId, count],
  );
}

const incidentIds = async (where: string, params: unknown[]) =>
  (
    await query<{ id: string }>(
      // `i.id`: a bare `id` would sort by the text column of the select list.
      `SELECT i.id::text FROM incident i WHERE is_primary AND ${where} ORDER BY last_update_time DESC, i.id DESC`,
      params,
    )
  ).map((row) => `/incidents/${row.id}`);

test('incidents from every tenant: list, filters in the URL, older page, detail with its alerts, all as text', async ({
  page,
}) => {
  await signInAs(page, analyst.displayName, '/incidents');
  await expect(page.getByRole('heading', { name: 'No connected tenants yet' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Go to Tenants' })).toHaveAttribute('href', '/tenants');

  const contoso = await addTenant(CONTOSO);
  const fabrikam = await addTenant(FABRIKAM);
  await page.reload();
  await expect(page.getByText('No incidents yet')).toBeVisible();

  await addIncidents(contoso, 40);
  await addIncidents(fabrikam, 20);
  // The newest: Graph's copy (primary, with Microsoft's link) and XDR's, with alerts of its own.
  const [graph] = await query<{ id: string }>(
    `INSERT INTO incident (tenant_id, source, upstream_id, name, severity, severity_rank, status, classification,
                           determination, assigned_to, tags, redirect_incident_id, alert_count, web_url,
                           created_time, last_update_time, payload)
     VALUES ($1, 'GRAPH', '9001', $2, 'high', 4, 'inProgress', 'truePositive', 'malware', 'soc@contoso.example',
             '{Ransomware,VIP}', '1', 3, 'https://security.microsoft.com/incidents/9001?tid=${CONTOSO.entra}',
             timestamp '2026-11-29 07:00', timestamp '2026-11-30 11:00', $3)
     RETURNING id::text`,
    [
      contoso,
      MARKUP_NAME,
      JSON.stringify({
        description: 'Files encrypted on <b>3</b> devices',
        comments: [{ comment: '<script>window.__injected = 2</script> isolated', createdByDisplayName: 'Sam' }],
      }),
    ],
  );
  await query(
    `INSERT INTO incident (tenant_id, source, upstream_id, name, severity, severity_rank, status, created_time,
                           last_update_time, payload, is_primary)
     VALUES ($1, 'XDR', '9001', 'XDR copy', 'High', 4, 'InProgress', now(), timestamp '2026-11-30 11:00', '{}', false)`,
    [contoso],
  );
  await query(
    `INSERT INTO alert (tenant_id, source, upstream_id, title, severity, severity_rank, status, incident_id,
                        alert_creation_time, last_update_time, payload, is_primary)
     VALUES ($1, 'MDE', 'da-1', 'Ransom note written', 'High', 4, 'New', '9001', now(), timestamp '2026-11-30 10:59', '{}', true),
            ($1, 'GRAPH', 'ga-2', 'Mass file rename', 'Medium', 3, 'New', '9001', now(), timestamp '2026-11-30 10:58', '{}', true),
            ($1, 'XDR', 'da-1', 'Ransom note written (XDR copy)', 'High', 4, 'New', '9001', now(), timestamp '2026-11-30 10:59', '{}', false),
            ($1, 'MDE', 'da-3', 'Another incident’s alert', 'Low', 2, 'New', '12', now(), timestamp '2026-11-30 10:57', '{}', true),
            ($2, 'MDE', 'da-4', 'Another tenant’s incident 9001', 'Low', 2, 'New', '9001', now(), timestamp '2026-11-30 10:56', '{}', true)`,
    [contoso, fabrikam],
  );
  const all = await incidentIds('TRUE', []);
  expect(all).toHaveLength(61);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).click();
  const rows = page.getByTestId('incident-row');
  await expect(rows).toHaveCount(50);
  const hrefs = () => rows.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  await expect.poll(hrefs).toEqual(all.slice(0, 50));
  await expect(rows.first().getByRole('link', { name: MARKUP_NAME })).toBeVisible();
  await expect(rows.first()).toContainText(CONTOSO.name);
  await expect(rows.first()).toContainText('In progress');
  await expect(rows.first()).toContainText('soc@contoso.example');
  expect(await page.evaluate(() => (window as { __injected?: number }).__injected)).toBeUndefined();

  await page.getByRole('link', { name: 'Older' }).click();
  await expect(page).toHaveURL(/[?&]before=\d+\.\d+/);
  await expect(rows).toHaveCount(11);
  await expect.poll(hrefs).toEqual(all.slice(50));
  await page.getByRole('link', { name: 'Newer' }).click();
  await expect.poll(hrefs).toEqual(all.slice(0, 50));

  // Tenant and severity (XDR's "High" and Graph's "high" alike), kept in the URL.
  await page.getByLabel('Tenant').selectOption({ label: CONTOSO.name });
  await page.getByLabel('Severity').selectOption('High');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`tenant=${contoso}.*severity=High`));
  const contosoHigh = await incidentIds(`tenant_id = $1 AND severity IN ('High', 'high')`, [contoso]);
  expect(contosoHigh).toHaveLength(14);
  await expect(rows).toHaveCount(14);
  await expect.poll(hrefs).toEqual(contosoHigh);

  await page.goto('/incidents?q=no-such-incident&status=Bogus');
  await expect(page.getByLabel('Status')).toHaveValue('');
  await expect(page.getByText('No incidents match.')).toBeVisible();
  await page.getByRole('link', { name: 'Reset filters' }).click();
  await expect(rows).toHaveCount(50);

  // The detail: every field as text, its own alerts only, the incident it was merged into, Microsoft's link.
  await rows.first().getByRole('link', { name: MARKUP_NAME }).click();
  await expect(page).toHaveURL(`/incidents/${graph!.id}`);
  await expect(page.getByRole('heading', { level: 1, name: MARKUP_NAME })).toBeVisible();
  const details = page.getByRole('region', { name: 'Details' });
  for (const text of ['9001', 'Defender XDR, Microsoft Graph', 'truePositive', 'malware', 'Ransomware', 'VIP'])
    await expect(details).toContainText(text);
  await expect(details.getByRole('link', { name: '#1 Incident 1' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Description' })).toContainText('Files encrypted on <b>3</b> devices');
  await expect(page.getByRole('region', { name: 'Comments' })).toContainText(
    '<script>window.__injected = 2</script> isolated',
  );
  const alertLinks = await query<{ id: string; title: string }>(
    `SELECT a.id::text, title FROM alert a WHERE tenant_id = $1 AND incident_id = '9001' AND is_primary
      ORDER BY last_update_time DESC, a.id DESC`,
    [contoso],
  );
  const incidentAlerts = page.getByRole('region', { name: 'Alerts' }).getByTestId('alert-row').getByRole('link');
  expect(
    await incidentAlerts.evaluateAll((links) => links.map((a) => [a.getAttribute('href'), a.textContent])),
  ).toEqual(alertLinks.map((alert) => [`/alerts/${alert.id}`, alert.title]));
  await expect(page.getByRole('link', { name: 'Open in Microsoft Defender' })).toHaveAttribute(
    'href',
    `https://security.microsoft.com/incidents/9001?tid=${CONTOSO.entra}`,
  );
  expect(await page.evaluate(() => (window as { __injected?: number }).__injected)).toBeUndefined();

  // An XDR incident has no link of Microsoft's: built from the configured portal.
  await details.getByRole('link', { name: '#1 Incident 1' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Incident 1' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open in Microsoft Defender' })).toHaveAttribute(
    'href',
    new RegExp(`/incidents/1\\?tid=${CONTOSO.entra}$`),
  );
  await expect(page.getByRole('region', { name: 'Alerts' })).toContainText('0 stored in Canopy; Microsoft listed 1.');

  expect((await page.goto('/incidents/abc'))?.status()).toBe(404);
});

test('the alerts CSV download holds exactly the filtered alerts, formulas neutralised', async ({ page }) => {
  const contoso = await addTenant(CONTOSO);
  const fabrikam = await addTenant(FABRIKAM);
  await query(
    `INSERT INTO alert (tenant_id, source, upstream_id, title, severity, severity_rank, status, computer_dns_name,
                        alert_creation_time, last_update_time, payload)
     SELECT t.id, 'MDE', t.prefix || n, CASE WHEN n = 4 THEN $3 ELSE 'Alert, "number" ' || n END,
            CASE WHEN n % 2 = 0 THEN 'High' ELSE 'Low' END, CASE WHEN n % 2 = 0 THEN 4 ELSE 2 END, 'New',
            'pc-' || n || '.contoso.example', timestamp '2026-11-29 08:00',
            timestamp '2026-11-30 10:00' - n * interval '1 minute', '{}'
       FROM (VALUES ($1::uuid, 'c-'), ($2::uuid, 'f-')) AS t(id, prefix), generate_series(1, 30) AS n`,
    [contoso, fabrikam, FORMULA_TITLE],
  );
  await signInAs(page, analyst.displayName, '/alerts');
  await page.getByLabel('Tenant', { exact: true }).selectOption({ label: CONTOSO.name });
  await page.getByLabel('Severity', { exact: true }).selectOption('High');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/severity=High/);
  await expect(page.getByTestId('alert-row')).toHaveCount(15);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^canopy-alerts-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = await readFile(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const parsed = readCsv(bytes.toString('utf8'), ',');
  if (!parsed.ok) throw new Error(parsed.error);
  const [header, ...records] = parsed.records.map((record) => record.fields);
  const column = (name: string) => header!.indexOf(name);

  const expected = await query<{ upstream_id: string; title: string; last_update_time: Date }>(
    `SELECT upstream_id, title, last_update_time FROM alert
      WHERE tenant_id = $1 AND severity = 'High' AND is_primary ORDER BY last_update_time DESC, id DESC`,
    [contoso],
  );
  expect(records.map((r) => r[column('Alert ID')])).toEqual(expected.map((alert) => alert.upstream_id));
  expect(new Set(records.map((r) => `${r[column('Tenant')]} ${r[column('Severity')]}`))).toEqual(
    new Set([`${CONTOSO.name} High`]),
  );
  const formula = records.find((r) => r[column('Alert ID')] === 'c-4')!;
  expect(formula[column('Title')]).toBe(`'${FORMULA_TITLE}`);
  expect(records.find((r) => r[column('Alert ID')] === 'c-2')![column('Title')]).toBe('Alert, "number" 2');
  expect(records[0]![column('Last update (UTC)')]).toBe('2026-11-30T09:58:00.000Z');
});

test('the exports check the role themselves: a user without a Canopy role gets no file', async ({ page }) => {
  await addTenant(CONTOSO);
  await signInAs(page, noRole.displayName);
  await expect(page).toHaveURL(/\/no-access$/);
  for (const path of ['/alerts/export', '/incidents/export']) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(new URL(response.headers()['location']!, page.url()).pathname).toBe('/no-access');
    expect(response.headers()['content-disposition']).toBeUndefined();
  }
});
