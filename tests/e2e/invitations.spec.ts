import { createHash } from 'node:crypto';
import type { Page, Request } from '@playwright/test';
import { query } from './support/database';
import { captureActionRequest, replayActionRequest } from './support/forged-action';
import { waitForMail } from './support/mail-catcher';
import { signInAs } from './support/sign-in';
import { expect, test } from './support/test';
import { partnerUser } from './support/world';

const FABRIKAM = 'b9af6492-1a90-486c-a88f-91ca1828be3b';
const DANA = 'dana.admin@fabrikam.onmicrosoft.com';
const admin = partnerUser('Canopy.Admin');
const analyst = partnerUser('Canopy.Analyst');
const INVITE_LINK = /http:\/\/localhost:\d+\/invite\/([\w-]{43})/;

/** Each test starts without customers; emails and the audit log keep their history. */
test.beforeEach(async () => {
  await query('DELETE FROM customer_tenant');
});

/** Registers Fabrikam by domain with Dana as its administrator; leaves the page on the tenant. */
async function registerFabrikam(page: Page) {
  await page.goto('/tenants/new');
  await page.getByLabel('Tenant ID or verified domain').fill('fabrikam.onmicrosoft.com');
  await page.getByLabel('Display name').fill('Fabrikam');
  await page.getByLabel('Customer administrator email addresses').fill(DANA);
  await page.getByRole('button', { name: 'Register tenant' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tenant registered' })).toBeVisible();
}

/** The invitation rows of the database, by the SHA-256 of a link's token (what Canopy stores). */
const invitationsByHash = (token: string) =>
  query<{ revoked_at: Date | null }>('SELECT revoked_at FROM invitation WHERE token_hash = $1', [
    createHash('sha256').update(token).digest('hex'),
  ]);

test('an admin registers Fabrikam and emails the invitation, which arrives with its /invite/ link', async ({
  page,
}) => {
  await signInAs(page, admin.displayName);
  await registerFabrikam(page);
  const panel = page.getByRole('region', { name: 'Invitations' });
  await expect(panel).toContainText(`To ${DANA}, through 127.0.0.1:`);
  await expect(panel).toContainText('No invitation yet.');

  const since = new Date();
  await panel.getByRole('button', { name: 'Send invitation by email' }).click();
  await expect(panel.getByRole('status').filter({ hasText: `Invitation sent to ${DANA}` })).toContainText(
    'The mail server answered: 250',
  );
  const mail = await waitForMail(DANA, { since });
  expect(mail.from?.text).toBe('"Contoso Security Partners" <onboarding@contoso-partner.example>');
  expect(mail.subject).toBe(
    'Contoso Security Partners: please approve read-only access to Microsoft Defender for Fabrikam',
  );
  const [link, token] = INVITE_LINK.exec(mail.text ?? '') ?? [];
  expect(link).toBeDefined();
  expect(mail.html).toContain(`href="${link}"`);
  expect(await invitationsByHash(token!)).toEqual([{ revoked_at: null }]);
  expect(
    await query(
      `SELECT e.status, e.to, e.sealed_body, t.status AS tenant_status FROM email_message e
         JOIN customer_tenant t ON t.id = e.tenant_id WHERE t.entra_tenant_id = $1`,
      [FABRIKAM],
    ),
  ).toEqual([{ status: 'ACCEPTED', to: [DANA], sealed_body: null, tenant_status: 'INVITED' }]);

  await expect(panel.getByTestId('invitation-row')).toHaveCount(1);
  await expect(panel.getByTestId('invitation-row')).toContainText('Active');
  await expect(panel.getByTestId('invitation-row')).toContainText(`by ${admin.displayName}`);
  await expect(panel.getByTestId('invitation-row')).toContainText('Not opened');
  await expect(panel.getByTestId('invitation-email-row')).toContainText('Sent');
  await expect(panel.getByTestId('invitation-email-row')).toContainText(`To ${DANA}`);
  await expect(page.getByTestId('timeline-event').first()).toContainText('Invitation email');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: 'Invitation emails are sent through 127.0.0.1:' }),
  ).toBeVisible();
  const row = page.getByTestId('email-row').first();
  await expect(row).toContainText('Sent');
  await expect(row).toContainText(`To ${DANA}`);
  // Sent emails are not kept, so there is nothing to open.
  await expect(row.getByRole('link', { name: /please approve/ })).toHaveCount(0);
});

test('"Create link" shows a new link once, replacing the earlier one; an admin revokes it', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signInAs(page, admin.displayName);
  await registerFabrikam(page);
  const panel = page.getByRole('region', { name: 'Invitations' });
  await panel.getByRole('button', { name: 'Send invitation by email' }).click();
  await expect(panel.getByTestId('invitation-row')).toHaveCount(1);

  await panel.getByRole('button', { name: 'Create link' }).click();
  const shown = panel.getByRole('status').filter({ hasText: 'New invitation link' });
  await expect(shown).toContainText('It replaces earlier links');
  const link = await panel.getByTestId('invitation-link').textContent();
  const [, token] = INVITE_LINK.exec(link ?? '') ?? [];
  expect(token).toBeDefined();
  await shown.getByRole('button', { name: 'Copy link' }).click();
  await expect(shown.getByRole('status')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  const rows = panel.getByTestId('invitation-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Active');
  await expect(rows.nth(1)).toContainText('Revoked');
  await rows.nth(0).getByRole('button', { name: 'Revoke' }).click();
  await expect(rows.nth(0)).toContainText('Revoked');
  await expect(panel.getByRole('button', { name: 'Revoke' })).toHaveCount(0);
  expect((await invitationsByHash(token!))[0]?.revoked_at).toBeInstanceOf(Date);
  expect(await query('SELECT 1 FROM invitation WHERE revoked_at IS NULL')).toEqual([]);
  await expect(page.getByTestId('timeline-event').first()).toContainText('Invitation revoked');

  // The link was shown once: the page does not have it any more.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Invitations' })).not.toContainText(token!);
});

test('analysts see no invitation controls, and the server refuses their forged actions', async ({ page, browser }) => {
  await signInAs(page, admin.displayName);
  await registerFabrikam(page);
  const tenantUrl = page.url();
  const panel = page.getByRole('region', { name: 'Invitations' });
  // The admin's own requests, replayed below with the analyst's session cookie.
  const actionRequests: Request[] = [];
  for (const button of ['Send invitation by email', 'Create link'])
    actionRequests.push(await captureActionRequest(page, () => panel.getByRole('button', { name: button }).click()));
  await expect(panel.getByTestId('invitation-row')).toHaveCount(2);
  const before = await query('SELECT id, revoked_at FROM invitation ORDER BY created_at');

  const analystContext = await browser.newContext();
  const analystPage = await analystContext.newPage();
  try {
    await signInAs(analystPage, analyst.displayName);
    await analystPage.goto(tenantUrl);
    await expect(analystPage.getByRole('heading', { name: 'Fabrikam' })).toBeVisible();
    await expect(analystPage.getByRole('region', { name: 'Invitations' })).toHaveCount(0);
    for (const name of ['Send invitation by email', 'Create link', 'Revoke'])
      await expect(analystPage.getByRole('button', { name })).toHaveCount(0);
    await expect(analystPage.getByRole('link', { name: 'Outbox' })).toHaveCount(0);
    expect((await analystPage.goto('/outbox'))?.status()).toBe(403);

    for (const request of actionRequests) {
      const response = await replayActionRequest(analystPage, request);
      expect(response.status()).toBe(403);
      expect(await response.text()).not.toMatch(INVITE_LINK);
    }
  } finally {
    await analystContext.close();
  }
  expect(await query('SELECT id, revoked_at FROM invitation ORDER BY created_at')).toEqual(before);
  expect(
    await query('SELECT 1 FROM email_message WHERE created_by_id IN (SELECT id FROM staff_user WHERE name = $1)', [
      analyst.displayName,
    ]),
  ).toEqual([]);
});

test.describe('without an SMTP server (the certificate server of the e2e stack has none)', () => {
  test.use({ baseURL: process.env.E2E_CERTIFICATE_CANOPY_URL });

  test('the invitation waits in the outbox, where an admin opens it and copies the link and the text', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await signInAs(page, admin.displayName);
    await registerFabrikam(page);
    const panel = page.getByRole('region', { name: 'Invitations' });
    await expect(panel).toContainText('into the outbox: no SMTP server is configured');
    await panel.getByRole('button', { name: 'Send invitation by email' }).click();
    const notice = panel.getByRole('status').filter({ hasText: 'Invitation in the outbox' });
    await expect(notice).toContainText(`kept the email for ${DANA}`);
    await expect(panel.getByTestId('invitation-email-row')).toContainText('In the outbox');

    await notice.getByRole('link', { name: 'Open it in the outbox' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /please approve read-only access/ })).toBeVisible();
    const link = (await page.getByTestId('outbox-link').textContent()) ?? '';
    const [, token] = INVITE_LINK.exec(link) ?? [];
    expect(await invitationsByHash(token!)).toEqual([{ revoked_at: null }]);
    const text = (await page.getByTestId('outbox-text').textContent()) ?? '';
    expect(text).toContain(`REVIEW AND APPROVE\n${link}\n`);

    await page.getByRole('region', { name: 'Invitation link' }).getByRole('button', { name: 'Copy link' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await page.getByRole('button', { name: 'Copy the whole text' }).click();
    await expect(page.getByRole('region', { name: 'Text' }).getByRole('status')).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
    expect(
      await query(
        `SELECT e.status, e.server_response FROM email_message e JOIN customer_tenant t ON t.id = e.tenant_id
          WHERE t.entra_tenant_id = $1`,
        [FABRIKAM],
      ),
    ).toEqual([{ status: 'OUTBOX', server_response: null }]);

    await page.getByRole('link', { name: 'Outbox', exact: true }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'No SMTP server is configured' })).toContainText(
      'SMTP_URL',
    );
    await expect(page.getByTestId('email-row').first()).toContainText('In the outbox');
  });
});
