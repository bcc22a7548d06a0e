import type { Application, Tenant } from '../world/schema';
import { findResourceApi } from '../world/resources';
import type { WorldModel } from '../world/world-model';
import { requiredApis } from './consent-policy';
import { EntraErrors, type AadstsError } from './errors';
import { DEFAULT_SUFFIX } from './resource-request';
import { OIDC_SCOPES } from './scopes';
import type { ConsentFlow } from './state';
import type { TenantSegment } from './tenant-segment';

export type ValidConsentRequest = {
  flow: ConsentFlow;
  application: Application;
  /** undefined for `organizations`/`common`: consent lands in the signing-in admin's home tenant. */
  tenant: Tenant | undefined;
  redirectUri: string;
  state: string | undefined;
  scopes: string[];
  legacyPrompt?: 'consent' | 'admin_consent';
};

/**
 * Outcome of checking a consent request, in Entra's order: until the redirect URI is known to be
 * registered, failures are pages (never a redirect to an unverified URI); after that they go back
 * to the app.
 */
export type ConsentValidation =
  | { kind: 'page-error'; failure: AadstsError }
  | { kind: 'redirect-error'; failure: AadstsError; redirectUri: string; state: string | undefined }
  | { kind: 'valid'; request: ValidConsentRequest };

function single(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value === '' ? undefined : value;
}

export function validateConsentRequest(
  world: WorldModel,
  segment: TenantSegment & { kind: 'tenant' | 'alias' },
  params: URLSearchParams,
  flow: ConsentFlow,
): ConsentValidation {
  const tenant = segment.kind === 'tenant' ? segment.tenant : undefined;
  const clientId = single(params, 'client_id');
  if (!clientId) return { kind: 'page-error', failure: EntraErrors.missingParameter('client_id') };
  // A multi-tenant app is found by client id whatever the tenant; consent creates its principal.
  const application = world.findApplication(clientId);
  if (!application) {
    const directory = segment.kind === 'tenant' ? segment.tenant.displayName : segment.alias;
    return { kind: 'page-error', failure: EntraErrors.unknownClient(clientId, directory) };
  }

  // The legacy link has no redirect_uri: Entra picks a registered one (this uses the first).
  const redirectUri =
    single(params, 'redirect_uri') ?? (flow === 'authorize-v1' ? application.redirectUris[0] : undefined);
  if (!redirectUri) return { kind: 'page-error', failure: EntraErrors.missingParameter('redirect_uri') };
  if (
    !world.isRedirectUriRegistered(application, redirectUri, { allowExtraPathSegments: flow === 'adminconsent-v1' })
  ) {
    return { kind: 'page-error', failure: EntraErrors.redirectUriMismatch(redirectUri, application.clientId) };
  }
  const state = params.get('state') ?? undefined;
  const fail = (failure: AadstsError): ConsentValidation => ({ kind: 'redirect-error', failure, redirectUri, state });

  const request: ValidConsentRequest = { flow, application, tenant, redirectUri, state, scopes: [] };
  if (flow === 'adminconsent-v2') {
    const scopes = (single(params, 'scope') ?? '').split(/\s+/).filter(Boolean);
    if (scopes.length === 0) return fail(EntraErrors.missingParameter('scope'));
    const listed = new Set(requiredApis(application).map((api) => api.appId));
    const resourceScopes = scopes.filter((scope) => !OIDC_SCOPES.has(scope));
    if (resourceScopes.length === 0) return fail(EntraErrors.adminConsentScopeUnsupported(scopes.join(' ')));
    for (const scope of resourceScopes) {
      if (!scope.endsWith(DEFAULT_SUFFIX)) return fail(EntraErrors.adminConsentScopeUnsupported(scope));
      const resource = scope.slice(0, -DEFAULT_SUFFIX.length);
      const api = findResourceApi(resource);
      if (!api || !listed.has(api.appId))
        return fail(EntraErrors.resourceNotRequired(application.clientId, application.displayName, resource));
    }
    request.scopes = scopes;
  }
  if (flow === 'authorize-v1') {
    const responseType = single(params, 'response_type');
    if (!responseType) return fail(EntraErrors.missingParameter('response_type'));
    if (responseType !== 'code') return fail(EntraErrors.unsupportedResponseType(responseType));
    const prompt = single(params, 'prompt');
    if (prompt !== 'consent' && prompt !== 'admin_consent') return fail(EntraErrors.legacyAuthorizeConsentOnly());
    request.legacyPrompt = prompt;
  }
  return { kind: 'valid', request };
}
