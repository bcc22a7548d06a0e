import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { clientCredentialForm } from '@/lib/microsoft/client-credential-form';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const clientId = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const tokenEndpoint = 'https://login.example.test/11111111-2222-4333-8444-555555555555/oauth2/v2.0/token';

describe('clientCredentialForm', () => {
  it('sends a secret as client_secret', async () => {
    expect(await clientCredentialForm({ kind: 'secret', secret: 's3cret' }, { clientId, tokenEndpoint })).toEqual({
      client_secret: 's3cret',
    });
  });

  it('signs an Entra-format assertion with a SHA-256 thumbprint (PS256, x5t#S256, aud = token endpoint)', async () => {
    const thumbprint = '0f'.repeat(32);
    const now = new Date('2026-11-21T10:00:00Z');
    const form = await clientCredentialForm(
      { kind: 'certificate', privateKeyPem, thumbprint, thumbprintAlgorithm: 'sha256' },
      { clientId, tokenEndpoint, now },
    );
    expect(form.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(decodeProtectedHeader(form.client_assertion!)).toEqual({
      alg: 'PS256',
      typ: 'JWT',
      'x5t#S256': Buffer.from(thumbprint, 'hex').toString('base64url'),
    });
    const { payload } = await jwtVerify(form.client_assertion!, publicKey, {
      currentDate: now,
      audience: tokenEndpoint,
      issuer: clientId,
    });
    expect(payload.sub).toBe(clientId);
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(typeof payload.jti).toBe('string');
  });

  it('uses RS256 and x5t for a SHA-1 thumbprint', async () => {
    const thumbprint = 'ab'.repeat(20);
    const form = await clientCredentialForm(
      { kind: 'certificate', privateKeyPem, thumbprint, thumbprintAlgorithm: 'sha1' },
      { clientId, tokenEndpoint },
    );
    expect(decodeProtectedHeader(form.client_assertion!)).toMatchObject({
      alg: 'RS256',
      x5t: Buffer.from(thumbprint, 'hex').toString('base64url'),
    });
  });
});
