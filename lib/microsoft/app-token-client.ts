import 'server-only';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { getConfig } from '@/lib/config';
import type { Config } from '@/lib/config/schema';
import { isGuid } from '@/lib/guid';
import { buildMsalConfiguration } from './msal-configuration';

export type AppToken = { accessToken: string; expiresOn: Date; fromCache: boolean };

export type AppTokenClient = {
  /**
   * An app-only token for one customer tenant and one resource (Defender for Endpoint, Defender
   * XDR or Graph: a token is always for a single resource). `tenantId` must be the tenant GUID:
   * MSAL caches per tenant string, so a domain would make a second cache entry.
   */
  acquire(request: { tenantId: string; resource: string; skipCache?: boolean }): Promise<AppToken>;
};

/**
 * One MSAL confidential client for all tenants, tokens in MSAL's in-memory cache (never in the
 * database). MSAL does not de-duplicate concurrent client-credential calls, so concurrent
 * requests for the same tenant and resource share one flight.
 */
export function createAppTokenClient(config: Pick<Config, 'app' | 'endpoints'>): AppTokenClient {
  const msal = new ConfidentialClientApplication(buildMsalConfiguration(config));
  const inFlight = new Map<string, Promise<AppToken>>();

  return {
    acquire({ tenantId, resource, skipCache = false }) {
      if (!isGuid(tenantId)) throw new Error(`tenantId must be a tenant GUID, got "${String(tenantId)}"`);
      const key = `${tenantId.toLowerCase()} ${resource} ${skipCache}`;
      const existing = inFlight.get(key);
      if (existing) return existing;
      const flight = msal
        .acquireTokenByClientCredential({
          scopes: [`${resource}/.default`],
          authority: `${config.endpoints.authorityHost}/${tenantId.toLowerCase()}`,
          skipCache,
        })
        .then((result) => {
          if (!result?.accessToken || !result.expiresOn) throw new Error('MSAL returned no access token');
          return { accessToken: result.accessToken, expiresOn: result.expiresOn, fromCache: result.fromCache };
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, flight);
      return flight;
    },
  };
}

// On globalThis for the same reason as the database client: `next dev` re-evaluates modules.
const globalForTokens = globalThis as typeof globalThis & { canopyAppTokens?: AppTokenClient };

/** The process's shared client (one token cache per process), created on first use. */
export function getAppTokenClient(): AppTokenClient {
  globalForTokens.canopyAppTokens ??= createAppTokenClient(getConfig());
  return globalForTokens.canopyAppTokens;
}
