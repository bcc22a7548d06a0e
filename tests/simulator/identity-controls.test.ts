import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GRAPH, MDE, XDR, requestAppToken, signAssertion, tokenUrl } from './support/app-tokens';
import { decideConsent, redirectPairs, signInToConsent } from './support/consent';
import { expectEntraErrorResponse } from './support/entra-errors';
import type { SimResponse } from './support/https-client';
import { expectEntraError, startTestSimulator, type TestSimulator } from './support/simulator';

let now = Date.parse('2031-01-01T10:00:00Z');
let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator({ clock: () => now });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  expect((await sim.control('POST', '/reset')).status).toBe(200);
});

const rolesOf = async (tenant: string, resource = MDE) => {
  const response = await requestAppToken(sim, { tenant, resource });
  expect(response.status, response.text).toBe(200);
  return decodeJwt(response.json<{ access_token: string }>().access_token).roles;
};
const entraError = (response: SimResponse, status: number, error: string, code: number) =>
  expectEntraErrorResponse(response, status, { error, code, origin: sim.origin });

describe('control API: reading state', () => {
  it('shows the world with secret values replaced by a hint, and per-tenant state', async () => {
    const world = await sim.control('GET', '/world');
    expect(world.status).toBe(200);
    expect(world.text).not.toContain(sim.secret);
    const application = world.json<{
      application: { clientSecrets: { hint: string }[]; certificates: { thumbprintSha256: string }[] };
    }>().application;
    expect(application.clientSecrets[0]!.hint).toBe('Cnp…');
    expect(application.certificates[0]!.thumbprintSha256).toMatch(/^[0-9A-F]{64}$/);

    const state = (await sim.control('GET', '/state')).json<{
      identity: { tenants: { displayName: string; servicePrincipal: unknown; isHomeTenant: boolean }[] };
    }>();
    expect(state.identity.tenants.map((tenant) => tenant.displayName)).toContain('Litware');
    expect(state.identity.tenants.find((tenant) => tenant.isHomeTenant)?.displayName).toBe('Contoso Security Partners');
    expect((await sim.control('GET', '/tenants/fabrikam.onmicrosoft.com')).json()).toMatchObject({
      id: sim.tenant('Fabrikam').id,
      servicePrincipal: null,
      tokenFaults: null,
    });
    expect((await sim.control('GET', '/tenants/nobody.example')).status).toBe(404);
  });
});

describe('control API: consent, grants and service principals, observed through tokens', () => {
  it('consents, sets exact grants, adds and removes one, revokes all (token without roles) and deletes the principal (700016)', async () => {
    const fabrikam = sim.tenant('Fabrikam').id;
    entraError(await requestAppToken(sim, { tenant: fabrikam }), 400, 'unauthorized_client', 700016);

    const consent = await sim.control('POST', `/tenants/${fabrikam}/consent`);
    expect(consent.status).toBe(200);
    expect(await rolesOf(fabrikam)).toEqual(['Alert.Read.All', 'Alert.ReadWrite.All']);
    expect(await rolesOf(fabrikam, GRAPH)).toEqual(['SecurityAlert.Read.All', 'SecurityIncident.Read.All']);

    expect(
      (
        await sim.control('PUT', `/tenants/${fabrikam}/grants`, {
          grantedAppRoles: ['WindowsDefenderATP/Alert.Read.All'],
        })
      ).status,
    ).toBe(200);
    expect(await rolesOf(fabrikam)).toEqual(['Alert.Read.All']);
    expect(await rolesOf(fabrikam, XDR)).toBeUndefined();

    await sim.control('PATCH', `/tenants/${fabrikam}/grants`, {
      add: ['Microsoft Threat Protection/Incident.Read.All'],
      remove: ['WindowsDefenderATP/Alert.Read.All'],
    });
    expect(await rolesOf(fabrikam)).toBeUndefined();
    expect(await rolesOf(fabrikam, XDR)).toEqual(['Incident.Read.All']);

    expect((await sim.control('DELETE', `/tenants/${fabrikam}/grants`)).status).toBe(200);
    expect(await rolesOf(fabrikam, XDR)).toBeUndefined();

    expect((await sim.control('DELETE', `/tenants/${fabrikam}/service-principal`)).status).toBe(200);
    entraError(await requestAppToken(sim, { tenant: fabrikam }), 400, 'unauthorized_client', 700016);
    expect((await sim.control('DELETE', `/tenants/${fabrikam}/service-principal`)).status).toBe(409);
  });

  it("refuses unknown role names with the validator's problem", async () => {
    const response = await sim.control('PUT', `/tenants/${sim.tenant('Fabrikam').id}/grants`, {
      grantedAppRoles: ['WindowsDefenderATP/Alert.Read'],
    });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_world_change' });
    expect(response.json<{ details: string[] }>().details.join('\n')).toContain(
      '"WindowsDefenderATP/Alert.Read" is not "<API>/<app role>"',
    );
    expect(tenantIdHasNoPrincipal('Fabrikam')).toBe(true);
  });

  it('lists consent events, including control-API and portal consents', async () => {
    await sim.control('DELETE', '/consent-events');
    const fabrikam = sim.tenant('Fabrikam').id;
    await sim.control('POST', `/tenants/${fabrikam}/consent`);
    const dana = sim.world.tenants.find((tenant) => tenant.id === fabrikam)!.users[0]!;
    const flow = await signInToConsent(sim, { flow: 'v2', tenant: fabrikam, user: { user: dana.id } });
    await decideConsent(sim, flow.afterSignIn, 'cancel');
    const events = (await sim.control('GET', '/consent-events?tenant=fabrikam.onmicrosoft.com')).json<{
      events: { flow: string; outcome: string; userPrincipalName: string | null; time: string }[];
    }>().events;
    expect(events.map((event) => [event.flow, event.outcome, event.userPrincipalName])).toEqual([
      ['control-api', 'granted', null],
      ['adminconsent-v2', 'declined', dana.userPrincipalName],
    ]);
    expect(events[0]!.time).toBe(new Date(now).toISOString());
    expect((await sim.control('GET', `/consent-events?tenant=${sim.tenant('Litware').id}`)).json()).toEqual({
      events: [],
    });
  });
});

function tenantIdHasNoPrincipal(name: string): boolean {
  return sim.services.world.data.tenants.find((tenant) => tenant.displayName === name)!.servicePrincipal === null;
}

describe('control API: replication delay after consent (clock-based)', () => {
  it('answers 700016 for N seconds after a portal consent, then issues tokens', async () => {
    const fabrikam = sim.tenant('Fabrikam').id;
    expect((await sim.control('PUT', `/tenants/${fabrikam}/replication-delay`, { seconds: 30 })).status).toBe(200);
    const dana = sim.world.tenants.find((tenant) => tenant.id === fabrikam)!.users[0]!;
    const flow = await signInToConsent(sim, { flow: 'v2', tenant: fabrikam, user: { user: dana.id } });
    expect(redirectPairs(await decideConsent(sim, flow.afterSignIn, 'accept')).pairs[0]).toEqual([
      'admin_consent',
      'True',
    ]);

    entraError(await requestAppToken(sim, { tenant: fabrikam }), 400, 'unauthorized_client', 700016);
    now += 29_000;
    entraError(await requestAppToken(sim, { tenant: fabrikam, version: 'v1' }), 400, 'unauthorized_client', 700016);
    now += 2_000;
    expect((await requestAppToken(sim, { tenant: fabrikam })).status).toBe(200);
  });

  it('applies to control-API consents too, and not once cleared', async () => {
    const litware = sim.tenant('Litware').id;
    await sim.control('PUT', `/tenants/${litware}/replication-delay`, { seconds: 10 });
    expect((await requestAppToken(sim, { tenant: litware })).status).toBe(200);
    await sim.control('POST', `/tenants/${litware}/consent`);
    entraError(await requestAppToken(sim, { tenant: litware }), 400, 'unauthorized_client', 700016);
    await sim.control('DELETE', `/tenants/${litware}/replication-delay`);
    expect((await requestAppToken(sim, { tenant: litware })).status).toBe(200);
  });
});

describe('control API: credentials', () => {
  it('expires the client secret (7000222) and the certificate (700027), and reset brings them back', async () => {
    const northwind = sim.tenant('Northwind Traders').id;
    const secretId = sim.app.clientSecrets[0]!.id;
    expect((await sim.control('POST', `/application/secrets/${secretId}/expire`)).status).toBe(200);
    entraError(await requestAppToken(sim, { tenant: northwind }), 401, 'invalid_client', 7000222);

    const certificateId = sim.app.certificates[0]!.id;
    expect((await sim.control('POST', `/application/certificates/${certificateId}/expire`)).status).toBe(200);
    const assertion = await signAssertion({
      aud: tokenUrl(sim, northwind),
      clientId: sim.app.clientId,
      now: Math.floor(now / 1000),
    });
    const refused = entraError(
      await requestAppToken(sim, { tenant: northwind, auth: { assertion } }),
      401,
      'invalid_client',
      700027,
    );
    expect(String(refused.error_description)).toContain('expired');

    await sim.control('POST', '/reset');
    expect((await requestAppToken(sim, { tenant: northwind })).status).toBe(200);
    expect(
      (await sim.control('PATCH', `/application/secrets/${secretId}`, { expiresAt: new Date(now - 1).toISOString() }))
        .status,
    ).toBe(200);
    entraError(await requestAppToken(sim, { tenant: northwind }), 401, 'invalid_client', 7000222);
    expect((await sim.control('POST', '/application/secrets/00000000-0000-4000-8000-000000000000/expire')).status).toBe(
      404,
    );
  });

  it('changes redirect URIs and required permissions (validated)', async () => {
    const patched = await sim.control('PATCH', '/application', {
      redirectUris: ['http://localhost:3000/consent/callback'],
    });
    expect(patched.json<{ redirectUris: string[] }>().redirectUris).toEqual(['http://localhost:3000/consent/callback']);
    const bad = await sim.control('PATCH', '/application', {
      requiredResourceAccess: [
        {
          resource: MDE,
          resourceAppId: 'fc780465-2017-40d4-a0c5-307022471b92',
          displayName: 'WindowsDefenderATP',
          appRoles: ['Alert.Nope'],
        },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.json<{ details: string[] }>().details.join('\n')).toContain(
      'application.requiredResourceAccess[0].appRoles[0]',
    );
  });
});

describe('control API: tenants and users', () => {
  const contosoRetail = '3f2a8c1e-9b7d-4e6f-a5c4-1d2e3f4a5b6c';

  it('creates a tenant (201), serves its discovery by domain, replaces it (200), and deletes it (90002 afterwards)', async () => {
    const created = await sim.control('PUT', `/tenants/${contosoRetail}`, {
      displayName: 'Contoso Retail',
      verifiedDomains: ['contosoretail.onmicrosoft.com'],
      users: [
        {
          id: '4b5c6d7e-8f90-4a1b-9c2d-3e4f5a6b7c8d',
          displayName: 'Casey Retail',
          userPrincipalName: 'casey@contosoretail.onmicrosoft.com',
          directoryRoles: ['Global Administrator'],
        },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({
      id: contosoRetail,
      products: { defenderForEndpoint: true, defenderXdr: true },
      servicePrincipal: null,
    });
    const metadata = await sim.request(
      `${sim.origin}/contosoretail.onmicrosoft.com/v2.0/.well-known/openid-configuration`,
    );
    expect(metadata.json()).toMatchObject({ issuer: `${sim.origin}/${contosoRetail}/v2.0` });

    // The new tenant's admin can consent through the portal flow.
    const flow = await signInToConsent(sim, {
      flow: 'v2',
      tenant: 'contosoretail.onmicrosoft.com',
      user: { login: 'casey@contosoretail.onmicrosoft.com' },
    });
    expect(
      new URLSearchParams(redirectPairs(await decideConsent(sim, flow.afterSignIn, 'accept')).pairs).get('tenant'),
    ).toBe(contosoRetail);
    expect(await rolesOf(contosoRetail)).toEqual(['Alert.Read.All', 'Alert.ReadWrite.All']);

    const replaced = await sim.control('PUT', `/tenants/${contosoRetail}`, {
      displayName: 'Contoso Retail Ltd',
      verifiedDomains: ['contosoretail.onmicrosoft.com'],
    });
    expect(replaced.status).toBe(200);
    entraError(await requestAppToken(sim, { tenant: contosoRetail }), 400, 'unauthorized_client', 700016);

    expect((await sim.control('DELETE', `/tenants/${contosoRetail}`)).status).toBe(200);
    entraError(await requestAppToken(sim, { tenant: contosoRetail }), 400, 'invalid_request', 90002);
    expect(
      (await sim.request(`${sim.origin}/contosoretail.onmicrosoft.com/v2.0/.well-known/openid-configuration`)).status,
    ).toBe(400);
  });

  it('refuses an invalid tenant with field paths, and deleting the home tenant', async () => {
    const duplicate = await sim.control('PUT', `/tenants/${contosoRetail}`, {
      displayName: 'Dup',
      verifiedDomains: ['fabrikam.onmicrosoft.com'],
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.json<{ details: string[] }>().details.join('\n')).toContain(
      'is already verified by another tenant',
    );
    expect((await sim.control('PUT', '/tenants/not-a-guid', {})).status).toBe(400);
    expect((await sim.control('DELETE', `/tenants/${sim.partner.id}`)).status).toBe(409);
  });

  it('turns Defender for Endpoint off and on for a tenant (500011 while off)', async () => {
    const northwind = sim.tenant('Northwind Traders').id;
    const patched = await sim.control('PATCH', `/tenants/${northwind}`, {
      products: { defenderForEndpoint: false },
      defender: { alertCount: 5 },
    });
    expect(patched.json()).toMatchObject({
      products: { defenderForEndpoint: false, defenderXdr: true },
      defender: { alertCount: 5, seed: 'northwind' },
    });
    entraError(await requestAppToken(sim, { tenant: northwind }), 400, 'invalid_resource', 500011);
    expect((await requestAppToken(sim, { tenant: northwind, resource: XDR })).status).toBe(200);
    await sim.control('PATCH', `/tenants/${northwind}`, { products: { defenderForEndpoint: true } });
    expect((await requestAppToken(sim, { tenant: northwind })).status).toBe(200);
    expect((await sim.control('PATCH', `/tenants/${northwind}`, { unknownField: 1 })).status).toBe(400);
  });

  it('adds, changes and removes users (an added Privileged Role Administrator can consent for Adatum)', async () => {
    const adatum = sim.tenant('Adatum').id;
    const userId = '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f';
    const added = await sim.control('PUT', `/tenants/adatum.onmicrosoft.com/users/${userId}`, {
      displayName: 'Avery Adatum',
      userPrincipalName: 'avery.pra@adatum.onmicrosoft.com',
      directoryRoles: [],
    });
    expect(added.status).toBe(201);
    const denied = await signInToConsent(sim, { flow: 'v2', tenant: adatum, user: { user: userId } });
    expect(denied.afterSignIn.text).toContain('Need admin approval');

    await sim.control('PATCH', `/tenants/${adatum}/users/${userId}`, {
      directoryRoles: ['Privileged Role Administrator'],
    });
    const allowed = await signInToConsent(sim, { flow: 'v2', tenant: adatum, user: { user: userId } });
    redirectPairs(await decideConsent(sim, allowed.afterSignIn, 'accept'));
    expect(await rolesOf(adatum)).toEqual(['Alert.Read.All', 'Alert.ReadWrite.All']);

    expect(
      (await sim.control('PATCH', `/tenants/${adatum}/users/${userId}`, { directoryRoles: ['Global Admin'] })).status,
    ).toBe(400);
    expect((await sim.control('DELETE', `/tenants/${adatum}/users/${userId}`)).status).toBe(200);
    expect((await sim.control('DELETE', `/tenants/${adatum}/users/${userId}`)).status).toBe(404);
  });
});

describe('control API: token endpoint faults (per tenant)', () => {
  it('answers 429 with Retry-After and the §B3 body for N requests, then recovers; other tenants unaffected', async () => {
    const litware = sim.tenant('Litware').id;
    const set = await sim.control('PUT', `/tenants/${litware}/token-faults`, {
      throttle: { retryAfterSeconds: 7, count: 2 },
    });
    expect(set.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const throttled = await requestAppToken(sim, { tenant: litware });
      expect(throttled.status).toBe(429);
      expect(throttled.headers['retry-after']).toBe('7');
      expectEntraError(throttled.json(), { error: 'temporarily_unavailable', code: 90055, origin: sim.origin });
    }
    expect((await requestAppToken(sim, { tenant: litware })).status).toBe(200);
    expect((await requestAppToken(sim, { tenant: sim.tenant('Northwind Traders').id })).status).toBe(200);
  });

  it('answers 503 or 500 at the configured rate, on both endpoints, until cleared', async () => {
    const northwind = sim.tenant('Northwind Traders').id;
    await sim.control('PUT', `/tenants/${northwind}/token-faults`, { errorRate: 1 });
    entraError(await requestAppToken(sim, { tenant: northwind }), 503, 'temporarily_unavailable', 90033);
    await sim.control('PUT', `/tenants/${northwind}/token-faults`, { errorRate: 1, errorStatus: 500 });
    entraError(await requestAppToken(sim, { tenant: northwind, version: 'v1' }), 500, 'server_error', 90033);
    await sim.control('DELETE', `/tenants/${northwind}/token-faults`);
    expect((await requestAppToken(sim, { tenant: northwind })).status).toBe(200);
    expect((await sim.control('PUT', `/tenants/${northwind}/token-faults`, { errorRate: 2 })).status).toBe(400);
  });

  it('adds latency, and with timeout never answers (the request log shows no status)', async () => {
    const relecloud = sim.tenant('Relecloud').id;
    await sim.control('PUT', `/tenants/${relecloud}/token-faults`, { latencyMs: 150 });
    const started = performance.now();
    expect((await requestAppToken(sim, { tenant: relecloud })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);

    await sim.control('PUT', `/tenants/${relecloud}/token-faults`, { timeout: true });
    const last = (await sim.requestLog()).at(-1)?.id ?? 0;
    await expect(requestAppToken(sim, { tenant: relecloud, timeoutMs: 300 })).rejects.toThrow('timeout');
    const entries = await sim.requestLog({ tenant: relecloud, after: last });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ path: `/${relecloud}/oauth2/v2.0/token`, status: null });
  });

  it('is cleared by reset, with the world back as loaded', async () => {
    const fabrikam = sim.tenant('Fabrikam').id;
    await sim.control('PUT', `/tenants/${fabrikam}/token-faults`, { errorRate: 1 });
    await sim.control('POST', `/tenants/${fabrikam}/consent`);
    const reset = await sim.control('POST', '/reset');
    expect(reset.json<{ reset: string[] }>().reset).toContain('identity');
    entraError(await requestAppToken(sim, { tenant: fabrikam }), 400, 'unauthorized_client', 700016);
    expect((await sim.control('GET', `/tenants/${fabrikam}`)).json()).toMatchObject({
      servicePrincipal: null,
      tokenFaults: null,
    });
  });
});

describe('control API: request hygiene', () => {
  it('answers 400 for invalid JSON and 415 for a non-JSON body', async () => {
    const invalid = await sim.request(`${sim.origin}/_control/tenants/${sim.tenant('Fabrikam').id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${sim.controlToken}`, 'content-type': 'application/json' },
      form: { displayName: 'not json' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json()).toMatchObject({ error: 'invalid_json' });
    const text = await sim.request(`${sim.origin}/_control/tenants/${sim.tenant('Fabrikam').id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${sim.controlToken}`, 'content-type': 'text/plain' },
      form: { displayName: 'x' },
    });
    expect(text.status).toBe(415);
  });
});
