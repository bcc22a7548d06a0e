import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORLD_FILE } from '../../simulator/index';
import { expectEntraError, startTestSimulator, type TestSimulator } from './support/simulator';
import { redeemCode, signInForCode } from './support/sign-in';

let now = Date.now();
let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator({ clock: () => now });
});
afterAll(async () => {
  await sim?.close();
});

const entraError = (body: Record<string, unknown>, error: string, code: number) =>
  expectEntraError(body, { error, code, origin: sim.origin });

describe('token endpoint errors (§B3 shape)', () => {
  it('refuses a code redeemed twice with invalid_grant AADSTS54005', async () => {
    const flow = await signInForCode(sim, sim.users.admin.id);
    expect((await redeemCode(sim, { code: flow.code, verifier: flow.verifier })).status).toBe(200);
    const again = await redeemCode(sim, { code: flow.code, verifier: flow.verifier });
    expect(again.status).toBe(400);
    entraError(again.json(), 'invalid_grant', 54005);
  });

  it('refuses a wrong code_verifier with AADSTS501481 (and the code still works with the right one)', async () => {
    const flow = await signInForCode(sim, sim.users.admin.id);
    const wrong = await redeemCode(sim, { code: flow.code, verifier: 'x'.repeat(43) });
    expect(wrong.status).toBe(400);
    entraError(wrong.json(), 'invalid_grant', 501481);
    const missing = await redeemCode(sim, { code: flow.code, verifier: '' });
    entraError(missing.json(), 'invalid_request', 900144);
    expect((await redeemCode(sim, { code: flow.code, verifier: flow.verifier })).status).toBe(200);
  });

  it('refuses a code after 10 minutes with AADSTS70008', async () => {
    const flow = await signInForCode(sim, sim.users.analyst.id);
    now += 10 * 60 * 1000 + 1000;
    const late = await redeemCode(sim, { code: flow.code, verifier: flow.verifier });
    expect(late.status).toBe(400);
    entraError(late.json(), 'invalid_grant', 70008);
  });

  it('refuses an unknown code', async () => {
    const response = await redeemCode(sim, { code: 'not-a-code', verifier: 'v'.repeat(43) });
    expect(response.status).toBe(400);
    entraError(response.json(), 'invalid_grant', 9002313);
  });

  it('requires the redirect_uri used at authorize', async () => {
    const flow = await signInForCode(sim, sim.users.admin.id);
    const other = await redeemCode(sim, {
      code: flow.code,
      verifier: flow.verifier,
      redirectUri: 'http://localhost:3000/other',
    });
    entraError(other.json(), 'invalid_grant', 500112);
    const missing = await redeemCode(sim, { code: flow.code, verifier: flow.verifier, redirectUri: '' });
    entraError(missing.json(), 'invalid_request', 900144);
  });

  it('answers a wrong secret with 401 invalid_client AADSTS7000215, over Basic and in the body', async () => {
    const flow = await signInForCode(sim, sim.users.admin.id);
    for (const auth of ['basic', 'body'] as const) {
      const response = await redeemCode(sim, {
        code: flow.code,
        verifier: flow.verifier,
        auth,
        secret: 'wrong-secret',
      });
      expect(response.status, auth).toBe(401);
      entraError(response.json(), 'invalid_client', 7000215);
    }
    // The secret's id is a classic mistake; it is not the secret.
    const byId = await redeemCode(sim, {
      code: flow.code,
      verifier: flow.verifier,
      secret: sim.app.clientSecrets[0]!.id,
    });
    entraError(byId.json(), 'invalid_client', 7000215);
  });

  it('answers no credential with 401 invalid_client AADSTS7000218', async () => {
    const flow = await signInForCode(sim, sim.users.admin.id);
    const response = await redeemCode(sim, { code: flow.code, verifier: flow.verifier, auth: 'none' });
    expect(response.status).toBe(401);
    entraError(response.json(), 'invalid_client', 7000218);
  });

  it('answers an unknown client_id with 400 unauthorized_client AADSTS700016', async () => {
    const response = await redeemCode(sim, {
      code: 'c',
      verifier: 'v'.repeat(43),
      clientId: '11111111-2222-3333-4444-555555555555',
    });
    expect(response.status).toBe(400);
    const body = entraError(response.json(), 'unauthorized_client', 700016);
    expect(String(body.error_description)).toContain(`directory '${sim.partner.displayName}'`);
  });

  it('answers the app at a tenant where it has no service principal with AADSTS700016', async () => {
    const flow = await signInForCode(sim, sim.users.admin.id);
    const response = await redeemCode(sim, { code: flow.code, verifier: flow.verifier, tenant: sim.customer.id });
    expect(response.status).toBe(400);
    entraError(response.json(), 'unauthorized_client', 700016);
  });

  it('answers an unknown tenant with 400 invalid_request AADSTS90002', async () => {
    const response = await redeemCode(sim, { code: 'c', verifier: 'v'.repeat(43), tenant: 'nobody.onmicrosoft.com' });
    expect(response.status).toBe(400);
    entraError(response.json(), 'invalid_request', 90002);
  });

  it('answers GET with AADSTS900561, a missing grant_type with 900144, an unknown grant with 70003', async () => {
    const tokenUrl = `${sim.origin}/${sim.partner.id}/oauth2/v2.0/token`;
    entraError((await sim.request(tokenUrl)).json(), 'invalid_request', 900561);
    entraError(
      (await sim.request(tokenUrl, { form: { client_id: sim.app.clientId, client_secret: sim.secret } })).json(),
      'invalid_request',
      900144,
    );
    const password = await sim.request(tokenUrl, {
      form: { grant_type: 'password', client_id: sim.app.clientId, client_secret: sim.secret },
    });
    entraError(password.json(), 'unsupported_grant_type', 70003);
    const prototypeName = await sim.request(tokenUrl, {
      form: { grant_type: 'constructor', client_id: sim.app.clientId, client_secret: sim.secret },
    });
    entraError(prototypeName.json(), 'unsupported_grant_type', 70003);
  });

  it('always answers JSON, even for a non-form body', async () => {
    const response = await sim.request(`${sim.origin}/${sim.partner.id}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    entraError(response.json(), 'invalid_request', 900144);
  });
});

describe('client secrets from the world', () => {
  async function worldWithSecrets(secrets: unknown[]) {
    const world = JSON.parse(await readFile(DEFAULT_WORLD_FILE, 'utf8'));
    world.application.clientSecrets = secrets;
    return world;
  }

  it('refuses an expired secret with 401 AADSTS7000222', async () => {
    const expired = await startTestSimulator({
      world: await worldWithSecrets([
        {
          id: '0f0f0f0f-0000-4000-8000-000000000001',
          displayName: 'old',
          value: 'old-secret',
          expiresAt: '2020-01-01T00:00:00Z',
        },
      ]),
    });
    try {
      const flow = await signInForCode(expired, expired.users.admin.id);
      const response = await redeemCode(expired, { code: flow.code, verifier: flow.verifier, secret: 'old-secret' });
      expect(response.status).toBe(401);
      expectEntraError(response.json(), { error: 'invalid_client', code: 7000222, origin: expired.origin });
    } finally {
      await expired.close();
    }
  });

  it('accepts a secret stored only as a sha256 hash', async () => {
    const value = 'hashed~secret+with/odd=chars%';
    const hashed = await startTestSimulator({
      world: await worldWithSecrets([
        {
          id: '0f0f0f0f-0000-4000-8000-000000000002',
          displayName: 'hashed',
          hash: `sha256:${createHash('sha256').update(value).digest('hex')}`,
          expiresAt: '2099-01-01T00:00:00Z',
        },
      ]),
    });
    try {
      for (const auth of ['basic', 'body'] as const) {
        const flow = await signInForCode(hashed, hashed.users.admin.id);
        const response = await redeemCode(hashed, { code: flow.code, verifier: flow.verifier, secret: value, auth });
        expect(response.status, auth).toBe(200);
      }
    } finally {
      await hashed.close();
    }
  });
});
