import { test as base } from '@playwright/test';
import { watchPage } from './page-checks';

/**
 * Playwright's `test` for Canopy's specs: import `test` and `expect` from here. Every Canopy page
 * a test's `page` shows (each document once loaded, each client-side navigation, and the page the
 * test ends on) is checked with axe (WCAG 2.1 A and AA; serious and critical violations fail) and
 * for horizontal overflow at 1280 and 390 px. The checks run on a copy of the page in a context of
 * their own and fail the test at its end; screenshots of each land in the test's output folder.
 * For a state reached without navigating (a dialog, an inline error), call `checkPage(page)`.
 */
export const test = base.extend({
  page: async ({ page, baseURL, browser }, provide, testInfo) => {
    if (!baseURL) throw new Error('The page checks need `use.baseURL` to know which pages are Canopy’s.');
    const watch = await watchPage(page, { origin: new URL(baseURL).origin, browser, testInfo });
    await provide(page);
    await watch.finish();
  },
});

export { expect } from '@playwright/test';
export { checkPage } from './page-checks';
