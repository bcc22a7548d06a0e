import { readFile } from 'node:fs/promises';
import { Issuer, custom, generators, type BaseClient } from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from './support/simulator';
import { pendingIdOf, redirectParams, submitAccount } from './support/sign-in';

/**
 * next-auth 4 signs in through openid-client 5 (discovery, authorization URL, callback with ID token
 * validation against the JWKS). Driving openid-client directly shows the simulator satisfies it.
 */
let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
  custom.setHttpOptionsDefaults({ ca: await readFile(sim.caCertPath, 'utf8') });
});
afterAll(async () => {
  await sim?.close();
});

async function signInWith(client: BaseClient, userId: string, exchangeBody?: Record<string, string>) {
  const verifier = generators.codeVerifier();
  const state = generators.state();
  const nonce = generators.nonce();
  const authorizationUrl = client.authorizationUrl({
    scope: 'openid profile email',
    code_challenge: generators.codeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const page = await sim.request(authorizationUrl);
  expect(page.status).toBe(200);
  const picked = await submitAccount(sim, pendingIdOf(page.text), { user: userId });
  redirectParams(picked);
  const params = client.callbackParams(picked.location!);
  return client.callback(
    sim.redirectUri,
    params,
    { code_verifier: verifier, state, nonce },
    exchangeBody ? { exchangeBody } : undefined,
  );
}

describe('openid-client (what next-auth 4 runs)', () => {
  it('discovers the partner tenant by domain and completes a client_secret_basic sign-in', async () => {
    const issuer = await Issuer.discover(`${sim.origin}/${sim.partner.verifiedDomains[0]}/v2.0`);
    expect(issuer.metadata.issuer).toBe(`${sim.origin}/${sim.partner.id}/v2.0`);
    const client = new issuer.Client({
      client_id: sim.app.clientId,
      client_secret: sim.secret,
      redirect_uris: [sim.redirectUri],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    const tokens = await signInWith(client, sim.users.admin.id);
    expect(tokens.claims()).toMatchObject({ tid: sim.partner.id, oid: sim.users.admin.id, roles: ['Canopy.Admin'] });
  });

  it('works the way Canopy configures it: auth method none plus the secret in the exchange body', async () => {
    const issuer = await Issuer.discover(`${sim.origin}/${sim.partner.id}/v2.0/.well-known/openid-configuration`);
    const client = new issuer.Client({
      client_id: sim.app.clientId,
      redirect_uris: [sim.redirectUri],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
    const tokens = await signInWith(client, sim.users.analyst.id, { client_secret: sim.secret });
    expect(tokens.claims()).toMatchObject({
      oid: sim.users.analyst.id,
      roles: ['Canopy.Analyst'],
      preferred_username: sim.users.analyst.userPrincipalName,
    });
  });

  it("accepts an ID token whose tid the control API changed: only the relying party's own tid check can refuse it", async () => {
    const fabrikam = sim.tenant('Fabrikam').id;
    expect((await sim.control('PUT', `/tenants/${sim.partner.id}/next-id-token`, { tid: fabrikam })).status).toBe(200);
    const issuer = await Issuer.discover(`${sim.origin}/${sim.partner.id}/v2.0`);
    const client = new issuer.Client({
      client_id: sim.app.clientId,
      client_secret: sim.secret,
      redirect_uris: [sim.redirectUri],
      response_types: ['code'],
    });
    const tokens = await signInWith(client, sim.users.admin.id);
    expect(tokens.claims()).toMatchObject({
      iss: `${sim.origin}/${sim.partner.id}/v2.0`,
      tid: fabrikam,
      oid: sim.users.admin.id,
    });
  });
});
