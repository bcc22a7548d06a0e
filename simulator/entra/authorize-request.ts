import type { Application, Tenant } from '../world/schema';
import type { WorldModel } from '../world/world-model';
import { EntraErrors, type AadstsError } from './errors';
import type { ResponseTarget } from './authorize-response';

export type ValidatedAuthorizeRequest = ResponseTarget & {
  application: Application;
  scopes: string[];
  nonce: string | undefined;
  codeChallenge: string;
  loginHint: string | undefined;
  prompt: string | undefined;
};

/**
 * Outcome of checking an authorize request, in Entra's order: failures before the redirect URI is
 * trusted are shown as a page; later ones go back to the app through its redirect URI.
 */
export type AuthorizeValidation =
  | { kind: 'page-error'; failure: AadstsError }
  | { kind: 'redirect-error'; failure: AadstsError; target: ResponseTarget }
  | { kind: 'valid'; request: ValidatedAuthorizeRequest };

const RESPONSE_MODES = ['query', 'fragment', 'form_post'] as const;
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

function single(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value === '' ? undefined : value;
}

export function validateAuthorizeRequest(
  world: WorldModel,
  tenant: Tenant,
  params: URLSearchParams,
): AuthorizeValidation {
  const clientId = single(params, 'client_id');
  if (!clientId) return { kind: 'page-error', failure: EntraErrors.missingParameter('client_id') };
  const application = world.findApplication(clientId);
  if (!application || !world.isApplicationInTenant(application, tenant)) {
    return { kind: 'page-error', failure: EntraErrors.unknownClient(clientId, tenant.displayName) };
  }

  // Without redirect_uri Entra picks a registered one (v2 OIDC doc); this uses the first.
  const redirectUri = single(params, 'redirect_uri') ?? application.redirectUris[0];
  if (!redirectUri) return { kind: 'page-error', failure: EntraErrors.missingParameter('redirect_uri') };
  if (!world.isRedirectUriRegistered(application, redirectUri)) {
    return { kind: 'page-error', failure: EntraErrors.redirectUriMismatch(redirectUri, application.clientId) };
  }

  const state = params.get('state') ?? undefined;
  const requestedMode = single(params, 'response_mode') ?? 'query';
  const responseMode = RESPONSE_MODES.find((mode) => mode === requestedMode);
  const target: ResponseTarget = { redirectUri, responseMode: responseMode ?? 'query', state };
  const fail = (failure: AadstsError): AuthorizeValidation => ({ kind: 'redirect-error', failure, target });

  if (!responseMode) return fail(EntraErrors.unsupportedResponseMode(requestedMode));
  const responseType = single(params, 'response_type');
  if (!responseType) return fail(EntraErrors.missingParameter('response_type'));
  if (responseType !== 'code') return fail(EntraErrors.unsupportedResponseType(responseType));
  const scopes = (single(params, 'scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length === 0) return fail(EntraErrors.missingParameter('scope'));
  if (!scopes.includes('openid')) return fail(EntraErrors.openIdScopeRequired());
  const codeChallenge = single(params, 'code_challenge');
  const challengeMethod = single(params, 'code_challenge_method') ?? 'plain';
  if (!codeChallenge) return fail(EntraErrors.pkceRequired());
  if (challengeMethod !== 'S256') return fail(EntraErrors.pkceMethodUnsupported(challengeMethod));
  if (!S256_CHALLENGE.test(codeChallenge)) return fail(EntraErrors.pkceRequired());
  const prompt = single(params, 'prompt');
  if (prompt === 'none') return fail(EntraErrors.loginRequired());

  return {
    kind: 'valid',
    request: {
      ...target,
      application,
      scopes,
      nonce: params.get('nonce') ?? undefined,
      codeChallenge,
      loginHint: single(params, 'login_hint'),
      prompt,
    },
  };
}
