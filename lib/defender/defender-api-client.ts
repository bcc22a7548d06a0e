import 'server-only';
import { ClientAuthErrorCodes } from '@azure/msal-node';
import { describeTokenError } from '@/lib/consent/check-tenant-access';
import type { AppTokenClient } from '@/lib/microsoft/app-token-client';
import type { CallBudget } from './call-budget';
import type { RequestSlots } from './request-slots';
import { capUpstreamText, SyncDeferred, SyncError } from './sync-error';

export type RetryPolicy = {
  /** Attempts per page, the first included (429s and 5xx/timeouts alike). */
  maxAttempts: number;
  /** Backoff after a 5xx or timeout: base × 2^(attempt-1), capped, half of it random (jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** One request, answer included. */
  timeoutMs: number;
  /** The longest Retry-After honoured inside a run; a longer one ends the run (throttled). */
  maxRetryAfterMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  timeoutMs: 60_000,
  maxRetryAfterMs: 120_000,
};

export type DefenderApiClientOptions = {
  /** The token resource of the API (from configuration). */
  resource: string;
  /** Sent with every request besides authorization and accept (Graph's `Prefer`). */
  headers?: Record<string, string>;
  tokens: AppTokenClient;
  /** The tenant's call budget for this feed: every attempt waits for it and counts against it. */
  budget: CallBudget;
  /** The process's requests in flight (request-slots.ts): each attempt holds one until its answer is read. */
  slots: RequestSlots;
  /** Waits that would end after this time (epoch ms) are not taken: the run is deferred instead. */
  deadline: number;
  retry?: Partial<RetryPolicy>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
};

export type DefenderApiClient = {
  /** One GET for one tenant: the answer's JSON, after retries; errors as SyncError. */
  getJson(request: { entraTenantId: string; url: string }): Promise<unknown>;
};

/** Retry-After as seconds or an HTTP date (RFC 9110), in ms; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || !header.trim()) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A Defender or Graph list API for app-only tokens (the same error shape, §D5, §E6). Every attempt
 * goes through the tenant's call budget; a 429 waits its Retry-After; 5xx, timeouts and network
 * errors (the token endpoint's too) are retried with exponential backoff and jitter; a 401 is
 * retried once with a fresh token. Tokens are never logged or put into errors.
 */
export function createDefenderApiClient(options: DefenderApiClientOptions): DefenderApiClient {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const { budget, deadline, tokens, resource } = options;

  /** Waits `ms` unless that would pass the deadline; `reason` completes "The run …". */
  async function wait(ms: number, reason: string): Promise<void> {
    if (now() + ms > deadline) throw new SyncDeferred(reason, new Date(now() + ms));
    if (ms > 0) await sleep(ms);
  }

  const backoff = (attempt: number) => {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return ceiling / 2 + random() * (ceiling / 2);
  };

  /** The backoff after a failed attempt, unless it was the last (the caller then gives up). */
  async function backoffBeforeRetry(attempt: number, reason: string): Promise<void> {
    if (attempt < policy.maxAttempts) await wait(backoff(attempt), reason);
  }

  /** A token, or null when the token endpoint could not be reached (retried like the API's network errors). */
  async function token(entraTenantId: string, fresh: boolean): Promise<string | null> {
    try {
      const result = await tokens.acquire({
        tenantId: entraTenantId,
        resource,
        skipCache: fresh,
      });
      return result.accessToken;
    } catch (error) {
      // MSAL's code for a request to the token endpoint that got no answer (a connection reset
      // or refused, its timeout): one tenant in thousands met it while a loaded machine synced
      // them all, and failing the feed for it cost that tenant a backoff.
      if ((error as { errorCode?: unknown } | null)?.errorCode === ClientAuthErrorCodes.networkError) return null;
      const described = describeTokenError(error);
      throw new SyncError(
        'token',
        { aadsts: described.code, oauthError: described.oauthError, detail: described.message },
        { cause: error },
      );
    }
  }

  return {
    async getJson({ entraTenantId, url }) {
      let refreshToken = false;
      let refreshedToken = false;
      let lastProblem = '';
      for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
        await wait(budget.delayMs(now()), "paused to stay within half of Microsoft's call limits");
        const accessToken = await token(entraTenantId, refreshToken);
        if (accessToken === null) {
          lastProblem = 'the token endpoint could not be reached';
          await backoffBeforeRetry(attempt, 'would have retried the token endpoint past its time');
          continue;
        }
        refreshToken = false;
        budget.record(now());
        let answer: { ok: true; json: unknown } | { ok: false; response: Response; upstream: UpstreamError };
        try {
          answer = await options.slots.run(async () => {
            const response = await fetch(url, {
              headers: { ...options.headers, authorization: `Bearer ${accessToken}`, accept: 'application/json' },
              signal: AbortSignal.timeout(policy.timeoutMs),
            });
            if (response.ok) return { ok: true, json: await readJson(response) };
            return { ok: false, response, upstream: await readApiError(response) };
          });
          if (answer.ok) return answer.json;
        } catch (error) {
          if (error instanceof SyncError) throw error;
          lastProblem = timedOut(error) ? `no answer within ${policy.timeoutMs / 1000} s` : 'network error';
          await backoffBeforeRetry(attempt, 'would have retried a network error past its time');
          continue;
        }
        const { response, upstream } = answer;
        if (response.status === 401 && !refreshedToken) {
          // A cached token the API no longer takes (expired early, clock skew): once more with a
          // new one, without using up an attempt.
          refreshToken = refreshedToken = true;
          attempt--;
          continue;
        }
        if (response.status === 401) throw new SyncError('unauthorized', { httpStatus: 401, ...upstream });
        if (response.status === 403) {
          const code = upstream.upstreamCode === 'DisabledFeature' ? 'disabled-feature' : 'forbidden';
          throw new SyncError(code, { httpStatus: 403, ...upstream });
        }
        if (response.status === 429) {
          const asked = retryAfterMs(response.headers.get('retry-after'), now());
          const delay = asked ?? backoff(attempt);
          if (attempt === policy.maxAttempts || delay > policy.maxRetryAfterMs) {
            throw new SyncError('throttled', { httpStatus: 429, retryAfterMs: delay, ...upstream });
          }
          // Retry-After is a minimum: a little jitter keeps many tenants' retries apart.
          await wait(delay + random() * Math.min(1_000, delay / 10), 'was asked to wait (Retry-After) past its time');
          continue;
        }
        if (response.status >= 500 || response.status === 408) {
          lastProblem = `HTTP ${response.status}${upstream.upstreamCode ? ` ${upstream.upstreamCode}` : ''}`;
          await backoffBeforeRetry(attempt, `would have retried HTTP ${response.status} past its time`);
          continue;
        }
        throw new SyncError('rejected', { httpStatus: response.status, ...upstream });
      }
      throw new SyncError('unavailable', { detail: `${lastProblem}, ${policy.maxAttempts} attempts` });
    },
  };
}

const timedOut = (error: unknown) =>
  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new SyncError('unexpected-answer', { detail: 'the answer is not JSON', httpStatus: response.status });
  }
}

type UpstreamError = { upstreamCode?: string; upstreamMessage?: string };

/** `{"error":{"code","message","target"}}` (reference §D5), read defensively. */
async function readApiError(response: Response): Promise<UpstreamError> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    return { upstreamCode: capUpstreamText(body.error?.code), upstreamMessage: capUpstreamText(body.error?.message) };
  } catch {
    return {};
  }
}
