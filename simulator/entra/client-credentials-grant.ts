import { grantedRoleKey } from '../world/resources';
import type { GrantContext, GrantResult } from './authorization-code-grant';
import { mintAppOnlyAccessToken, randomAppOnlyLifetime } from './app-only-token';
import { EntraErrors } from './errors';
import { resolveRequestedResource } from './resource-request';

/**
 * `grant_type=client_credentials` (§B): an app-only token for one resource in the tenant of the
 * URL, carrying the app roles granted there now (none after a revocation: no `roles` claim).
 */
export async function issueClientCredentialsToken(form: URLSearchParams, context: GrantContext): Promise<GrantResult> {
  const { services, tenant, application, version } = context;
  const requested = resolveRequestedResource(form, { version, tenant });
  if (!requested.ok) return requested;
  const { api, audience } = requested.resource;
  const principal = tenant.servicePrincipal;
  // authenticateClient already refused a tenant without the principal; this keeps types honest.
  if (!principal) return { ok: false, failure: EntraErrors.unknownClient(application.clientId, tenant.displayName) };

  const prefix = grantedRoleKey(api, '');
  const roles = principal.grantedAppRoles
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length));
  const lifetime = randomAppOnlyLifetime();
  const minted = await mintAppOnlyAccessToken(
    {
      tenantId: tenant.id,
      audience,
      appId: application.clientId,
      appDisplayName: application.displayName,
      servicePrincipalId: principal.objectId,
      roles,
      credential: context.credential,
      lifetimeSeconds: lifetime,
    },
    services,
  );
  if (version === 'v2') {
    return {
      ok: true,
      body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: minted.token },
    };
  }
  // v1 answers with strings (§B2).
  return {
    ok: true,
    body: {
      token_type: 'Bearer',
      expires_in: String(lifetime),
      ext_expires_in: String(lifetime),
      expires_on: String(minted.expiresAt),
      not_before: String(minted.issuedAt),
      resource: audience,
      access_token: minted.token,
    },
  };
}
