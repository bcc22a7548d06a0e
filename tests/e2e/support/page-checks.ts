import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';

/** WCAG 2.0 and 2.1, levels A and AA. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);
export const PHONE_VIEWPORT = { width: 390, height: 844 };
const DESKTOP_VIEWPORT = { width: 1280, height: 720 };
const LOAD_TIMEOUT_MS = 30_000;
const SCREENSHOT_TIMEOUT_MS = 15_000;

/** A page as it was shown: its URL and its DOM without scripts, with a <base> so that its stylesheets load anywhere. */
export type Snapshot = { url: string; html: string };

/**
 * Checks run on a copy of the page's DOM in a browser context of their own, so they never
 * resize, scroll or race the page a test is driving. The copy is not under Canopy's CSP (a style
 * attribute the CSP blocks applies here): security-headers.spec.ts covers the CSP.
 */
export class PageChecker {
  private page: Promise<Page> | undefined;
  private results = new Map<string, Promise<string[]>>();
  private queue: Promise<unknown> = Promise.resolve();
  private screenshots = 0;

  constructor(private readonly options: { browser: Browser; testInfo?: TestInfo }) {}

  /**
   * Axe violations (serious and critical) at desktop width, and horizontal overflow at desktop
   * and phone width. Saves full-page screenshots at both widths in the test's output folder.
   * An identical snapshot is checked once; checks run one at a time, in the order asked.
   */
  check(snapshot: Snapshot): Promise<string[]> {
    let result = this.results.get(snapshot.html);
    if (!result) {
      result = this.queue.then(() => this.run(snapshot));
      this.results.set(snapshot.html, result);
      this.queue = result.catch(() => undefined);
    }
    return result;
  }

  async close() {
    await this.queue;
    await (await this.page)?.context().close();
  }

  private async run(snapshot: Snapshot): Promise<string[]> {
    this.page ??= this.options.browser.newContext({ viewport: DESKTOP_VIEWPORT }).then((context) => context.newPage());
    const page = await this.page;
    await page.setViewportSize(DESKTOP_VIEWPORT);
    // Bounded, so that a copy that never loads fails its check instead of holding the queue.
    await page.setContent(snapshot.html, { timeout: LOAD_TIMEOUT_MS });
    // Legacy mode runs axe in the page alone; the default opens a page per run for cross-origin
    // frames, which a copy has none of, and is three times slower.
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode().analyze();
    const problems = results.violations
      .filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ''))
      .map((violation) => {
        const nodes = violation.nodes
          .slice(0, 5)
          .map((node) => `\n    ${node.target.join(' ')}: ${node.failureSummary?.split('\n')[1]?.trim() ?? ''}`);
        return `axe ${violation.id} (${violation.impact}): ${violation.help}${nodes.join('')}`;
      });
    for (const viewport of [DESKTOP_VIEWPORT, PHONE_VIEWPORT]) {
      await page.setViewportSize(viewport);
      const overflow = await page.evaluate(measureOverflow);
      if (overflow) problems.push(`${viewport.width} px wide: ${overflow}`);
    }
    await this.screenshot(page, snapshot.url);
    return problems;
  }

  /**
   * Screenshots are for people to look at, not a check: Chromium has been seen to never answer a
   * capture (CI, a loaded machine), which held every later check in the queue until the test
   * timed out. A capture that does not come in time is noted on the test and the page, which may
   * be wedged, is replaced for the next check.
   */
  private async screenshot(page: Page, url: string) {
    const name = this.screenshotName(url);
    if (!name) return;
    for (const viewport of [PHONE_VIEWPORT, DESKTOP_VIEWPORT]) {
      try {
        await page.setViewportSize(viewport);
        await page.screenshot({
          path: `${name}-${viewport.width}.png`,
          fullPage: true,
          timeout: SCREENSHOT_TIMEOUT_MS,
        });
      } catch (error) {
        this.options.testInfo?.annotations.push({
          type: 'warning',
          description: `no ${viewport.width} px screenshot of ${url}: ${String(error).split('\n')[0]}`,
        });
        this.page = undefined;
        void page
          .context()
          .close()
          .catch(() => undefined);
        return;
      }
    }
  }

  private screenshotName(url: string): string | undefined {
    if (!this.options.testInfo) return undefined;
    const { pathname, search } = new URL(url);
    const slug = `${pathname}${search}`.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home';
    this.screenshots += 1;
    return this.options.testInfo.outputPath(`${this.screenshots}-${slug.slice(0, 60)}`);
  }
}

type CapturingWindow = { __canopySnapshot?: () => Snapshot | null; [binding: string]: unknown };
const SHOWN_BINDING = '__canopyPageShown';

/**
 * Runs in every document of a watched page before its own scripts: defines `__canopySnapshot`
 * and reports a snapshot to the `binding` when the document has loaded, and after each
 * same-document navigation (the App Router's) once the DOM has settled. Taken in the page, so
 * that a test moving on at once cannot race it.
 */
function captureShownPages(binding: string) {
  if (window.top !== window) return;
  const capturing = window as unknown as CapturingWindow;
  capturing.__canopySnapshot = () => {
    if (document.contentType !== 'text/html') return null;
    const copy = document.documentElement.cloneNode(true) as HTMLElement;
    for (const script of copy.querySelectorAll('script')) script.remove();
    const base = document.createElement('base');
    base.href = location.href;
    copy.querySelector('head')?.prepend(base);
    return { url: location.href, html: `<!DOCTYPE html>${copy.outerHTML}` };
  };
  const report = () => (capturing[binding] as (snapshot: Snapshot | null) => void)(capturing.__canopySnapshot!());
  // Next sends an error status (403, 404) as a bare `__next_error__` shell that React renders the
  // page into after load: report the page once that has happened (or after 2 s, as it stands).
  const reportWhenRendered = () => {
    const isShell = () => document.documentElement.id === '__next_error__' || !document.documentElement.lang;
    if (!isShell()) return report();
    const rendered = new MutationObserver(() => {
      if (isShell()) return;
      rendered.disconnect();
      clearTimeout(giveUp);
      report();
    });
    const giveUp = setTimeout(() => {
      rendered.disconnect();
      report();
    }, 2000);
    rendered.observe(document.documentElement, { attributes: true, childList: true, subtree: true });
  };
  window.addEventListener('load', reportWhenRendered);

  // A client-side navigation updates the DOM in steps (the App Router swaps the <title> after the
  // URL): report once nothing has changed for 100 ms, or after 2 s of constant change.
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  // React takes the old page's <title> out before it puts the new one in: a page without a title
  // is still changing, unless it stays so until the deadline (then a missing title is reported).
  const settled = (atDeadline: boolean) => {
    clearTimeout(quiet);
    if (!atDeadline && !document.title) {
      quiet = setTimeout(() => settled(false), 100);
      return;
    }
    clearTimeout(deadline);
    quiet = deadline = undefined;
    changes.disconnect();
    report();
  };
  const changes = new MutationObserver(() => {
    clearTimeout(quiet);
    quiet = setTimeout(() => settled(false), 100);
  });
  const { navigation } = window as unknown as { navigation?: EventTarget };
  navigation?.addEventListener('currententrychange', () => {
    if (document.readyState !== 'complete') return;
    clearTimeout(quiet);
    quiet = setTimeout(() => settled(false), 100);
    deadline ??= setTimeout(() => settled(true), 2000);
    changes.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

/** The page as it is now; null when it shows no HTML document. */
async function snapshotPage(page: Page): Promise<Snapshot | null> {
  return page.evaluate(() => (window as unknown as CapturingWindow).__canopySnapshot?.() ?? null);
}

/** Runs in the page: null, or how much wider than the viewport the document is and what sticks out. */
function measureOverflow(): string | null {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const sticksOut = (element: Element) => element.getBoundingClientRect().right > root.clientWidth + 0.5;
  const culprits = [...document.body.querySelectorAll('*')]
    .filter((element) => sticksOut(element) && ![...element.children].some(sticksOut))
    .slice(0, 5)
    .map((element) => `<${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}">`);
  return `the page is ${root.scrollWidth} px wide for ${root.clientWidth} px; sticking out: ${culprits.join(', ')}`;
}

const watches = new WeakMap<Page, PageChecker>();

/**
 * Checks every Canopy page (`origin`) the page shows for the rest of the test: each document once
 * it has loaded, each client-side navigation, and, in `finish`, the page as the test leaves it.
 * `finish` then fails the test with every problem found. Used by the `page` fixture of ./test.ts.
 */
export async function watchPage(page: Page, options: { origin: string; browser: Browser; testInfo: TestInfo }) {
  const checker = new PageChecker(options);
  watches.set(page, checker);
  const problems: string[] = [];
  const checks: Promise<void>[] = [];
  const reported: string[] = [];
  const checkSoon = (snapshot: Snapshot | null) => {
    if (!snapshot?.url.startsWith(`${options.origin}/`)) return;
    const { pathname, search } = new URL(snapshot.url);
    const check = checker.check(snapshot).catch((error: unknown) => [`the check could not run: ${String(error)}`]);
    checks.push(
      check.then((found) => void problems.push(...found.map((problem) => `${pathname}${search}: ${problem}`))),
    );
  };
  await page.exposeBinding(SHOWN_BINDING, (_source, snapshot: Snapshot | null) => {
    if (snapshot) reported.push(snapshot.url);
    checkSoon(snapshot);
  });
  await page.addInitScript(captureShownPages, SHOWN_BINDING);

  return {
    /** The URLs of the snapshots the page has reported so far. */
    reported: reported as readonly string[],
    async finish() {
      const { status, expectedStatus } = options.testInfo;
      // A failed test already says what is wrong, and its last page may be half-way anywhere.
      if (status === expectedStatus && !page.isClosed()) {
        // Fails only when the test ended mid-navigation; what it loaded was captured on the way.
        checkSoon(await snapshotPage(page).catch(() => null));
      }
      await Promise.all(checks);
      await checker.close();
      if (status !== expectedStatus) return;
      const unique = [...new Set(problems)];
      expect(unique, 'accessibility or phone-width problems on the pages this test showed').toEqual([]);
    },
  };
}

/** For a state reached without navigating (an open dialog, an inline error): check the page as it is now. */
export async function checkPage(page: Page) {
  const checker = watches.get(page);
  if (!checker) throw new Error('checkPage needs the `page` fixture of tests/e2e/support/test.ts.');
  const snapshot = await snapshotPage(page);
  if (!snapshot) throw new Error(`${page.url()} shows no HTML document to check.`);
  expect(await checker.check(snapshot), `accessibility or phone-width problems on ${snapshot.url}`).toEqual([]);
}
