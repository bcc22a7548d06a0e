import { ServerError, type AuthenticationResult } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MDE, XDR, devCertificate } from './support/app-tokens';
import { createMsalClient } from './support/msal';
import { startTestSimulator, type TestSimulator } from './support/simulator';

// Real time: MSAL's cache and throttling read Date.now() themselves.
let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  await sim.control('POST', '/reset');
});

const tokenPosts = async (tenant: string) =>
  (await sim.requestLog({ tenant })).filter((entry) => entry.method === 'POST' && entry.path.endsWith('/token'));
const secretCredential = () => ({ clientSecret: sim.secret });
const certificateCredential = () => ({
  clientCertificate: {
    thumbprintSha256: devCertificate.sha256.toString('hex'),
    privateKey: devCertificate.keyPem,
    x5c: devCertificate.certPem,
  },
});

async function expectServerError(promise: Promise<unknown>): Promise<ServerError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ServerError);
    return error as ServerError;
  }
  throw new Error('expected MSAL to throw');
}

describe('@azure/msal-node 7.2.1 ConfidentialClientApplication against the simulator', () => {
  it('with a client secret: one token request per tenant, separate cache entries, then fromCache without a request', async () => {
    await sim.control('DELETE', '/requests');
    const northwind = sim.tenant('Northwind Traders').id;
    const litware = sim.tenant('Litware').id;
    const { cca, authorityFor } = createMsalClient(sim, secretCredential(), northwind);
    const acquire = (tenant: string) =>
      cca.acquireTokenByClientCredential({ scopes: [`${MDE}/.default`], authority: authorityFor(tenant) });

    const first = (await acquire(northwind)) as AuthenticationResult;
    const second = (await acquire(litware)) as AuthenticationResult;
    expect([first.fromCache, second.fromCache]).toEqual([false, false]);
    expect(decodeJwt(first.accessToken)).toMatchObject({
      tid: northwind,
      aud: MDE,
      appidacr: '1',
      roles: ['Alert.Read.All', 'Alert.ReadWrite.All'],
    });
    expect(decodeJwt(second.accessToken).tid).toBe(litware);
    const lifetime = (first.expiresOn!.getTime() - Date.now()) / 1000;
    expect(lifetime).toBeGreaterThan(3500);
    expect(lifetime).toBeLessThanOrEqual(5400);

    const cache = JSON.parse(cca.getTokenCache().serialize()) as {
      AccessToken: Record<string, { realm: string; target: string }>;
    };
    expect(
      Object.values(cache.AccessToken)
        .map((entry) => entry.realm)
        .sort(),
    ).toEqual([northwind, litware].sort());

    const again = (await acquire(northwind)) as AuthenticationResult;
    expect(again.fromCache).toBe(true);
    expect(again.accessToken).toBe(first.accessToken);
    expect(await tokenPosts(northwind)).toHaveLength(1);
    expect(await tokenPosts(litware)).toHaveLength(1);
    expect((await tokenPosts(northwind))[0]).toMatchObject({
      credential: 'secret-body',
      status: 200,
      form: { client_secret: '[redacted]', scope: `${MDE}/.default` },
    });
  });

  it("with a certificate (PS256, x5t#S256, x5c): tokens for two resources in one tenant reuse MSAL's assertion", async () => {
    await sim.control('DELETE', '/requests');
    const litware = sim.tenant('Litware').id;
    const { cca, authorityFor } = createMsalClient(sim, certificateCredential(), litware);
    const mde = (await cca.acquireTokenByClientCredential({
      scopes: [`${MDE}/.default`],
      authority: authorityFor(litware),
    })) as AuthenticationResult;
    const xdr = (await cca.acquireTokenByClientCredential({
      scopes: [`${XDR}/.default`],
      authority: authorityFor(litware),
    })) as AuthenticationResult;
    expect(decodeJwt(mde.accessToken)).toMatchObject({ tid: litware, aud: MDE, appidacr: '2' });
    expect(decodeJwt(xdr.accessToken)).toMatchObject({ aud: XDR, roles: ['Incident.Read.All'] });
    const posts = await tokenPosts(litware);
    expect(posts.map((entry) => [entry.credential, entry.status])).toEqual([
      ['certificate', 200],
      ['certificate', 200],
    ]);
  });

  it('surfaces 700016 as a ServerError with errorNo the number 700016', async () => {
    const fabrikam = sim.tenant('Fabrikam').id;
    const { cca, authorityFor } = createMsalClient(sim, secretCredential(), fabrikam);
    const error = await expectServerError(
      cca.acquireTokenByClientCredential({ scopes: [`${MDE}/.default`], authority: authorityFor(fabrikam) }),
    );
    expect(error.errorCode).toBe('unauthorized_client');
    expect(error.errorNo).toBe(700016);
    expect(typeof error.errorNo).toBe('number');
    expect(error.status).toBe(400);
    expect(error.errorMessage).toMatch(/^Error\(s\): 700016 - Timestamp: .* - Description: AADSTS700016: /);
  });

  it('after a forced 429 throws ServerError and then throttles the identical call locally (no second request)', async () => {
    await sim.control('DELETE', '/requests');
    const relecloud = sim.tenant('Relecloud').id;
    await sim.control('PUT', `/tenants/${relecloud}/token-faults`, { throttle: { retryAfterSeconds: 60, count: 1 } });
    const { cca, authorityFor } = createMsalClient(sim, secretCredential(), relecloud);
    const request = { scopes: [`${MDE}/.default`], authority: authorityFor(relecloud) };

    const throttled = await expectServerError(cca.acquireTokenByClientCredential(request));
    expect(throttled.status).toBe(429);
    expect(throttled.errorNo).toBe(90055);
    // The simulator would answer now (count 1 is used up), but MSAL does not ask it: its local
    // throttle entry replays the stored error codes (ThrottlingUtils.preProcess).
    const local = await expectServerError(cca.acquireTokenByClientCredential(request));
    expect(local.errorCode).toBe('90055');
    expect(await tokenPosts(relecloud)).toHaveLength(1);

    // Another resource is another request thumbprint: it goes to the network and succeeds.
    expect(
      ((await cca.acquireTokenByClientCredential({ ...request, scopes: [`${XDR}/.default`] })) as AuthenticationResult)
        .fromCache,
    ).toBe(false);
    expect(await tokenPosts(relecloud)).toHaveLength(2);
  });

  it('sees revoked roles only after skipCache, as the sheet warns (§A6)', async () => {
    const northwind = sim.tenant('Northwind Traders').id;
    const { cca, authorityFor } = createMsalClient(sim, secretCredential(), northwind);
    const request = { scopes: [`${MDE}/.default`], authority: authorityFor(northwind) };
    expect(
      decodeJwt(((await cca.acquireTokenByClientCredential(request)) as AuthenticationResult).accessToken).roles,
    ).toHaveLength(2);
    await sim.control('DELETE', `/tenants/${northwind}/grants`);
    expect(
      decodeJwt(((await cca.acquireTokenByClientCredential(request)) as AuthenticationResult).accessToken).roles,
    ).toHaveLength(2);
    const fresh = (await cca.acquireTokenByClientCredential({ ...request, skipCache: true })) as AuthenticationResult;
    expect(fresh.fromCache).toBe(false);
    expect(decodeJwt(fresh.accessToken).roles).toBeUndefined();
  });
});
