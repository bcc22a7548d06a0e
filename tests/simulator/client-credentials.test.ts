import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH, MDE, MDE_LEGACY, XDR, requestAppToken, signAssertion, tokenUrl } from './support/app-tokens';
import { expectEntraError, startTestSimulator, type TestSimulator } from './support/simulator';

const now = Date.parse('2030-03-04T05:06:07Z');
let sim: TestSimulator;
let jwks: ReturnType<typeof createLocalJWKSet>;
beforeAll(async () => {
  sim = await startTestSimulator({ clock: () => now });
  jwks = createLocalJWKSet((await sim.request(`${sim.origin}/common/discovery/keys`)).json<JSONWebKeySet>());
});
afterAll(async () => {
  await sim?.close();
});

const nowSeconds = () => Math.floor(now / 1000);

async function verifyAppToken(token: string, tid: string, audience: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, jwks, {
    issuer: `https://sts.windows.net/${tid}/`,
    audience,
    algorithms: ['RS256'],
    currentDate: new Date(now),
  });
  return payload;
}

const ALL_CLAIMS = [
  'aio',
  'app_displayname',
  'appid',
  'appidacr',
  'aud',
  'exp',
  'iat',
  'idp',
  'iss',
  'nbf',
  'oid',
  'rh',
  'roles',
  'sub',
  'tenant_region_scope',
  'tid',
  'uti',
  'ver',
];

describe("client credentials, v2 (MSAL's endpoint)", () => {
  it('issues an MDE token with a client_secret in the body: §B2 body, §C1 claims, 60-90 minute lifetime', async () => {
    const northwind = sim.tenant('Northwind Traders');
    const response = await requestAppToken(sim, { tenant: northwind.id });
    expect(response.status).toBe(200);
    const body = response.json<{
      token_type: string;
      expires_in: number;
      ext_expires_in: number;
      access_token: string;
    }>();
    expect(Object.keys(body)).toEqual(['token_type', 'expires_in', 'ext_expires_in', 'access_token']);
    expect(body.token_type).toBe('Bearer');
    expect(typeof body.expires_in).toBe('number');
    expect(body.expires_in).toBeGreaterThanOrEqual(3600);
    expect(body.expires_in).toBeLessThanOrEqual(5400);
    expect(body.ext_expires_in).toBe(body.expires_in);

    expect(Object.keys(decodeProtectedHeader(body.access_token)).sort()).toEqual(['alg', 'kid', 'typ', 'x5t']);
    const claims = await verifyAppToken(body.access_token, northwind.id, MDE);
    expect(Object.keys(claims).sort()).toEqual(ALL_CLAIMS);
    expect(claims).toMatchObject({
      aud: MDE,
      iss: `https://sts.windows.net/${northwind.id}/`,
      idp: `https://sts.windows.net/${northwind.id}/`,
      appid: sim.app.clientId,
      app_displayname: sim.app.displayName,
      appidacr: '1',
      oid: northwind.servicePrincipal!.objectId,
      sub: northwind.servicePrincipal!.objectId,
      tid: northwind.id,
      roles: ['Alert.Read.All', 'Alert.ReadWrite.All'],
      tenant_region_scope: 'NA',
      ver: '1.0',
      iat: nowSeconds(),
      nbf: nowSeconds(),
      exp: nowSeconds() + body.expires_in,
    });
  });

  it('randomises the lifetime within 3600-5400 seconds', async () => {
    const lifetimes = new Set<number>();
    for (let i = 0; i < 8; i++) {
      const { expires_in } = (await requestAppToken(sim, { tenant: sim.tenant('Litware').id })).json<{
        expires_in: number;
      }>();
      expect(expires_in).toBeGreaterThanOrEqual(3600);
      expect(expires_in).toBeLessThanOrEqual(5400);
      lifetimes.add(expires_in);
    }
    expect(lifetimes.size).toBeGreaterThan(1);
  });

  it('puts the GUID in tid even when the URL names the tenant by domain; HTTP Basic works too', async () => {
    const litware = sim.tenant('Litware');
    const response = await requestAppToken(sim, { tenant: 'LITWARE.onmicrosoft.com', auth: 'basic' });
    expect(response.status).toBe(200);
    const claims = await verifyAppToken(response.json<{ access_token: string }>().access_token, litware.id, MDE);
    expect(claims.tid).toBe(litware.id);
  });

  it('answers per resource: XDR and Graph roles, the legacy MDE audience, one resource per token', async () => {
    const northwind = sim.tenant('Northwind Traders');
    const token = async (scope: string, audience: string) => {
      const response = await requestAppToken(sim, { tenant: northwind.id, scope });
      expect(response.status, scope).toBe(200);
      return verifyAppToken(response.json<{ access_token: string }>().access_token, northwind.id, audience);
    };
    expect((await token(`${XDR}/.default`, XDR)).roles).toEqual(['Incident.Read.All']);
    expect((await token(`${GRAPH}/.default`, GRAPH)).roles).toEqual([
      'SecurityAlert.Read.All',
      'SecurityIncident.Read.All',
    ]);
    expect((await token(`${MDE_LEGACY}/.default`, MDE_LEGACY)).roles).toEqual([
      'Alert.Read.All',
      'Alert.ReadWrite.All',
    ]);
    // Repeating one resource's scope is still one resource.
    expect((await token(`${MDE}/.default ${MDE}/.default`, MDE)).aud).toBe(MDE);
  });

  it('carries only the roles granted in that tenant, and no roles claim when none are', async () => {
    const relecloud = sim.tenant('Relecloud');
    const mde = await requestAppToken(sim, { tenant: relecloud.id });
    expect((await verifyAppToken(mde.json<{ access_token: string }>().access_token, relecloud.id, MDE)).roles).toEqual([
      'Alert.Read.All',
    ]);
    const xdr = await requestAppToken(sim, { tenant: relecloud.id, resource: XDR });
    expect(xdr.status).toBe(200);
    expect(
      await verifyAppToken(xdr.json<{ access_token: string }>().access_token, relecloud.id, XDR),
    ).not.toHaveProperty('roles');
    const adatum = sim.tenant('Adatum');
    const revoked = await requestAppToken(sim, { tenant: adatum.id });
    expect(revoked.status).toBe(200);
    const claims = await verifyAppToken(revoked.json<{ access_token: string }>().access_token, adatum.id, MDE);
    expect(claims).not.toHaveProperty('roles');
    expect(claims.oid).toBe(adatum.servicePrincipal!.objectId);
  });

  it("ignores MSAL's telemetry parameters and the client-request-id query parameter, echoing it as correlation id on errors", async () => {
    const correlation = '0a1b2c3d-0000-4000-8000-00000000abcd';
    const extra = {
      'x-client-SKU': 'msal.js.node',
      'x-client-VER': '7.2.1',
      'x-client-OS': 'linux',
      'x-client-CPU': 'x64',
      'x-ms-lib-capability': 'retry-after, h429',
      'x-client-current-telemetry': '5|771,2,,,|,',
      'x-client-last-telemetry': '5|0|||0,0',
      'client-request-id': correlation,
    };
    const ok = await requestAppToken(sim, {
      tenant: sim.tenant('Northwind Traders').id,
      extra,
      query: `?client-request-id=${correlation}`,
    });
    expect(ok.status).toBe(200);
    const failed = await requestAppToken(sim, {
      tenant: sim.tenant('Fabrikam').id,
      extra,
      query: `?client-request-id=${correlation}`,
    });
    expect(failed.json()).toMatchObject({ correlation_id: correlation });
  });
});

describe('client credentials, v1 (resource=)', () => {
  it('answers with string expires_in, ext_expires_in, expires_on, not_before and the resource', async () => {
    const litware = sim.tenant('Litware');
    const response = await requestAppToken(sim, { tenant: litware.id, version: 'v1', resource: MDE });
    expect(response.status).toBe(200);
    const body = response.json<Record<string, string>>();
    expect(Object.keys(body)).toEqual([
      'token_type',
      'expires_in',
      'ext_expires_in',
      'expires_on',
      'not_before',
      'resource',
      'access_token',
    ]);
    for (const field of ['expires_in', 'ext_expires_in', 'expires_on', 'not_before'])
      expect(body[field], field).toMatch(/^\d+$/);
    expect(Number(body.expires_in)).toBeGreaterThanOrEqual(3600);
    expect(Number(body.expires_in)).toBeLessThanOrEqual(5400);
    expect(Number(body.not_before)).toBe(nowSeconds());
    expect(Number(body.expires_on) - Number(body.not_before)).toBe(Number(body.expires_in));
    expect(body.resource).toBe(MDE);
    const claims = await verifyAppToken(body.access_token!, litware.id, MDE);
    expect(claims.roles).toEqual(['Alert.Read.All', 'Alert.ReadWrite.All']);
  });

  it('accepts HTTP Basic and a domain tenant, and issues Graph tokens', async () => {
    const northwind = sim.tenant('Northwind Traders');
    const response = await requestAppToken(sim, {
      tenant: 'northwindtraders.onmicrosoft.com',
      version: 'v1',
      resource: GRAPH,
      auth: 'basic',
    });
    expect(response.status).toBe(200);
    const claims = await verifyAppToken(response.json<{ access_token: string }>().access_token, northwind.id, GRAPH);
    expect(claims.tid).toBe(northwind.id);
  });
});

describe('certificate credentials (client_assertion)', () => {
  const northwindTokenUrl = () => tokenUrl(sim, sim.tenant('Northwind Traders').id);

  it("accepts a PS256 assertion named by x5t#S256 (MSAL's default) and marks the token appidacr 2", async () => {
    const assertion = await signAssertion({ aud: northwindTokenUrl(), clientId: sim.app.clientId, now: nowSeconds() });
    const response = await requestAppToken(sim, { tenant: sim.tenant('Northwind Traders').id, auth: { assertion } });
    expect(response.status).toBe(200);
    const claims = await verifyAppToken(
      response.json<{ access_token: string }>().access_token,
      sim.tenant('Northwind Traders').id,
      MDE,
    );
    expect(claims.appidacr).toBe('2');
  });

  it('accepts an RS256 assertion named by x5t at the v1 endpoint, whose audience is the v1 URL with the tenant as sent', async () => {
    const url = tokenUrl(sim, 'litware.onmicrosoft.com', 'v1');
    const assertion = await signAssertion({ alg: 'RS256', aud: url, clientId: sim.app.clientId, now: nowSeconds() });
    const response = await requestAppToken(sim, {
      tenant: 'litware.onmicrosoft.com',
      version: 'v1',
      auth: { assertion },
    });
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ resource: MDE });
  });

  it('accepts the same signed assertion again (MSAL reuses it per token endpoint) but not another assertion reusing its jti', async () => {
    const northwind = sim.tenant('Northwind Traders').id;
    const assertion = await signAssertion({
      aud: northwindTokenUrl(),
      clientId: sim.app.clientId,
      now: nowSeconds(),
      claims: { jti: 'fixed-jti-1' },
    });
    expect((await requestAppToken(sim, { tenant: northwind, auth: { assertion } })).status).toBe(200);
    expect((await requestAppToken(sim, { tenant: northwind, resource: XDR, auth: { assertion } })).status).toBe(200);
    const another = await signAssertion({
      aud: northwindTokenUrl(),
      clientId: sim.app.clientId,
      now: nowSeconds() + 1,
      claims: { jti: 'fixed-jti-1' },
    });
    const replay = await requestAppToken(sim, { tenant: northwind, auth: { assertion: another } });
    expect(replay.status).toBe(401);
    expectEntraError(replay.json(), { error: 'invalid_client', code: 700027, origin: sim.origin });
  });
});

describe('request log of token requests', () => {
  it('records the credential type and the form with secrets and assertions redacted', async () => {
    const northwind = sim.tenant('Northwind Traders').id;
    const start = (await sim.requestLog()).at(-1)?.id ?? 0;
    const assertion = await signAssertion({
      aud: tokenUrl(sim, northwind),
      clientId: sim.app.clientId,
      now: nowSeconds(),
    });
    await requestAppToken(sim, { tenant: northwind, auth: 'body' });
    await requestAppToken(sim, { tenant: northwind, auth: 'basic' });
    await requestAppToken(sim, { tenant: northwind, auth: { assertion } });
    await requestAppToken(sim, { tenant: 'northwindtraders.onmicrosoft.com', auth: 'none', version: 'v1' });

    const entries = await sim.requestLog({ tenant: northwind, after: start });
    expect(entries.map((entry) => [entry.path.replace(northwind, '{id}'), entry.credential, entry.status])).toEqual([
      ['/{id}/oauth2/v2.0/token', 'secret-body', 200],
      ['/{id}/oauth2/v2.0/token', 'secret-basic', 200],
      ['/{id}/oauth2/v2.0/token', 'certificate', 200],
      ['/northwindtraders.onmicrosoft.com/oauth2/token', 'none', 401],
    ]);
    expect(entries[0]!.form).toEqual({
      grant_type: 'client_credentials',
      client_id: sim.app.clientId,
      scope: `${MDE}/.default`,
      client_secret: '[redacted]',
    });
    expect(entries[2]!.form).toMatchObject({
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: '[redacted]',
    });
    expect(entries[3]!.form).toMatchObject({ resource: MDE });
    const serialized = JSON.stringify(entries);
    expect(serialized).not.toContain(sim.secret);
    expect(serialized).not.toContain(assertion.slice(0, 40));
    expect(serialized).not.toContain('eyJ');
  });
});
