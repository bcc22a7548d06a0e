import { readFormParams } from '../http/read-body';
import { sendHtml } from '../http/respond';
import { renderAdminApprovalPage } from '../pages/admin-approval-page';
import { renderErrorPage } from '../pages/error-page';
import type { RequestContext } from '../router';
import type { SimulatorServices } from '../services';
import type { Application, Tenant, User } from '../world/schema';
import type { UserInTenant } from '../world/world-model';
import { canGrantTenantWideConsent, consentRefusalReason, firstMissingService } from './consent-policy';
import { recordConsentEvent } from './consent-events';
import { renderConsentAccountPicker, renderPermissionsPage } from './consent-pages';
import { redirectConsentError } from './consent-response';
import { EntraErrors, errorContextFor, type ErrorContext } from './errors';
import type { PendingConsentRequest } from './state';

/**
 * Why this user cannot consent for this tenant now, if they cannot: no consent rights ("Need admin
 * approval" page, AADSTS90094) or a required API the tenant lacks (AADSTS650052 back to the app).
 * Checked after sign-in and again on Accept (the world may change in between).
 */
export function consentBlocker(tenant: Tenant, user: User, application: Application) {
  if (!canGrantTenantWideConsent(user, application))
    return {
      kind: 'admin-approval' as const,
      failure: EntraErrors.adminApprovalRequired(consentRefusalReason(user)),
    };
  const missing = firstMissingService(tenant, application);
  if (missing)
    return {
      kind: 'missing-service' as const,
      failure: EntraErrors.serviceNotSubscribed(missing.appId, missing.displayName, tenant.id),
    };
  return undefined;
}

/** Shows the blocker's outcome (page or redirect) and records it. */
export function answerConsentBlocker(
  ctx: RequestContext,
  pending: PendingConsentRequest,
  signedIn: { tenant: Tenant; user: User; application: Application },
  blocker: NonNullable<ReturnType<typeof consentBlocker>>,
  errors: ErrorContext,
): void {
  const { tenant, user, application } = signedIn;
  const who = {
    tenantId: tenant.id,
    tenantName: tenant.displayName,
    userId: user.id,
    userPrincipalName: user.userPrincipalName,
  };
  if (blocker.kind === 'admin-approval') {
    recordConsentEvent(ctx.services, { flow: pending.flow, ...who, outcome: 'admin-approval-required' });
    sendHtml(
      ctx.res,
      200,
      renderAdminApprovalPage({
        appName: application.displayName,
        userPrincipalName: user.userPrincipalName,
        failure: blocker.failure,
        context: errors,
      }),
    );
    return;
  }
  recordConsentEvent(ctx.services, { flow: pending.flow, ...who, outcome: 'service-not-enabled' });
  redirectConsentError(ctx.res, pending, blocker.failure, errors);
}

function findPickedUser(
  services: SimulatorServices,
  pending: PendingConsentRequest,
  userId: string,
): UserInTenant | undefined {
  const tenants = pending.tenantId
    ? services.world.data.tenants.filter((tenant) => tenant.id === pending.tenantId)
    : services.world.data.tenants;
  for (const tenant of tenants) {
    const user = services.world.findUserById(tenant, userId);
    if (user) return { tenant, user };
  }
  return undefined;
}

/**
 * POST `/{tenant}/consent/login`: the consent account picker's forms. A user of another directory
 * goes back to the app with AADSTS50020; a user who may not consent sees "Need admin approval";
 * otherwise the permissions page is shown.
 */
export async function handleConsentSignIn(ctx: RequestContext): Promise<void> {
  const { services, req, res, url } = ctx;
  const errors = errorContextFor(req, url, ctx.origin, services.clock);
  const form = await readFormParams(req);
  const pendingId = form.get('pending') ?? '';
  const pending = pendingId ? services.entra.consentRequests.get(pendingId) : undefined;
  const application = pending ? services.world.findApplication(pending.clientId) : undefined;
  const expired = () => sendHtml(res, 400, renderErrorPage(EntraErrors.signInRequestExpired(), errors));
  if (!pending || pending.signedIn || pending.expiresAt <= services.clock() || !application) return expired();
  const pathTenant = ctx.params.tenant!;
  const urlTenant = pending.tenantId ? services.world.resolveTenant(pending.tenantId) : undefined;
  if (pending.tenantId && !urlTenant) return expired();

  let found: UserInTenant | undefined;
  const pickedId = form.get('user');
  if (pickedId !== null) {
    found = findPickedUser(services, pending, pickedId);
    if (!found) return expired();
  } else {
    const login = (form.get('login') ?? '').trim();
    const rerender = (error: { headline: string; detail?: string }) =>
      sendHtml(
        res,
        200,
        renderConsentAccountPicker(services.world, {
          tenant: urlTenant,
          pathTenant,
          application,
          pendingId,
          login,
          error,
        }),
      );
    if (!login) return rerender({ headline: 'Enter a valid email address, phone number, or Skype name.' });
    found = services.world.findUserByUpn(login);
    if (!found) {
      const failure = EntraErrors.unknownUser(login, urlTenant?.displayName ?? 'any');
      return rerender({
        headline: 'This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin.',
        detail: `AADSTS${failure.code}: ${failure.message}`,
      });
    }
  }

  const { user } = found;
  const tenant = urlTenant ?? found.tenant;
  if (found.tenant.id !== tenant.id) {
    services.entra.consentRequests.delete(pendingId);
    recordConsentEvent(services, {
      flow: pending.flow,
      tenantId: tenant.id,
      tenantName: tenant.displayName,
      userId: user.id,
      userPrincipalName: user.userPrincipalName,
      outcome: 'user-not-in-tenant',
    });
    const failure = EntraErrors.userNotInTenant(
      user.userPrincipalName,
      found.tenant.id,
      tenant.displayName,
      application.clientId,
      application.displayName,
    );
    redirectConsentError(res, pending, failure, errors);
    return;
  }

  const blocker = consentBlocker(tenant, user, application);
  if (blocker) {
    services.entra.consentRequests.delete(pendingId);
    answerConsentBlocker(ctx, pending, { tenant, user, application }, blocker, errors);
    return;
  }

  pending.signedIn = { tenantId: tenant.id, userId: user.id };
  const home = services.world.resolveTenant(application.homeTenantId);
  sendHtml(
    res,
    200,
    renderPermissionsPage({
      tenant,
      user,
      application,
      pendingId,
      askOrgWide: pending.flow === 'authorize-v1' && pending.legacyPrompt === 'consent',
      homeDomain: home?.verifiedDomains[0] ?? '',
    }),
  );
}
