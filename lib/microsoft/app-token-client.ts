import 'server-only';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { getConfig } from '@/lib/config';
import type { Config } from '@/lib/config/schema';
import { getDb } from '@/lib/db/client';
import { isGuid } from '@/lib/guid';
import { buildMsalConfiguration } from './msal-configuration';
import { createSharedTokenStore, type SharedTokenStore, type StoredToken, type TokenKey } from './shared-token-store';

export type AppToken = { accessToken: string; expiresOn: Date; fromCache: boolean };

export type AppTokenClient = {
  /**
   * An app-only token for one customer tenant and one resource (Defender for Endpoint, Defender
   * XDR or Graph: a token is always for a single resource). `tenantId` must be the tenant GUID:
   * MSAL caches per tenant string, so a domain would make a second cache entry.
   */
  acquire(request: { tenantId: string; resource: string; skipCache?: boolean }): Promise<AppToken>;
};

/** A token is used until this long before it expires (MSAL's own refresh margin). */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * One MSAL confidential client for all tenants, used only to acquire. Tokens are kept per (tenant,
 * resource) in this process's memory and, given a shared store, sealed in the database for
 * Canopy's other processes: a token is requested once per lifetime however many workers run.
 * Concurrent requests in this process share one flight; across processes the store's lock does
 * the same. `skipCache` (verification) always asks Microsoft, and shares what it got.
 */
export function createAppTokenClient(
  config: Pick<Config, 'app' | 'endpoints'>,
  shared: SharedTokenStore | null,
): AppTokenClient {
  const msal = new ConfidentialClientApplication(buildMsalConfiguration(config));
  const memory = new Map<string, StoredToken>();
  const inFlight = new Map<string, Promise<AppToken>>();
  const usableAfter = () => new Date(Date.now() + EXPIRY_MARGIN_MS);

  async function fromMicrosoft({ tenantId, resource }: TokenKey): Promise<StoredToken> {
    const result = await msal.acquireTokenByClientCredential({
      scopes: [`${resource}/.default`],
      authority: `${config.endpoints.authorityHost}/${tenantId}`,
      skipCache: true,
    });
    if (!result?.accessToken || !result.expiresOn) throw new Error('MSAL returned no access token');
    return { accessToken: result.accessToken, expiresOn: result.expiresOn };
  }

  async function get(key: TokenKey, id: string, skipCache: boolean): Promise<AppToken> {
    if (!skipCache) {
      const known = memory.get(id);
      if (known && known.expiresOn > usableAfter()) return { ...known, fromCache: true };
      const stored = await shared?.find(key, usableAfter());
      if (stored) {
        memory.set(id, stored);
        return { ...stored, fromCache: true };
      }
    }
    const token = shared
      ? await shared.acquireOnce(key, () => fromMicrosoft(key), { force: skipCache, usableAfter })
      : { ...(await fromMicrosoft(key)), acquired: true };
    memory.set(id, { accessToken: token.accessToken, expiresOn: token.expiresOn });
    return { accessToken: token.accessToken, expiresOn: token.expiresOn, fromCache: !token.acquired };
  }

  return {
    acquire({ tenantId, resource, skipCache = false }) {
      if (!isGuid(tenantId)) throw new Error(`tenantId must be a tenant GUID, got "${String(tenantId)}"`);
      const key = { tenantId: tenantId.toLowerCase(), resource };
      const id = `${key.tenantId} ${resource}`;
      const flightId = `${id} ${skipCache}`;
      const existing = inFlight.get(flightId);
      if (existing) return existing;
      const flight = get(key, id, skipCache).finally(() => inFlight.delete(flightId));
      inFlight.set(flightId, flight);
      return flight;
    },
  };
}

// On globalThis for the same reason as the database client: `next dev` re-evaluates modules.
const globalForTokens = globalThis as typeof globalThis & { canopyAppTokens?: AppTokenClient };

/** The process's client, sharing tokens with Canopy's other processes through the database. */
export function getAppTokenClient(): AppTokenClient {
  const config = getConfig();
  globalForTokens.canopyAppTokens ??= createAppTokenClient(
    config,
    createSharedTokenStore(getDb(), config.tokenStoreSecret),
  );
  return globalForTokens.canopyAppTokens;
}
