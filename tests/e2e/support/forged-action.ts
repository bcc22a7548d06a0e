import type { Page, Request } from '@playwright/test';

/** Clicks a button that runs a server action and returns the request the browser sent for it. */
export async function captureActionRequest(page: Page, click: () => Promise<void>): Promise<Request> {
  const request = page.waitForRequest((r) => r.method() === 'POST' && r.headers()['next-action'] !== undefined);
  await click();
  return request;
}

/** Sends a captured action request again from another user's session: a forged request. */
export async function replayActionRequest(as: Page, request: Request) {
  // Everything the original browser sent but its session cookie (and a length Playwright sets).
  const { cookie: _cookie, 'content-length': _length, ...headers } = await request.allHeaders();
  return as.request.post(request.url(), { headers, data: request.postDataBuffer() ?? undefined });
}
