import { readFormParams } from '../http/read-body';
import { sendHtml } from '../http/respond';
import { randomGuid, randomToken } from '../ids';
import { renderErrorPage } from '../pages/error-page';
import type { RequestContext } from '../router';
import { renderAccountPicker } from './authorize';
import { deliverToClient } from './authorize-response';
import { EntraErrors, errorContextFor, errorRedirectParams } from './errors';
import type { PendingAuthorizeRequest } from './state';

/** Authorization codes are short-lived (Entra: about 10 minutes) and single use. */
export const AUTHORIZATION_CODE_TTL_MS = 10 * 60 * 1000;
/** Redeemed/expired codes are remembered this long so a replay gets 54005/70008, not "unknown". */
const CODE_MEMORY_MS = 60 * 60 * 1000;

/**
 * POST `/{tenant}/login`: the account picker's forms. Everything about the authorize request comes
 * from the server-side pending record named by the hidden `pending` id, never from form fields.
 */
export async function handleSignIn(ctx: RequestContext): Promise<void> {
  const { services, req, res, url } = ctx;
  const errors = errorContextFor(req, url, ctx.origin, services.clock);
  const form = await readFormParams(req);
  const pendingId = form.get('pending') ?? '';
  const pending = pendingId ? services.entra.authorizeRequests.get(pendingId) : undefined;
  const tenant = services.world.resolveTenant(ctx.params.tenant!);
  const application = pending ? services.world.findApplication(pending.clientId) : undefined;
  if (!pending || pending.expiresAt <= services.clock() || !tenant || tenant.id !== pending.tenantId || !application) {
    sendHtml(res, 400, renderErrorPage(EntraErrors.signInRequestExpired(), errors));
    return;
  }

  const pickedId = form.get('user');
  if (pickedId !== null) {
    const user = services.world.findUserById(tenant, pickedId);
    if (!user) {
      sendHtml(res, 400, renderErrorPage(EntraErrors.signInRequestExpired(), errors));
      return;
    }
    services.entra.authorizeRequests.delete(pendingId);
    issueCode(ctx, pending, user.id);
    return;
  }

  const login = (form.get('login') ?? '').trim();
  const rerender = (error: { headline: string; detail?: string }) =>
    sendHtml(res, 200, renderAccountPicker(services.world, { tenant, application, pendingId, login, error }));
  if (!login) {
    rerender({ headline: 'Enter a valid email address, phone number, or Skype name.' });
    return;
  }
  // As after Entra's home realm discovery: a guest types the name of their home account.
  const guest = services.world.findGuestByHomeName(tenant, login);
  const found = guest ? { tenant, user: guest } : services.world.findUserByUpn(login);
  if (!found) {
    const failure = EntraErrors.unknownUser(login, tenant.displayName);
    rerender({
      headline: 'This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin.',
      detail: `AADSTS${failure.code}: ${failure.message}`,
    });
    return;
  }
  services.entra.authorizeRequests.delete(pendingId);
  if (found.tenant.id !== tenant.id) {
    const failure = EntraErrors.userNotInTenant(
      found.user.userPrincipalName,
      found.tenant.id,
      tenant.displayName,
      application.clientId,
      application.displayName,
    );
    deliverToClient(res, pending, errorRedirectParams(failure, errors));
    return;
  }
  issueCode(ctx, pending, found.user.id);
}

function issueCode(ctx: RequestContext, pending: PendingAuthorizeRequest, userId: string): void {
  const { services } = ctx;
  const code = randomToken(48);
  const sessionId = randomGuid();
  const issuedAt = services.clock();
  services.entra.authorizationCodes.put(
    code,
    {
      tenantId: pending.tenantId,
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      userId,
      scopes: pending.scopes,
      nonce: pending.nonce,
      codeChallenge: pending.codeChallenge,
      sessionId,
      issuedAt,
      expiresAt: issuedAt + AUTHORIZATION_CODE_TTL_MS,
      redeemed: false,
    },
    issuedAt + CODE_MEMORY_MS,
  );
  deliverToClient(
    ctx.res,
    pending,
    [
      ['code', code],
      ['session_state', sessionId],
    ],
    1,
  );
}
