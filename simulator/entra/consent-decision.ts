import { readFormParams } from '../http/read-body';
import { sendHtml } from '../http/respond';
import { randomGuid, randomToken } from '../ids';
import { renderErrorPage } from '../pages/error-page';
import type { RequestContext } from '../router';
import { grantAdminConsent } from '../world/service-principals';
import { recordConsentEvent } from './consent-events';
import { adminConsentSuccessParams, redirectConsentError, redirectWithParams } from './consent-response';
import { answerConsentBlocker, consentBlocker } from './consent-sign-in';
import { EntraErrors, errorContextFor } from './errors';
import { startReplicationWindow } from './replication';

/**
 * POST `/{tenant}/consent/set`: Accept or Cancel on the permissions page. Accept creates the app's
 * service principal in the tenant (if missing) and grants every required app role, as /.default
 * admin consent does; Cancel answers AADSTS65004. Each pending request is decided once.
 */
export async function handleConsentDecision(ctx: RequestContext): Promise<void> {
  const { services, req, res, url } = ctx;
  const errors = errorContextFor(req, url, ctx.origin, services.clock);
  const form = await readFormParams(req);
  const pendingId = form.get('pending') ?? '';
  const pending = pendingId ? services.entra.consentRequests.get(pendingId) : undefined;
  if (pendingId) services.entra.consentRequests.delete(pendingId);
  const tenant = pending?.signedIn ? services.world.resolveTenant(pending.signedIn.tenantId) : undefined;
  const user = tenant && pending?.signedIn ? services.world.findUserById(tenant, pending.signedIn.userId) : undefined;
  const application = pending ? services.world.findApplication(pending.clientId) : undefined;
  if (!pending || pending.expiresAt <= services.clock() || !tenant || !user || !application) {
    sendHtml(res, 400, renderErrorPage(EntraErrors.signInRequestExpired(), errors));
    return;
  }
  const who = {
    flow: pending.flow,
    tenantId: tenant.id,
    tenantName: tenant.displayName,
    userId: user.id,
    userPrincipalName: user.userPrincipalName,
  };

  if (form.get('decision') !== 'accept') {
    recordConsentEvent(services, { ...who, outcome: 'declined' });
    redirectConsentError(res, pending, EntraErrors.consentDeclined(), errors);
    return;
  }
  const blocker = consentBlocker(tenant, user, application);
  if (blocker) {
    answerConsentBlocker(ctx, pending, { tenant, user, application }, blocker, errors);
    return;
  }

  // The legacy link with prompt=consent consents for everyone only when the admin ticks the box.
  const orgWide =
    pending.flow !== 'authorize-v1' ||
    pending.legacyPrompt === 'admin_consent' ||
    form.get('consent_for_org') === 'true';
  if (orgWide) {
    const principal = grantAdminConsent(services.world, tenant.id, services.clock());
    startReplicationWindow(services.entra, tenant.id, services.clock());
    recordConsentEvent(services, { ...who, outcome: 'granted', grantedAppRoles: principal.grantedAppRoles });
  } else {
    recordConsentEvent(services, { ...who, outcome: 'signed-in-without-org-consent' });
  }

  if (pending.flow === 'authorize-v1') {
    // The code is never redeemable: the legacy link gives the portal nothing to redeem it for (§A1).
    const params: [string, string][] = [['code', randomToken(48)]];
    if (pending.state !== undefined) params.push(['state', pending.state]);
    params.push(['session_state', randomGuid()]);
    if (orgWide) params.push(['admin_consent', 'True']);
    redirectWithParams(res, pending.redirectUri, params);
    return;
  }
  redirectWithParams(res, pending.redirectUri, adminConsentSuccessParams(pending, tenant.id, application));
}
