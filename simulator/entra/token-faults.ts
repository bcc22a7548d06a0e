import { setTimeout as delay } from 'node:timers/promises';
import { sendJson } from '../http/respond';
import type { RequestContext } from '../router';
import { EntraErrors, errorBody, type AadstsError, type ErrorContext } from './errors';

/**
 * Applies the tenant's injected token-endpoint faults (control API). Returns true when the fault
 * took over the request: answered (429, 5xx) or deliberately left unanswered (timeout). Latency is
 * real time: it exists to exercise the client's own timeouts.
 */
export async function applyTokenFaults(ctx: RequestContext, tenantId: string, errors: ErrorContext): Promise<boolean> {
  const faults = ctx.services.entra.tokenFaults.get(tenantId);
  if (!faults) return false;
  if (faults.latencyMs > 0) await delay(faults.latencyMs);
  if (faults.timeout) return true;

  const answer = (failure: AadstsError, headers: Record<string, string> = {}) =>
    sendJson(ctx.res, failure.status, errorBody(failure, errors), { 'x-ms-request-id': errors.traceId, ...headers });
  const throttle = faults.throttle;
  if (throttle && (throttle.remaining === null || throttle.remaining > 0)) {
    if (throttle.remaining !== null) throttle.remaining -= 1;
    answer(EntraErrors.throttled(), { 'Retry-After': String(throttle.retryAfterSeconds) });
    return true;
  }
  if (faults.errorRate > 0 && Math.random() < faults.errorRate) {
    answer(EntraErrors.transientError(faults.errorStatus));
    return true;
  }
  return false;
}
