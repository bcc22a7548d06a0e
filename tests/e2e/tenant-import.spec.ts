import type { Page } from '@playwright/test';
import { query } from './support/database';
import { waitForMail } from './support/mail-catcher';
import { homeHeading, signInAs } from './support/sign-in';
import { checkPage, expect, test } from './support/test';
import { partnerUser } from './support/world';

const FABRIKAM = 'b9af6492-1a90-486c-a88f-91ca1828be3b';
const LITWARE = '627bf0fe-8288-406a-a18b-79e8054a20e1';
const NORTHWIND = '57b6504a-dffe-45bb-a0ef-ec5f14e05f6a';
const admin = partnerUser('Canopy.Admin');
const analyst = partnerUser('Canopy.Analyst');

/** Each test starts from an install with no customers (the audit log keeps its history: it is append-only). */
test.beforeEach(async () => {
  await query('DELETE FROM customer_tenant');
});

const csvBox = (page: Page) => page.getByLabel('CSV', { exact: true });
const resultRow = (page: Page, row: number) =>
  page.getByTestId('import-row').filter({ hasText: new RegExp(`^${row}`) });

test('an admin pastes a CSV of good and bad rows and sees what became of each', async ({ page }) => {
  await signInAs(page, admin.displayName);
  await page.getByRole('link', { name: 'Tenants' }).click();
  await page.getByRole('link', { name: 'Import from CSV' }).click();
  await expect(page.getByRole('heading', { name: 'Import customer tenants from CSV' })).toBeVisible();
  const template = await page.request.get(
    (await page.getByRole('link', { name: 'Download a template (CSV)' }).getAttribute('href'))!,
  );
  expect(template.status()).toBe(200);
  expect((await template.text()).split('\n')[0]).toBe('tenant,name,admin_emails,data');

  // A file that cannot be used as a whole saves nothing, and says why.
  await csvBox(page).fill('name,admin_emails\nFabrikam,dana@fabrikam.example');
  await page.getByRole('button', { name: 'Import tenants' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
  await expect(refusal).toContainText('The header row has no tenant column.');
  await expect(refusal.locator('..')).toBeFocused();

  await csvBox(page).fill(
    [
      'Domain,Display name,Admin email,Data',
      `${LITWARE},Litware,lee@litware.example,mde_alerts`,
      'fabrikam.onmicrosoft.com,"Fabrikam, Inc.",dana@fabrikam.example;secops@fabrikam.example,mde_alerts;xdr_incidents',
      'contoso-nowhere.onmicrosoft.com,Nobody,,',
      'relecloud.onmicrosoft.com,Relecloud,not-an-address,',
      'Fabrikam.onmicrosoft.com,Fabrikam again,,',
    ].join('\n'),
  );

  // Hold the import at the network until its pending state has been seen.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/tenants/import', async (route) => {
    if (route.request().method() === 'POST') await held;
    await route.continue();
  });
  await page.getByRole('button', { name: 'Import tenants' }).click();
  await expect(page.getByRole('button', { name: 'Importing…' })).toBeDisabled();
  await expect(page.getByRole('status').filter({ hasText: 'Canopy looks each tenant up' })).toBeVisible();
  release();

  await expect(page.getByRole('heading', { name: 'Import results' })).toBeFocused();
  await expect(page.getByTestId('import-summary')).toHaveText(
    '5 rows: 2 registered, 0 already registered, 3 errors. New tenants wait for an admin-consent invitation.',
  );
  await expect(page.getByTestId('import-row')).toHaveCount(5);
  await expect(resultRow(page, 2)).toContainText(`Litware${LITWARE}Registered`);
  await expect(resultRow(page, 3)).toContainText(`Fabrikam, Inc.${FABRIKAM}Registered`);
  await expect(resultRow(page, 4)).toContainText('Error');
  await expect(resultRow(page, 4)).toContainText('AADSTS90002');
  await expect(resultRow(page, 5)).toContainText('Admin email: "not-an-address" is not an email address');
  await expect(resultRow(page, 6)).toContainText('Duplicate: the same tenant as row 3.');
  // The CSV stays in the box, so that the bad rows can be fixed and imported again.
  await expect(csvBox(page)).toHaveValue(/^Domain,Display name/);
  await checkPage(page);

  expect(
    await query('SELECT entra_tenant_id, display_name, admin_emails, data_sources FROM customer_tenant ORDER BY 2'),
  ).toEqual([
    {
      entra_tenant_id: FABRIKAM,
      display_name: 'Fabrikam, Inc.',
      admin_emails: ['dana@fabrikam.example', 'secops@fabrikam.example'],
      data_sources: '{MDE_ALERTS,XDR_INCIDENTS}',
    },
    {
      entra_tenant_id: LITWARE,
      display_name: 'Litware',
      admin_emails: ['lee@litware.example'],
      data_sources: '{MDE_ALERTS}',
    },
  ]);
  const [summary] = await query<{ detail: unknown }>(
    `SELECT detail FROM audit_event WHERE action = 'tenant.bulk-imported' ORDER BY id DESC LIMIT 1`,
  );
  expect(summary?.detail).toEqual({ rows: 5, registered: 2, alreadyRegistered: 0, errors: 3 });

  // Then invitations for the chosen tenants, in one action: both new ones are chosen.
  const invite = page.getByRole('group', { name: 'Send admin-consent invitations' });
  await expect(invite.getByRole('checkbox', { name: 'Litware' })).toBeChecked();
  await invite.getByRole('checkbox', { name: 'Litware' }).uncheck();
  const since = new Date();
  await page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByTestId('invite-result')).toHaveCount(1);
  await expect(page.getByTestId('invite-result')).toHaveText('Sent');
  // Nothing is chosen again by itself once invitations went out.
  await expect(invite.getByRole('checkbox', { name: 'Litware' })).not.toBeChecked();
  await expect(invite.getByRole('checkbox', { name: 'Fabrikam, Inc.' })).not.toBeChecked();
  const mail = await waitForMail('secops@fabrikam.example', { since });
  expect(mail.subject).toContain('Fabrikam, Inc.');
  expect(await query(`SELECT display_name, status FROM customer_tenant ORDER BY 1`)).toEqual([
    { display_name: 'Fabrikam, Inc.', status: 'INVITED' },
    { display_name: 'Litware', status: 'REGISTERED' },
  ]);

  // At phone width the tenant in Canopy moves under the tenant as typed; its link still leads to the tenant.
  await page.setViewportSize({ width: 390, height: 844 });
  await resultRow(page, 3).getByRole('link', { name: 'Fabrikam, Inc.' }).click();
  await expect(page.getByRole('heading', { name: 'Fabrikam, Inc.' })).toBeVisible();
});

test('a chosen file is read into the box; importing it again says the tenants are already registered', async ({
  page,
}) => {
  await signInAs(page, admin.displayName, '/tenants/import');
  const fileInput = page.getByLabel('CSV file');
  await fileInput.setInputFiles({
    name: 'big.csv',
    mimeType: 'text/csv',
    buffer: Buffer.alloc(1024 * 1024 + 1, 'a'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'big.csv' })).toHaveText(
    'big.csv is larger than 1 MB. Split it into several files.',
  );
  await fileInput.setInputFiles({
    name: 'latin1.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('tenant,name\nnorthwindtraders.onmicrosoft.com,Caf\xe9 Northwind\n', 'latin1'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'latin1.csv' })).toContainText('is not UTF-8 text');
  await expect(csvBox(page)).toHaveValue('');

  const csv = `\uFEFFtenant;name\r\nnorthwindtraders.onmicrosoft.com;Café Northwind\r\n${FABRIKAM};\r\n`;
  await fileInput.setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByRole('status').filter({ hasText: 'customers.csv' })).toHaveText(
    'customers.csv is in the box below: check it, then import.',
  );
  // Without the byte order mark; a text box keeps its line ends as LF.
  await expect(csvBox(page)).toHaveValue(csv.slice(1).replaceAll('\r\n', '\n'));
  await page.getByRole('button', { name: 'Import tenants' }).click();
  await expect(page.getByTestId('import-summary')).toContainText(
    '2 rows: 2 registered, 0 already registered, 0 errors.',
  );
  await expect(resultRow(page, 2)).toContainText(`Café Northwind${NORTHWIND}Registered`);

  await page.getByRole('button', { name: 'Import tenants' }).click();
  await expect(page.getByTestId('import-summary')).toContainText(
    '2 rows: 0 registered, 2 already registered, 0 errors.',
  );
  await expect(resultRow(page, 3)).toContainText(`Already registered`);
  await expect(resultRow(page, 3)).toContainText(`This tenant is already registered as "${FABRIKAM}".`);
  await checkPage(page);
  await resultRow(page, 2).getByRole('link', { name: 'Café Northwind' }).click();
  await expect(page.getByRole('heading', { name: 'Café Northwind' })).toBeVisible();
  expect(await query('SELECT 1 FROM customer_tenant')).toHaveLength(2);

  await page.getByRole('link', { name: 'Customer tenants' }).click();
  await page.getByRole('link', { name: 'Import from CSV' }).click();
  await expect(page).toHaveURL(/\/tenants\/import$/);
});

test('a file chosen before the page has finished loading is still read into the box', async ({ page }) => {
  await signInAs(page, admin.displayName);
  await expect(homeHeading(page)).toBeVisible();
  // Hold the page's scripts (routing also turns the browser's cache off), so the file is chosen before React listens.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_next/static/chunks/**', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/tenants/import', { waitUntil: 'commit' });
  await page
    .getByLabel('CSV file')
    .setInputFiles({ name: 'early.csv', mimeType: 'text/csv', buffer: Buffer.from(`tenant\n${FABRIKAM}\n`) });
  release();
  await expect(page.getByRole('status').filter({ hasText: 'early.csv' })).toHaveText(
    'early.csv is in the box below: check it, then import.',
  );
  await expect(csvBox(page)).toHaveValue(`tenant\n${FABRIKAM}\n`);
});

test('analysts cannot import: the page answers 403 and a forged import is refused', async ({ page, browser }) => {
  // The action's id and form fields, as an admin's page carries them.
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signInAs(adminPage, admin.displayName, '/tenants/import');
  const fields = await adminPage
    .locator('form', { has: adminPage.locator('textarea') })
    .evaluate((form) =>
      Object.fromEntries(
        [...new FormData(form as HTMLFormElement)].map(([k, v]) => [k, typeof v === 'string' ? v : '']),
      ),
    );
  const actionId = (
    JSON.parse(Object.entries(fields).find(([name]) => /^\$ACTION_\d+:0$/.test(name))![1]) as { id: string }
  ).id;

  /** The import as Canopy's page sends it (Next-Action header), then as a form posted without JavaScript. */
  const forge = async (on: Page, csv: string) => {
    const viaScript = await on.evaluate(
      async ({ id, csv }) => {
        const body = new FormData();
        body.append('_1_csv', csv);
        body.append('0', JSON.stringify([{ result: null }, '$K1']));
        const response = await fetch('/tenants/import', { method: 'POST', headers: { 'Next-Action': id }, body });
        return response.status;
      },
      { id: actionId, csv },
    );
    const withoutScript = await on.request.post('/tenants/import', { multipart: { ...fields, csv } });
    return [viaScript, withoutScript.status()];
  };

  try {
    await signInAs(page, analyst.displayName);
    await expect(page.getByTestId('current-role')).toHaveText('Analyst');
    const refused = await page.goto('/tenants/import');
    expect(refused?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    await expect(csvBox(page)).toHaveCount(0);

    const [viaScript, withoutScript] = await forge(page, 'tenant\nfabrikam.onmicrosoft.com');
    expect(viaScript).toBe(403);
    // Next renders an action's forbidden() as its not-found page when the form was posted without JavaScript.
    expect(withoutScript).toBeGreaterThanOrEqual(400);
    expect(await query('SELECT 1 FROM customer_tenant')).toHaveLength(0);

    // The same requests from an admin do import: the forgery was well-formed.
    expect(await forge(adminPage, 'tenant\nfabrikam.onmicrosoft.com')).toEqual([200, 200]);
    expect(await query('SELECT entra_tenant_id FROM customer_tenant')).toEqual([{ entra_tenant_id: FABRIKAM }]);
  } finally {
    await adminContext.close();
  }
});
