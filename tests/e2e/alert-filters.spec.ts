import { query } from './support/database';
import { signInAs } from './support/sign-in';
import { checkPage, expect, test } from './support/test';
import { partnerUser } from './support/world';

// The alerts page's filter bar at a phone's width: the usual filters in sight, the rarer ones
// folded under "More filters", which opens by itself while one of them is set. One connected
// tenant that reads no data source, so no sync of the running worker touches it.
const analyst = partnerUser('Canopy.Analyst');

test.beforeEach(async () => {
  await query('DELETE FROM customer_tenant');
  await query(
    `INSERT INTO customer_tenant (id, entra_tenant_id, display_name, status, data_sources, updated_at)
     VALUES (gen_random_uuid(), gen_random_uuid(), 'Filter Tenant', 'CONNECTED', '{}', now())`,
  );
});

test('the rarer filters fold under “More filters”: opened with the keyboard, applied, and open while set', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, analyst.displayName, '/alerts');
  const more = page.locator('summary', { hasText: 'More filters' });
  await expect(more).toHaveText('More filters');
  await expect(page.getByLabel('Severity', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Category', { exact: true })).toBeHidden();
  // Folded, the whole bar fits a phone's first screen.
  await expect(page.getByRole('button', { name: 'Apply' })).toBeInViewport();

  await more.focus();
  await page.keyboard.press('Enter');
  const category = page.getByLabel('Category', { exact: true });
  await expect(category).toBeVisible();
  await checkPage(page);
  await category.selectOption('Malware');
  await page.getByLabel('Created', { exact: true }).selectOption('7d');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]category=Malware(&|$)/);
  expect(new URL(page.url()).searchParams.get('range')).toBe('7d');
  await expect(more).toHaveText('More filters (2 set)');
  await expect(category).toBeVisible();
  await expect(category).toHaveValue('Malware');

  // Folded again by hand, its values still go with the form.
  await more.click();
  await expect(category).toBeHidden();
  await page.getByLabel('Severity', { exact: true }).selectOption('High');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]severity=High(&|$)/);
  const params = new URL(page.url()).searchParams;
  expect([params.get('category'), params.get('range')]).toEqual(['Malware', '7d']);
});
