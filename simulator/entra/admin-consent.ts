import { readRequestParams } from '../http/read-body';
import { sendHtml } from '../http/respond';
import { randomToken } from '../ids';
import { renderErrorPage } from '../pages/error-page';
import type { Handler } from '../router';
import { PENDING_REQUEST_TTL_MS } from './authorize';
import { validateConsentRequest } from './consent-request';
import { renderConsentAccountPicker } from './consent-pages';
import { redirectConsentError } from './consent-response';
import { EntraErrors, errorContextFor } from './errors';
import type { ConsentFlow } from './state';
import { resolveTenantSegment } from './tenant-segment';

/**
 * The consent entry points: `GET /{tenant}/v2.0/adminconsent` (§A2 v2), `GET /{tenant}/adminconsent`
 * (v1) and the legacy link `GET /{tenant}/oauth2/authorize?prompt=consent…` (§A1). `{tenant}` is a
 * GUID, a verified domain, or `organizations`/`common` (the admin's home tenant). A valid request
 * is kept on the server and the account picker is shown.
 */
export function handleConsentStart(flow: ConsentFlow): Handler {
  return async (ctx) => {
    const { services, req, res, url } = ctx;
    const errors = errorContextFor(req, url, ctx.origin, services.clock);
    const params = flow === 'authorize-v1' ? await readRequestParams(req, url) : url.searchParams;
    const segment = resolveTenantSegment(services.world, ctx.params.tenant!);
    if (segment.kind === 'unknown') {
      sendHtml(res, 400, renderErrorPage(EntraErrors.invalidTenantRequest(segment.segment), errors));
      return;
    }

    const validation = validateConsentRequest(services.world, segment, params, flow);
    if (validation.kind === 'page-error') {
      sendHtml(res, 400, renderErrorPage(validation.failure, errors));
      return;
    }
    if (validation.kind === 'redirect-error') {
      redirectConsentError(
        res,
        { flow, redirectUri: validation.redirectUri, state: validation.state },
        validation.failure,
        errors,
      );
      return;
    }

    const { request } = validation;
    const pendingId = randomToken();
    const expiresAt = services.clock() + PENDING_REQUEST_TTL_MS;
    services.entra.consentRequests.put(
      pendingId,
      {
        flow,
        clientId: request.application.clientId,
        tenantId: request.tenant?.id,
        redirectUri: request.redirectUri,
        state: request.state,
        scopes: request.scopes,
        legacyPrompt: request.legacyPrompt,
        expiresAt,
      },
      expiresAt,
    );
    const pathTenant = segment.kind === 'tenant' ? segment.tenant.id : segment.alias;
    sendHtml(
      res,
      200,
      renderConsentAccountPicker(services.world, {
        tenant: request.tenant,
        pathTenant,
        application: request.application,
        pendingId,
      }),
    );
  };
}
