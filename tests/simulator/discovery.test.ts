import { X509Certificate, createHash, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEntraError, startTestSimulator, type TestSimulator } from './support/simulator';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim?.close();
});

describe('OpenID metadata (§C3)', () => {
  it("serves v2 metadata by tenant GUID with an issuer on the simulator's origin", async () => {
    const tid = sim.partner.id;
    const response = await sim.request(`${sim.origin}/${tid}/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const doc = response.json();
    expect(doc).toMatchObject({
      issuer: `${sim.origin}/${tid}/v2.0`,
      authorization_endpoint: `${sim.origin}/${tid}/oauth2/v2.0/authorize`,
      token_endpoint: `${sim.origin}/${tid}/oauth2/v2.0/token`,
      end_session_endpoint: `${sim.origin}/${tid}/oauth2/v2.0/logout`,
      jwks_uri: `${sim.origin}/${tid}/discovery/v2.0/keys`,
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      request_uri_parameter_supported: false,
    });
    expect(doc.token_endpoint_auth_methods_supported).toEqual([
      'client_secret_post',
      'private_key_jwt',
      'client_secret_basic',
    ]);
    expect(doc.response_types_supported).toContain('code');
    expect(doc.response_modes_supported).toEqual(['query', 'fragment', 'form_post']);
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'offline_access']));
    expect(doc.claims_supported).toEqual(
      expect.arrayContaining([
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'nonce',
        'tid',
        'preferred_username',
        'name',
        'email',
      ]),
    );
  });

  it('resolves a verified domain (any case) to the tenant GUID', async () => {
    const domain = sim.partner.verifiedDomains[0]!.toUpperCase();
    const doc = (await sim.request(`${sim.origin}/${domain}/v2.0/.well-known/openid-configuration`)).json();
    expect(doc.issuer).toBe(`${sim.origin}/${sim.partner.id}/v2.0`);
    expect(doc.token_endpoint).toBe(`${sim.origin}/${sim.partner.id}/oauth2/v2.0/token`);
  });

  it('serves v1 metadata with the sts.windows.net issuer, by GUID and by domain', async () => {
    for (const tenant of [sim.customer.id, sim.customer.verifiedDomains[0]!]) {
      const response = await sim.request(`${sim.origin}/${tenant}/.well-known/openid-configuration`);
      expect(response.status).toBe(200);
      expect(response.json()).toMatchObject({
        issuer: `https://sts.windows.net/${sim.customer.id}/`,
        token_endpoint: `${sim.origin}/${sim.customer.id}/oauth2/token`,
        authorization_endpoint: `${sim.origin}/${sim.customer.id}/oauth2/authorize`,
        jwks_uri: `${sim.origin}/common/discovery/keys`,
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
  });

  it('serves the templated issuer for /common and /organizations', async () => {
    for (const alias of ['common', 'organizations']) {
      const doc = (await sim.request(`${sim.origin}/${alias}/v2.0/.well-known/openid-configuration`)).json();
      expect(doc.issuer).toBe(`${sim.origin}/{tenantid}/v2.0`);
      expect(doc.token_endpoint).toBe(`${sim.origin}/${alias}/oauth2/v2.0/token`);
    }
  });

  it("answers an unknown tenant with 400 invalid_tenant AADSTS90002 in Entra's exact shape", async () => {
    for (const tenant of ['nobody.onmicrosoft.com', '00000000-1111-2222-3333-444444444444']) {
      for (const path of [
        'v2.0/.well-known/openid-configuration',
        '.well-known/openid-configuration',
        'discovery/v2.0/keys',
      ]) {
        const response = await sim.request(`${sim.origin}/${tenant}/${path}`);
        expect(response.status, `${tenant}/${path}`).toBe(400);
        const body = expectEntraError(response.json(), { error: 'invalid_tenant', code: 90002, origin: sim.origin });
        expect(String(body.error_description)).toMatch(new RegExp(`^AADSTS90002: Tenant '${tenant}' not found\\. `));
        expect(Object.keys(body).sort()).toEqual([
          'correlation_id',
          'error',
          'error_codes',
          'error_description',
          'error_uri',
          'timestamp',
          'trace_id',
        ]);
      }
    }
  });

  it('echoes a client-request-id as the correlation id', async () => {
    const correlation = '0b1e2d3c-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
    const response = await sim.request(`${sim.origin}/nobody.onmicrosoft.com/v2.0/.well-known/openid-configuration`, {
      headers: { 'client-request-id': correlation },
    });
    expect(response.json().correlation_id).toBe(correlation);
  });

  it('puts the host the client used (localhost alias) into the issuer', async () => {
    const port = new URL(sim.origin).port;
    const response = await sim.request(`${sim.origin}/${sim.partner.id}/v2.0/.well-known/openid-configuration`, {
      headers: { host: `localhost:${port}` },
    });
    expect(response.json().issuer).toBe(`https://localhost:${port}/${sim.partner.id}/v2.0`);
    const foreignHost = await sim.request(`${sim.origin}/${sim.partner.id}/v2.0/.well-known/openid-configuration`, {
      headers: { host: `login.microsoftonline.com` },
      skipHostnameCheck: true,
    });
    expect(foreignHost.json().issuer).toBe(`${sim.origin}/${sim.partner.id}/v2.0`);
  });
});

describe('signing keys (JWKS)', () => {
  const jwksPaths = () =>
    [
      [`/common/discovery/v2.0/keys`, `${sim.origin}/{tenantid}/v2.0`],
      [`/${sim.partner.id}/discovery/v2.0/keys`, `${sim.origin}/{tenantid}/v2.0`],
      [`/${sim.partner.verifiedDomains[0]}/discovery/v2.0/keys`, `${sim.origin}/{tenantid}/v2.0`],
      [`/common/discovery/keys`, `https://sts.windows.net/{tenantid}/`],
    ] as const;

  it('publishes RSA keys with kty, use, kid, x5t, n, e, x5c and a templated issuer', async () => {
    const kids = new Set<string>();
    for (const [path, issuer] of jwksPaths()) {
      const response = await sim.request(`${sim.origin}${path}`);
      expect(response.status, path).toBe(200);
      const { keys } = response.json<{ keys: Record<string, unknown>[] }>();
      expect(keys.length).toBeGreaterThanOrEqual(1);
      for (const key of keys) {
        expect(Object.keys(key).sort()).toEqual(['e', 'issuer', 'kid', 'kty', 'n', 'use', 'x5c', 'x5t']);
        expect(key).toMatchObject({ kty: 'RSA', use: 'sig', e: 'AQAB', issuer });
        kids.add(String(key.kid));

        const der = Buffer.from((key.x5c as string[])[0]!, 'base64');
        const certificate = new X509Certificate(der);
        expect(key.x5t).toBe(createHash('sha1').update(der).digest('base64url'));
        const certJwk = certificate.publicKey.export({ format: 'jwk' });
        expect(certJwk.n).toBe(key.n);
        const jwkKey = createPublicKey({ key: { kty: 'RSA', n: String(key.n), e: String(key.e) }, format: 'jwk' });
        expect(jwkKey.asymmetricKeyDetails?.modulusLength).toBeGreaterThanOrEqual(2048);
      }
    }
    expect(kids.size).toBe(1);
  });
});
