import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Issuer, custom, generators } from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCredentialForm } from '@/lib/microsoft/client-credential-form';
import type { TestSimulator } from '../simulator/support/simulator';
import { pendingIdOf, redirectParams, submitAccount } from '../simulator/support/sign-in';
import { startIntegrationWorld, type IntegrationWorld } from './support/integration-world';

/**
 * Staff sign-in with a certificate instead of a secret: Canopy's code exchange (the token.request
 * in lib/auth/options.ts) sends the client assertion from clientCredentialForm; openid-client
 * still verifies the ID token. The simulator checks the assertion as Entra does.
 */
let world: IntegrationWorld;
let sim: TestSimulator;
let privateKeyPem: string;
let thumbprint: string;

beforeAll(async () => {
  world = await startIntegrationWorld({ name: 'staff-certificate', database: false, simulator: true });
  sim = world.simulator;
  custom.setHttpOptionsDefaults({ ca: sim.ca });
  privateKeyPem = await readFile('simulator/worlds/dev-app-certificate.key.pem', 'utf8');
  const certificate = new X509Certificate(await readFile('simulator/worlds/dev-app-certificate.pem'));
  thumbprint = certificate.fingerprint256.replaceAll(':', '').toLowerCase();
});

afterAll(() => world?.stop());

async function signIn(credentialKeyPem: string) {
  const issuer = await Issuer.discover(`${sim.origin}/${sim.partner.id}/v2.0/.well-known/openid-configuration`);
  const client = new issuer.Client({
    client_id: sim.app.clientId,
    redirect_uris: [sim.redirectUri],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  });
  const verifier = generators.codeVerifier();
  const [state, nonce] = [generators.state(), generators.nonce()];
  const page = await sim.request(
    client.authorizationUrl({
      scope: 'openid profile email',
      code_challenge: generators.codeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    }),
  );
  const picked = await submitAccount(sim, pendingIdOf(page.text), { user: sim.users.admin.id });
  redirectParams(picked);
  const exchangeBody = await clientCredentialForm(
    { kind: 'certificate', privateKeyPem: credentialKeyPem, thumbprint, thumbprintAlgorithm: 'sha256' },
    { clientId: sim.app.clientId, tokenEndpoint: issuer.metadata.token_endpoint! },
  );
  return client.callback(
    sim.redirectUri,
    client.callbackParams(picked.location!),
    { code_verifier: verifier, state, nonce },
    { exchangeBody },
  );
}

describe('staff sign-in with the app certificate', () => {
  it('redeems the code with an Entra-format client assertion', async () => {
    const tokens = await signIn(privateKeyPem);
    expect(tokens.claims()).toMatchObject({ tid: sim.partner.id, oid: sim.users.admin.id, roles: ['Canopy.Admin'] });
    const tokenRequest = (await sim.requestLog()).find((entry) => entry.path.endsWith('/oauth2/v2.0/token'));
    expect(tokenRequest?.credential).toBe('certificate');
  });

  it('is refused when the assertion is signed with another key', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    await expect(signIn(otherKey)).rejects.toMatchObject({ error: 'invalid_client' });
  });
});
