import type { Page } from '@playwright/test';

/**
 * The server actions of a page as its server renders it for `page`'s user: Next writes each
 * form's action id into a hidden `$ACTION_ID_…` field so forms also work without JavaScript
 * (React drops those fields once it hydrates, so they are read from the HTML, not the DOM).
 */
export async function serverActionFields(page: Page, path: string): Promise<string[]> {
  const html = await (await page.request.get(path)).text();
  return [...new Set(html.match(/\$ACTION_ID_[0-9a-f]+/g) ?? [])];
}

/** Posts a form to a server action as a browser without JavaScript would, from `page`'s session. */
export async function postServerAction(page: Page, path: string, actionField: string, fields: Record<string, string>) {
  return page.request.post(path, { multipart: { [actionField]: '', ...fields }, maxRedirects: 0 });
}
