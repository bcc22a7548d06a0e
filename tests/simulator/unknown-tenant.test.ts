import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEntraError, startTestSimulator, type TestSimulator } from './support/simulator';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim?.close();
});

const UNKNOWN = ['nobody.onmicrosoft.com', '00000000-0000-4000-8000-00000000dead'];

describe('an unknown tenant is AADSTS90002 on every Entra endpoint', () => {
  it('answers JSON 400 invalid_tenant on discovery and keys', async () => {
    for (const tenant of UNKNOWN) {
      for (const path of [
        'v2.0/.well-known/openid-configuration',
        '.well-known/openid-configuration',
        'discovery/v2.0/keys',
        'discovery/keys',
      ]) {
        const response = await sim.request(`${sim.origin}/${tenant}/${path}`);
        expect(response.status, path).toBe(400);
        expectEntraError(response.json(), { error: 'invalid_tenant', code: 90002, origin: sim.origin });
      }
    }
  });

  it('answers JSON 400 invalid_request on both token endpoints', async () => {
    for (const tenant of UNKNOWN) {
      for (const path of ['oauth2/v2.0/token', 'oauth2/token']) {
        const response = await sim.request(`${sim.origin}/${tenant}/${path}`, {
          form: { grant_type: 'client_credentials', client_id: sim.app.clientId, client_secret: sim.secret },
        });
        expect(response.status, path).toBe(400);
        expectEntraError(response.json(), { error: 'invalid_request', code: 90002, origin: sim.origin });
      }
    }
  });

  it('shows an HTML 400 page on the interactive endpoints (sign-in, consent, logout)', async () => {
    const query = new URLSearchParams({
      client_id: sim.app.clientId,
      redirect_uri: 'http://localhost:3000/consent/callback',
      scope: 'https://api.securitycenter.microsoft.com/.default',
      response_type: 'code',
      prompt: 'consent',
      state: 's',
    });
    for (const tenant of UNKNOWN) {
      for (const path of [
        'oauth2/v2.0/authorize',
        'v2.0/adminconsent',
        'adminconsent',
        'oauth2/authorize',
        'oauth2/v2.0/logout',
      ]) {
        const response = await sim.request(`${sim.origin}/${tenant}/${path}?${query}`);
        expect(response.status, path).toBe(400);
        expect(response.location, path).toBeUndefined();
        expect(response.headers['content-type']).toMatch(/^text\/html/);
        expect(response.text, path).toContain('AADSTS90002');
      }
    }
  });
});
