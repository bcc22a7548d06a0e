import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORLD_FILE } from '../../simulator/index';
import { GRAPH, MDE, XDR, otherRsaKey, requestAppToken, signAssertion, tokenUrl } from './support/app-tokens';
import { expectEntraErrorResponse } from './support/entra-errors';
import type { SimResponse } from './support/https-client';
import { expectEntraError, startTestSimulator, type TestSimulator } from './support/simulator';
import { openAuthorize, pendingIdOf, redirectParams, submitAccount } from './support/sign-in';

const now = Date.parse('2030-03-04T05:06:07Z');
let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator({ clock: () => now });
});
afterAll(async () => {
  await sim?.close();
});

const nowSeconds = () => Math.floor(now / 1000);
const entraError = (response: SimResponse, status: number, error: string, code: number) =>
  expectEntraErrorResponse(response, status, { error, code, origin: sim.origin });

describe('token endpoint errors for app-only tokens (§B3/§B4 shape)', () => {
  it('700016 unauthorized_client: never consented, unknown client id', async () => {
    for (const version of ['v2', 'v1'] as const) {
      const body = entraError(
        await requestAppToken(sim, { tenant: sim.tenant('Fabrikam').id, version }),
        400,
        'unauthorized_client',
        700016,
      );
      expect(String(body.error_description)).toContain("was not found in the directory 'Fabrikam'");
    }
    entraError(
      await requestAppToken(sim, {
        tenant: sim.tenant('Northwind Traders').id,
        clientId: '11111111-2222-4333-8444-555555555555',
      }),
      400,
      'unauthorized_client',
      700016,
    );
  });

  it('700016 comes before the credential is looked at (a wrong secret in an unconsented tenant)', async () => {
    entraError(
      await requestAppToken(sim, { tenant: sim.tenant('Fabrikam').id, secret: 'wrong' }),
      400,
      'unauthorized_client',
      700016,
    );
  });

  it('7000215 wrong secret (body and Basic), 7000218 no credential', async () => {
    entraError(
      await requestAppToken(sim, { tenant: sim.tenant('Northwind Traders').id, secret: 'wrong-secret' }),
      401,
      'invalid_client',
      7000215,
    );
    entraError(
      await requestAppToken(sim, {
        tenant: sim.tenant('Northwind Traders').id,
        secret: 'wrong-secret',
        auth: 'basic',
        version: 'v1',
      }),
      401,
      'invalid_client',
      7000215,
    );
    entraError(
      await requestAppToken(sim, { tenant: sim.tenant('Northwind Traders').id, auth: 'none' }),
      401,
      'invalid_client',
      7000218,
    );
  });

  it('answers 700016 before 500011 in an unconsented tenant without Defender for Endpoint (the app is not there yet)', async () => {
    entraError(
      await requestAppToken(sim, { tenant: sim.tenant('Tailspin Toys').id }),
      400,
      'unauthorized_client',
      700016,
    );
  });

  it('90002 invalid_request for an unknown tenant on both endpoints; 50059 for common and organizations', async () => {
    for (const version of ['v2', 'v1'] as const) {
      entraError(
        await requestAppToken(sim, { tenant: 'nobody.onmicrosoft.com', version }),
        400,
        'invalid_request',
        90002,
      );
      entraError(
        await requestAppToken(sim, { tenant: '00000000-0000-4000-8000-00000000dead', version }),
        400,
        'invalid_request',
        90002,
      );
    }
    for (const tenant of ['common', 'organizations'])
      for (const version of ['v2', 'v1'] as const) {
        const body = entraError(await requestAppToken(sim, { tenant, version }), 400, 'invalid_request', 50059);
        expect(String(body.error_description)).toMatch(/^AADSTS50059: No tenant-identifying information found/);
      }
  });

  it('70011 for a scope without /.default, 700022 for two resources, 900144 without scope or resource', async () => {
    const northwind = sim.tenant('Northwind Traders').id;
    const notDefault = entraError(
      await requestAppToken(sim, { tenant: northwind, scope: `${MDE}/Alert.Read.All` }),
      400,
      'invalid_scope',
      70011,
    );
    expect(String(notDefault.error_description)).toContain('/.default');
    entraError(await requestAppToken(sim, { tenant: northwind, scope: 'openid' }), 400, 'invalid_scope', 70011);
    entraError(
      await requestAppToken(sim, { tenant: northwind, scope: `${MDE}/.default ${GRAPH}/.default` }),
      400,
      'invalid_scope',
      700022,
    );
    entraError(await requestAppToken(sim, { tenant: northwind, scope: '' }), 400, 'invalid_request', 900144);
    entraError(
      await requestAppToken(sim, { tenant: northwind, version: 'v1', resource: '' }),
      400,
      'invalid_request',
      900144,
    );
  });

  it('901002 invalid_request for a v1-style resource parameter on the v2 endpoint, even next to a valid scope', async () => {
    const northwind = sim.tenant('Northwind Traders').id;
    for (const extra of [{ resource: MDE }, { resource: '' }]) {
      const body = entraError(await requestAppToken(sim, { tenant: northwind, extra }), 400, 'invalid_request', 901002);
      expect(String(body.error_description)).toMatch(
        /^AADSTS901002: The 'resource' request parameter is not supported\./,
      );
    }
  });

  it('70003 unsupported_grant_type (v2 password, v1 authorization_code)', async () => {
    const northwind = sim.tenant('Northwind Traders').id;
    entraError(
      await requestAppToken(sim, { tenant: northwind, extra: { grant_type: 'password' } }),
      400,
      'unsupported_grant_type',
      70003,
    );
    entraError(
      await requestAppToken(sim, { tenant: northwind, version: 'v1', extra: { grant_type: 'authorization_code' } }),
      400,
      'unsupported_grant_type',
      70003,
    );
  });

  it('900561 for GET on the v1 endpoint', async () => {
    entraError(
      await sim.request(tokenUrl(sim, sim.tenant('Northwind Traders').id, 'v1')),
      400,
      'invalid_request',
      900561,
    );
  });
});

describe('resources not provisioned in the tenant (500011)', () => {
  it('refuses MDE (both audiences) in a tenant without Defender for Endpoint, but serves XDR and Graph there once consented', async () => {
    // Tailspin is not consented: consent it through the world so only the product is missing.
    sim.services.world.update((draft) => {
      draft.tenants.find((tenant) => tenant.displayName === 'Tailspin Toys')!.servicePrincipal = {
        objectId: '0b0b0b0b-0000-4000-8000-000000000001',
        grantedAppRoles: ['Microsoft Threat Protection/Incident.Read.All'],
        createdAt: '2030-01-01T00:00:00Z',
      };
    });
    try {
      const tailspin = sim.tenant('Tailspin Toys').id;
      const body = entraError(await requestAppToken(sim, { tenant: tailspin }), 400, 'invalid_resource', 500011);
      expect(String(body.error_description)).toContain(
        `The resource principal named ${MDE} was not found in the tenant named Tailspin Toys`,
      );
      entraError(
        await requestAppToken(sim, {
          tenant: tailspin,
          version: 'v1',
          resource: 'https://securitycenter.onmicrosoft.com/windowsatpservice',
        }),
        400,
        'invalid_resource',
        500011,
      );
      expect((await requestAppToken(sim, { tenant: tailspin, resource: XDR })).status).toBe(200);
      expect((await requestAppToken(sim, { tenant: tailspin, resource: GRAPH })).status).toBe(200);
    } finally {
      sim.services.world.reset();
    }
  });

  it('refuses an unknown resource with 500011 on both endpoints', async () => {
    const northwind = sim.tenant('Northwind Traders').id;
    entraError(
      await requestAppToken(sim, { tenant: northwind, resource: 'https://management.azure.com' }),
      400,
      'invalid_resource',
      500011,
    );
    entraError(
      await requestAppToken(sim, { tenant: northwind, version: 'v1', resource: 'https://vault.azure.net' }),
      400,
      'invalid_resource',
      500011,
    );
  });
});

describe('client assertion errors', () => {
  const northwind = () => sim.tenant('Northwind Traders').id;
  const aud = () => tokenUrl(sim, northwind());
  const assert = async (
    options: Parameters<typeof signAssertion>[0] | string,
    status: number,
    error: string,
    code: number,
  ) => {
    const assertion = typeof options === 'string' ? options : await signAssertion(options);
    return entraError(await requestAppToken(sim, { tenant: northwind(), auth: { assertion } }), status, error, code);
  };

  it('700027 for a certificate that is not registered and for a signature by another key', async () => {
    const unknown = await assert(
      {
        aud: aud(),
        clientId: sim.app.clientId,
        now: nowSeconds(),
        header: { 'x5t#S256': Buffer.alloc(32, 7).toString('base64url') },
      },
      401,
      'invalid_client',
      700027,
    );
    expect(String(unknown.error_description)).toContain(`Thumbprint of key used by client: '${'07'.repeat(32)}'`);
    await assert(
      { aud: aud(), clientId: sim.app.clientId, now: nowSeconds(), key: otherRsaKey() },
      401,
      'invalid_client',
      700027,
    );
    await assert(
      { alg: 'RS256', aud: aud(), clientId: sim.app.clientId, now: nowSeconds(), key: otherRsaKey() },
      401,
      'invalid_client',
      700027,
    );
  });

  it('50012 when aud is not this exact token URL (other version, other tenant segment, other host)', async () => {
    for (const wrong of [
      tokenUrl(sim, northwind(), 'v1'),
      tokenUrl(sim, 'northwindtraders.onmicrosoft.com'),
      `https://login.microsoftonline.com/${northwind()}/oauth2/v2.0/token`,
    ]) {
      await assert({ aud: wrong, clientId: sim.app.clientId, now: nowSeconds() }, 401, 'invalid_client', 50012);
    }
    await assert(
      { aud: aud(), clientId: sim.app.clientId, now: nowSeconds(), claims: { aud: [aud(), sim.origin] } },
      401,
      'invalid_client',
      5002741,
    );
  });

  it('700021 when iss or sub is not the client id', async () => {
    await assert(
      { aud: aud(), clientId: sim.app.clientId, now: nowSeconds(), claims: { iss: 'someone-else' } },
      401,
      'invalid_client',
      700021,
    );
    await assert(
      { aud: aud(), clientId: sim.app.clientId, now: nowSeconds(), claims: { sub: 'someone-else' } },
      401,
      'invalid_client',
      700021,
    );
  });

  it('700024 when expired, not yet valid or valid for too long', async () => {
    await assert({ aud: aud(), clientId: sim.app.clientId, now: nowSeconds() - 1200 }, 401, 'invalid_client', 700024);
    await assert({ aud: aud(), clientId: sim.app.clientId, now: nowSeconds() + 1200 }, 401, 'invalid_client', 700024);
    await assert(
      { aud: aud(), clientId: sim.app.clientId, now: nowSeconds(), claims: { exp: nowSeconds() + 24 * 3600 } },
      401,
      'invalid_client',
      700024,
    );
    await assert(
      { aud: aud(), clientId: sim.app.clientId, now: nowSeconds(), claims: { exp: undefined } },
      401,
      'invalid_client',
      700024,
    );
  });

  it('refuses a malformed assertion, a wrong assertion type and an assertion together with a secret', async () => {
    await assert('not-a-jwt', 400, 'invalid_request', 50027);
    const assertion = await signAssertion({ aud: aud(), clientId: sim.app.clientId, now: nowSeconds() });
    entraError(
      await requestAppToken(sim, {
        tenant: northwind(),
        auth: { assertion },
        extra: { client_assertion_type: 'urn:other' },
      }),
      400,
      'invalid_request',
      900144,
    );
    entraError(
      await requestAppToken(sim, { tenant: northwind(), auth: { assertion }, extra: { client_secret: sim.secret } }),
      400,
      'invalid_request',
      90023,
    );
  });

  it('refuses a certificate whose credential expired with 700027', async () => {
    const world = JSON.parse(await readFile(DEFAULT_WORLD_FILE, 'utf8'));
    world.application.certificates[0].expiresAt = '2029-01-01T00:00:00Z';
    const expired = await startTestSimulator({ world, clock: () => now });
    try {
      const target = expired.world.tenants.find((tenant) => tenant.displayName === 'Northwind Traders')!.id;
      const assertion = await signAssertion({
        aud: tokenUrl(expired, target),
        clientId: expired.app.clientId,
        now: nowSeconds(),
      });
      const response = await requestAppToken(expired, { tenant: target, auth: { assertion } });
      expect(response.status).toBe(401);
      const body = expectEntraError(response.json(), { error: 'invalid_client', code: 700027, origin: expired.origin });
      expect(String(body.error_description)).toContain('expired');
    } finally {
      await expired.close();
    }
  });
});

describe('certificate credential for the staff sign-in (authorization_code)', () => {
  it('redeems a code with a client assertion whose aud is the v2 token endpoint', async () => {
    const opened = await openAuthorize(sim);
    const picked = await submitAccount(sim, pendingIdOf(opened.response.text), { user: sim.users.admin.id });
    const code = redirectParams(picked).get('code')!;
    const assertion = await signAssertion({
      aud: tokenUrl(sim, sim.partner.id),
      clientId: sim.app.clientId,
      now: nowSeconds(),
    });
    const response = await sim.request(tokenUrl(sim, sim.partner.id), {
      form: {
        grant_type: 'authorization_code',
        client_id: sim.app.clientId,
        code,
        redirect_uri: sim.redirectUri,
        code_verifier: opened.verifier,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      },
    });
    expect(response.status, response.text).toBe(200);
    expect(response.json()).toHaveProperty('id_token');
  });
});
