/**
 * Child process for tests/integration/app-token-client.test.ts: Canopy's own configuration and
 * token client, in a fresh Node process whose NODE_EXTRA_CA_CERTS trusts the simulator's CA, as
 * Canopy's server would. Prints what it got as JSON: claims and cache flags, never the token.
 */
import { decodeJwt } from 'jose';
import { parseConfig } from '../../../lib/config/schema';
import { createAppTokenClient } from '../../../lib/microsoft/app-token-client';

const [tenantId, resource] = process.argv.slice(2);
// Memory only: this test is about MSAL against the simulator; sharing through the database is
// tests/integration/shared-token-store.test.ts's.
const client = createAppTokenClient(parseConfig(process.env), null);
try {
  const first = await client.acquire({ tenantId: tenantId!, resource: resource! });
  const second = await client.acquire({ tenantId: tenantId!, resource: resource! });
  const claims = decodeJwt(first.accessToken);
  console.log(
    JSON.stringify({
      ok: true,
      claims: { tid: claims.tid, aud: claims.aud, roles: claims.roles ?? null, appidacr: claims.appidacr },
      fromCache: [first.fromCache, second.fromCache],
      lifetimeSeconds: Math.round((first.expiresOn.getTime() - Date.now()) / 1000),
    }),
  );
} catch (error) {
  const e = error as { errorCode?: string; errorNo?: unknown; name?: string };
  console.log(JSON.stringify({ ok: false, name: e.name, errorCode: e.errorCode, errorNo: e.errorNo }));
}
