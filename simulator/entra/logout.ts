import { readRequestParams } from '../http/read-body';
import { sendHtml, sendRedirect } from '../http/respond';
import { renderErrorPage } from '../pages/error-page';
import { renderSignedOutPage } from '../pages/signed-out-page';
import type { RequestContext } from '../router';
import type { WorldModel } from '../world/world-model';
import { EntraErrors, errorContextFor } from './errors';
import { resolveTenantSegment } from './tenant-segment';

/**
 * A post-logout target is honoured only on an origin the app registered a redirect URI on, so the
 * endpoint is not an open redirect (Entra likewise requires a registered URI).
 */
function isAllowedPostLogoutTarget(world: WorldModel, uri: string): boolean {
  let target: URL;
  try {
    target = new URL(uri);
  } catch {
    return false;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return false;
  return world.data.application.redirectUris.some((registered) => new URL(registered).origin === target.origin);
}

/** GET or POST `/{tenant}/oauth2/v2.0/logout` (end_session_endpoint). The simulator keeps no SSO session. */
export async function handleLogout(ctx: RequestContext): Promise<void> {
  const { services, req, res, url } = ctx;
  const params = await readRequestParams(req, url);
  if (resolveTenantSegment(services.world, ctx.params.tenant!).kind === 'unknown') {
    const errors = errorContextFor(req, url, ctx.origin, services.clock);
    sendHtml(res, 400, renderErrorPage(EntraErrors.invalidTenantRequest(ctx.params.tenant!), errors));
    return;
  }
  const target = params.get('post_logout_redirect_uri') || undefined;
  if (target && isAllowedPostLogoutTarget(services.world, target)) {
    const location = new URL(target);
    const state = params.get('state');
    if (state !== null) location.searchParams.append('state', state);
    sendRedirect(res, location.toString());
    return;
  }
  sendHtml(res, 200, renderSignedOutPage({ ignoredRedirect: target }));
}
