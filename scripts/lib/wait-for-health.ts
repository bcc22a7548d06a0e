import { setTimeout as delay } from 'node:timers/promises';

/**
 * Poll Canopy's health endpoint until it answers 200, with a deadline. The first request also
 * makes `next dev` compile the route, so the stack is warm when we announce it.
 */
export async function waitForHealth(
  baseUrl: string,
  { timeoutMs = 180_000, signal }: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  let wait = 200;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    try {
      const timeout = AbortSignal.timeout(60_000);
      const response = await fetch(`${baseUrl}/api/health`, {
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      if (response.ok) return;
      last = `HTTP ${response.status}: ${await response.text()}`;
    } catch (error) {
      signal?.throwIfAborted();
      last = error instanceof Error ? error.message : String(error);
    }
    await delay(wait, undefined, { signal });
    wait = Math.min(wait * 2, 2000);
  }
  throw new Error(`Canopy at ${baseUrl} did not become healthy within ${timeoutMs / 1000}s (last: ${last})`);
}
