import { readRequestParams } from '../http/read-body';
import { sendHtml } from '../http/respond';
import { randomToken } from '../ids';
import { renderAccountPickerPage } from '../pages/account-picker-page';
import { renderErrorPage } from '../pages/error-page';
import type { RequestContext } from '../router';
import type { Application, Tenant } from '../world/schema';
import { signInNameOf, type WorldModel } from '../world/world-model';
import { validateAuthorizeRequest } from './authorize-request';
import { deliverToClient } from './authorize-response';
import { EntraErrors, errorContextFor, errorRedirectParams } from './errors';
import { resolveTenantSegment } from './tenant-segment';

/** How long the account picker may stay open before its pending request is forgotten. */
export const PENDING_REQUEST_TTL_MS = 30 * 60 * 1000;

/** GET or POST `/{tenant}/oauth2/v2.0/authorize`. */
export async function handleAuthorize(ctx: RequestContext): Promise<void> {
  const { services, req, res, url } = ctx;
  const errors = errorContextFor(req, url, ctx.origin, services.clock);
  const params = await readRequestParams(req, url);

  const resolved = resolveTenantSegment(services.world, ctx.params.tenant!);
  // The multi-tenant aliases need a home-realm choice the simulator does not make yet.
  if (resolved.kind !== 'tenant') {
    sendHtml(res, 400, renderErrorPage(EntraErrors.invalidTenantRequest(ctx.params.tenant!), errors));
    return;
  }
  const tenant = resolved.tenant;

  const validation = validateAuthorizeRequest(services.world, tenant, params);
  if (validation.kind === 'page-error') {
    sendHtml(res, 400, renderErrorPage(validation.failure, errors));
    return;
  }
  if (validation.kind === 'redirect-error') {
    deliverToClient(res, validation.target, errorRedirectParams(validation.failure, errors));
    return;
  }

  const { request } = validation;
  const pendingId = randomToken();
  const expiresAt = services.clock() + PENDING_REQUEST_TTL_MS;
  services.entra.authorizeRequests.put(
    pendingId,
    {
      tenantId: tenant.id,
      clientId: request.application.clientId,
      redirectUri: request.redirectUri,
      responseMode: request.responseMode,
      scopes: request.scopes,
      state: request.state,
      nonce: request.nonce,
      codeChallenge: request.codeChallenge,
      loginHint: request.loginHint,
      expiresAt,
    },
    expiresAt,
  );
  sendHtml(
    res,
    200,
    renderAccountPicker(services.world, {
      tenant,
      application: request.application,
      pendingId,
      login: request.loginHint,
    }),
  );
}

export function renderAccountPicker(
  world: WorldModel,
  options: {
    tenant: Tenant;
    application: Application;
    pendingId: string;
    login?: string;
    error?: { headline: string; detail?: string };
  },
): string {
  const { tenant, application } = options;
  return renderAccountPickerPage({
    tenantId: tenant.id,
    tenantName: tenant.displayName,
    appName: application.displayName,
    pendingId: options.pendingId,
    accounts: tenant.users.map((user) => {
      const roles = world.appRolesOf(application, user).join(', ') || 'no app role';
      return {
        id: user.id,
        displayName: user.displayName,
        userPrincipalName: signInNameOf(user),
        roleLabel: user.guest ? `${roles} · guest` : roles,
      };
    }),
    login: options.login,
    error: options.error,
  });
}
