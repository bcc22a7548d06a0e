import { sendHtml } from '../http/respond';
import { renderErrorLookupPage } from '../pages/error-lookup-page';
import type { Router } from '../router';
import { handleConsentStart } from './admin-consent';
import { handleAuthorize } from './authorize';
import { handleConsentDecision } from './consent-decision';
import { handleConsentSignIn } from './consent-sign-in';
import { handleKeys, handleV1Metadata, handleV2Metadata } from './discovery';
import { handleLogout } from './logout';
import { handleSignIn } from './sign-in';
import { handleToken } from './token-endpoint';

const GET = ['GET'] as const;
const GET_POST = ['GET', 'POST'] as const;

/**
 * Entra ID at its real paths on the root. `{tenant}` is a tenant GUID or verified domain (consent
 * and metadata also take `organizations`/`common`).
 */
export function registerEntraRoutes(router: Router): void {
  router
    .add(GET, '/:tenant/v2.0/.well-known/openid-configuration', handleV2Metadata)
    .add(GET, '/:tenant/.well-known/openid-configuration', handleV1Metadata)
    .add(GET, '/common/discovery/keys', (ctx) => handleKeys(ctx, { version: 'v1' }))
    .add(GET, '/:tenant/discovery/v2.0/keys', (ctx) => handleKeys(ctx, { version: 'v2' }))
    .add(GET, '/:tenant/discovery/keys', (ctx) => handleKeys(ctx, { version: 'v1' }))
    .add(GET_POST, '/:tenant/oauth2/v2.0/authorize', handleAuthorize)
    .add(['POST'], '/:tenant/login', handleSignIn)
    .add(GET, '/:tenant/v2.0/adminconsent', handleConsentStart('adminconsent-v2'))
    .add(GET, '/:tenant/adminconsent', handleConsentStart('adminconsent-v1'))
    .add(GET_POST, '/:tenant/oauth2/authorize', handleConsentStart('authorize-v1'))
    .add(['POST'], '/:tenant/consent/login', handleConsentSignIn)
    .add(['POST'], '/:tenant/consent/set', handleConsentDecision)
    // GET is routed so it can answer Entra's "POST only" error instead of a bare 405.
    .add(GET_POST, '/:tenant/oauth2/v2.0/token', (ctx) => handleToken(ctx, 'v2'))
    .add(GET_POST, '/:tenant/oauth2/token', (ctx) => handleToken(ctx, 'v1'))
    .add(GET_POST, '/:tenant/oauth2/v2.0/logout', handleLogout)
    .add(GET, '/error', (ctx) => {
      const code = /^\d{1,9}$/.test(ctx.url.searchParams.get('code') ?? '')
        ? ctx.url.searchParams.get('code')!
        : 'unknown';
      sendHtml(ctx.res, 200, renderErrorLookupPage(code));
    });
}
