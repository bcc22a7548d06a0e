import { createHash } from 'node:crypto';
import type { SimulatorServices } from '../services';
import type { Application, Tenant } from '../world/schema';
import { EntraErrors, type AadstsError } from './errors';
import type { TokenEndpointVersion } from './resource-request';
import { resolveSignInScopes } from './scopes';
import { ACCESS_TOKEN_LIFETIME_SECONDS, mintGraphAccessToken, mintIdToken } from './tokens';

/** What every grant handler gets: the authenticated app and how, the tenant of the URL, the request origin. */
export type GrantContext = {
  services: SimulatorServices;
  tenant: Tenant;
  application: Application;
  credential: 'secret' | 'certificate';
  origin: string;
  version: TokenEndpointVersion;
};

export type GrantResult = { ok: true; body: Record<string, unknown> } | { ok: false; failure: AadstsError };

const VERIFIER_FORMAT = /^[A-Za-z0-9\-._~]{43,128}$/;

/** `grant_type=authorization_code`: redeem a code from the account picker, once, with PKCE. */
export async function redeemAuthorizationCode(form: URLSearchParams, context: GrantContext): Promise<GrantResult> {
  const { services, tenant, application, origin } = context;
  const code = form.get('code');
  if (!code) return { ok: false, failure: EntraErrors.missingParameter('code') };
  const record = services.entra.authorizationCodes.get(code);
  if (!record) return { ok: false, failure: EntraErrors.invalidCode() };
  if (record.clientId !== application.clientId) return { ok: false, failure: EntraErrors.codeForOtherClient() };
  if (record.tenantId !== tenant.id) return { ok: false, failure: EntraErrors.codeForOtherTenant() };
  if (record.redeemed) return { ok: false, failure: EntraErrors.redeemedCode() };
  if (record.expiresAt <= services.clock()) return { ok: false, failure: EntraErrors.expiredCode() };

  const redirectUri = form.get('redirect_uri');
  if (!redirectUri) return { ok: false, failure: EntraErrors.missingParameter('redirect_uri') };
  if (redirectUri !== record.redirectUri)
    return { ok: false, failure: EntraErrors.redirectUriMismatchAtToken(redirectUri, record.redirectUri) };

  const verifier = form.get('code_verifier');
  if (!verifier) return { ok: false, failure: EntraErrors.missingParameter('code_verifier') };
  const computed = createHash('sha256').update(verifier, 'ascii').digest('base64url');
  if (!VERIFIER_FORMAT.test(verifier) || computed !== record.codeChallenge) {
    return { ok: false, failure: EntraErrors.codeVerifierMismatch() };
  }

  const user = services.world.findUserById(tenant, record.userId);
  if (!user) return { ok: false, failure: EntraErrors.invalidCode() };
  record.redeemed = true;
  // One-shot, and used up only now that every check has passed and an ID token will be issued.
  const override = services.entra.nextIdToken.get(tenant.id);
  services.entra.nextIdToken.delete(tenant.id);

  const scopes = resolveSignInScopes(record.scopes);
  const subject = { tenant, user, application, roles: services.world.appRolesOf(application, user) };
  const signing = { origin, keys: services.keys, clock: services.clock };
  const [accessToken, idToken] = await Promise.all([
    mintGraphAccessToken(subject, { graphScopes: scopes.graph, sessionId: record.sessionId }, signing),
    mintIdToken(
      subject,
      { scopes: record.scopes, nonce: record.nonce, sessionId: record.sessionId, tid: override?.tid },
      signing,
    ),
  ]);
  return {
    ok: true,
    body: {
      token_type: 'Bearer',
      scope: scopes.responseScope,
      expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
      ext_expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
      access_token: accessToken,
      id_token: idToken,
    },
  };
}
