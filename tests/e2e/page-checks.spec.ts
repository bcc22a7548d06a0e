import { PageChecker, watchPage } from './support/page-checks';
import { expect, test } from './support/test';

/** The checks every spec relies on must be able to fail. */
const FAINT = '<p style="color: #999">Too faint to read</p>';
const WIDE = '<div style="width: 600px">Too wide for a phone</div>';
const page = (body: string) =>
  `<!DOCTYPE html><html lang="en"><head><title>Example</title></head><body><main><h1>Example</h1>${body}</main></body></html>`;

test('the checker reports serious axe violations, and horizontal overflow at phone width', async ({ browser }) => {
  const checker = new PageChecker({ browser });
  const problems = await checker.check({ url: 'http://canopy.test/example', html: page(FAINT + WIDE) });
  await checker.close();
  expect(problems).toEqual([
    expect.stringMatching(/^axe color-contrast \(serious\): .*\n.*insufficient color contrast/),
    expect.stringMatching(/^390 px wide: the page is 6\d\d px wide for 390 px; sticking out: <div/),
  ]);
});

test('a watched page is checked after each navigation on its origin, and the test fails at its end', async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const bodies: Record<string, string> = { '/faint': FAINT, '/wide': WIDE, '/fine': '<p>Fine</p>' };
  await context.route(/^http:\/\/(canopy|elsewhere)\.test\//, (route) =>
    route.fulfill({ contentType: 'text/html', body: page(bodies[new URL(route.request().url()).pathname] ?? '') }),
  );
  const watch = await watchPage(tab, { origin: 'http://canopy.test', browser, testInfo });
  for (const url of ['http://canopy.test/faint', 'http://elsewhere.test/faint', 'http://canopy.test/wide']) {
    await tab.goto(url);
  }
  await tab.goto('http://canopy.test/fine');
  // Client-side navigations, as the App Router does them: new content, then a history entry.
  const navigateInPage = (path: string, body: string) =>
    tab.evaluate(
      ({ path, body }) => {
        document.querySelector('main')!.innerHTML = body;
        history.pushState(null, '', path);
      },
      { path, body },
    );
  await navigateInPage('/client-side', FAINT);
  await expect.poll(() => watch.reported).toContain('http://canopy.test/client-side');
  await navigateInPage('/client-side-fixed', '<p>Fine</p>');

  const failure = await watch.finish().then(
    () => null,
    (error: Error) => error.message,
  );
  await context.close();
  expect(failure).toContain('/faint: axe color-contrast (serious)');
  expect(failure).toContain('/wide: 390 px wide');
  expect(failure).toContain('/client-side: axe color-contrast (serious)');
  expect(failure).not.toContain('elsewhere');
  expect(failure).not.toMatch(/\/fine|fixed/);
});
