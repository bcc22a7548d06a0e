import { explainAadsts, type Explanation } from '@/lib/consent/aadsts';

/**
 * Why a sync of one source failed, as a closed set:
 * - `token`: no app token for the tenant (AADSTS code in `aadsts`, e.g. 700016 not consented);
 * - `unauthorized`: the API answered 401 to a freshly issued token;
 * - `forbidden`: 403, the token lacks the permission the API wants;
 * - `disabled-feature`: 403 DisabledFeature, the product is not enabled in that tenant;
 * - `throttled`: still 429 after honouring Retry-After, or asked to wait longer than a run may;
 * - `unavailable`: 5xx, timeouts or network errors after every retry;
 * - `rejected`: another 4xx (a request Canopy built that the API refused);
 * - `unexpected-answer`: an answer that is not a page of items (or breaks the paging order).
 */
export type SyncErrorCode =
  | 'token'
  | 'unauthorized'
  | 'forbidden'
  | 'disabled-feature'
  | 'throttled'
  | 'unavailable'
  | 'rejected'
  | 'unexpected-answer';

export type SyncErrorDetails = {
  /** What went wrong, for people; never a token or an upstream value. */
  detail?: string;
  aadsts?: number | null;
  oauthError?: string | null;
  httpStatus?: number;
  /** The API's error code and message (`{"error":{"code","message"}}`), capped. */
  upstreamCode?: string;
  upstreamMessage?: string;
  /** How long Microsoft asked Canopy to wait (429). */
  retryAfterMs?: number;
};

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    readonly details: SyncErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(`${code}${details.detail ? `: ${details.detail}` : ''}`, options);
    this.name = 'SyncError';
  }
}

/**
 * A run stopped before its end on purpose (its time is up, or the next call would have to wait
 * past it to stay within Microsoft's limits): progress is saved, the next run continues.
 */
export class SyncDeferred extends Error {
  constructor(
    readonly reason: string,
    /** Not before this time: when the call budget or Retry-After allows the next call. */
    readonly resumeAt: Date | null,
  ) {
    super(reason);
    this.name = 'SyncDeferred';
  }
}

/** A failed sync explained for people, in the words of the tenant page (`api`: "Defender for Endpoint"). */
export function explainSyncError(error: SyncError, api: string): Explanation {
  const { details } = error;
  const said = details.upstreamMessage ? ` Microsoft said: "${details.upstreamMessage}"` : '';
  switch (error.code) {
    case 'token':
      return explainAadsts(details.aadsts ?? null, details.oauthError);
    case 'unauthorized':
      return {
        title: `${api} refused Canopy's token`,
        explanation: `${api} answered 401 to a token just issued for this tenant.${said}`,
        nextStep: 'Use "Check now" on the tenant; if the check fails too, send a new invitation.',
      };
    case 'forbidden':
      return {
        title: `Permission missing at ${api}`,
        explanation: `${api} refused the request for lack of permission.${said}`,
        nextStep:
          'Use "Check now" to see the granted permissions; an administrator of the customer must grant the missing one.',
      };
    case 'disabled-feature':
      return {
        title: `${api} is not enabled in this tenant`,
        explanation: `The customer's tenant does not have ${api} turned on.${said}`,
        nextStep: `Edit the tenant to stop collecting ${api} data, or ask the customer to enable it.`,
      };
    case 'throttled':
      return {
        title: 'Microsoft is throttling requests',
        explanation: `${api} kept answering "too many requests" (429) for this tenant.`,
        nextStep: 'Canopy tries again later, more slowly; nothing to do.',
      };
    case 'unavailable':
      return {
        title: `${api} did not answer`,
        explanation: `${api} failed or timed out on every retry (${details.detail ?? 'no answer'}).`,
        nextStep: 'Canopy tries again at the next run; nothing to do unless it lasts.',
      };
    case 'rejected':
      return {
        title: `${api} refused the request`,
        explanation: `${api} answered ${details.httpStatus ?? 'an error'}${details.upstreamCode ? ` (${details.upstreamCode})` : ''}.${said}`,
        nextStep: 'Canopy tries again at the next run; if it repeats, report it to the Canopy maintainers.',
      };
    case 'unexpected-answer':
      return {
        title: `Unexpected answer from ${api}`,
        explanation: `Canopy could not read the answer: ${details.detail ?? 'unknown shape'}. What was read before it is kept.`,
        nextStep: 'Canopy tries again at the next run; if it repeats, Microsoft may have changed the API: report it.',
      };
  }
}

/** Upstream text for people: one line, no control characters, at most 300 characters. */
export function capUpstreamText(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  return value
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .slice(0, 300);
}
