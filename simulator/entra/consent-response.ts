import type { ServerResponse } from 'node:http';
import type { Application } from '../world/schema';
import { deliverToClient } from './authorize-response';
import { errorRedirectParams, type AadstsError, type ErrorContext } from './errors';
import type { ConsentFlow } from './state';

type Target = { flow: ConsentFlow; redirectUri: string; state: string | undefined };

/** Consent results always come back in the query string (the endpoints have no response_mode). */
export function redirectWithParams(res: ServerResponse, redirectUri: string, params: [string, string][]): void {
  deliverToClient(res, { redirectUri, responseMode: 'query', state: undefined }, params);
}

/**
 * Error shape observed from Entra's admin-consent endpoints (§A3): `error`, `error_description`,
 * `error_uri`, `admin_consent=True` (it flags an admin-consent flow, even on errors), `state`, and
 * never `tenant`. The legacy v1 authorize link answers like any v1 authorize error (no admin_consent).
 */
export function redirectConsentError(
  res: ServerResponse,
  target: Target,
  failure: AadstsError,
  errors: ErrorContext,
): void {
  const params = errorRedirectParams(failure, errors);
  if (target.flow !== 'authorize-v1') params.push(['admin_consent', 'True']);
  if (target.state !== undefined) params.push(['state', target.state]);
  redirectWithParams(res, target.redirectUri, params);
}

/** `{resource}/{role}` for every granted app role: the v2 success callback's `scope`. */
export function grantedScopeList(application: Application): string {
  return application.requiredResourceAccess
    .flatMap((access) => access.appRoles.map((role) => `${access.resource}/${role}`))
    .join(' ');
}

/**
 * Success shapes (§A3): v2 `admin_consent=True&tenant={guid}&scope=…&state=…`; v1
 * `tenant={guid}&state=…&admin_consent=True` (no scope). `tenant` is always the GUID.
 */
export function adminConsentSuccessParams(
  target: Target,
  tenantId: string,
  application: Application,
): [string, string][] {
  const state: [string, string][] = target.state !== undefined ? [['state', target.state]] : [];
  if (target.flow === 'adminconsent-v2') {
    return [['admin_consent', 'True'], ['tenant', tenantId], ['scope', grantedScopeList(application)], ...state];
  }
  return [['tenant', tenantId], ...state, ['admin_consent', 'True']];
}
