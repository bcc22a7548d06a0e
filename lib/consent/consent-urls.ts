import type { Config } from '@/lib/config/schema';
import type { DataSource } from '@/lib/generated/prisma/enums';
import { requiredPermissions } from './required-permissions';

type UrlConfig = Pick<Config, 'publicUrl' | 'app' | 'endpoints'>;

/** Where Microsoft sends the customer's admin back; must be a registered redirect URI of the app. */
export function consentCallbackUrl(config: Pick<Config, 'publicUrl'>): string {
  return `${config.publicUrl}/consent/callback`;
}

/**
 * The v2 admin-consent URL (reference §A2): tenant-specific path, so consent lands in the invited
 * tenant, and a `/.default` scope, which consents everything in the app's required permissions.
 * One resource's `/.default` is enough; the first collected data source picks it.
 */
export function adminConsentUrl(
  config: UrlConfig,
  request: { tenantId: string; dataSources: readonly DataSource[]; state: string },
): string {
  const [first] = requiredPermissions(request.dataSources, config.endpoints);
  const resource = first?.resource ?? config.endpoints.defenderEndpointResource;
  const url = new URL(`${config.endpoints.authorityHost}/${request.tenantId}/v2.0/adminconsent`);
  url.searchParams.set('client_id', config.app.clientId);
  url.searchParams.set('scope', `${resource}/.default`);
  url.searchParams.set('redirect_uri', consentCallbackUrl(config));
  url.searchParams.set('state', request.state);
  return url.toString();
}

/**
 * The legacy link of Microsoft's Defender partner pages (reference §A1): a manual fallback. It
 * gives Canopy no callback (no state, no tenant), so staff must verify with "Check now".
 */
export function legacyConsentUrl(config: Pick<Config, 'app' | 'endpoints'>): string {
  const url = new URL(`${config.endpoints.authorityHost}/common/oauth2/authorize`);
  url.searchParams.set('prompt', 'consent');
  url.searchParams.set('client_id', config.app.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('sso_reload', 'true');
  return url.toString();
}
