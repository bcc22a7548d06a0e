/**
 * Poll Canopy's health endpoint until it answers 200, with a deadline. The first request also
 * makes `next dev` compile the route, so the stack is warm when we announce it.
 */
export async function waitForHealth(baseUrl: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  let delay = 200;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(60_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 2000);
  }
  throw new Error(`Canopy at ${baseUrl} did not become healthy within ${timeoutMs / 1000}s (last: ${last})`);
}
