import 'server-only';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { AppCredential } from '@/lib/config/schema';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * The form fields that authenticate Canopy's app at Entra's token endpoint. With a certificate
 * this is a client assertion in Entra's format (the one MSAL sends): PS256 with `x5t#S256` for a
 * SHA-256 thumbprint, RS256 with `x5t` for SHA-1; `aud` is the exact token endpoint URL.
 * openid-client's own private_key_jwt uses `aud` = issuer and no thumbprint, which Entra rejects.
 */
export async function clientCredentialForm(
  credential: AppCredential,
  options: { clientId: string; tokenEndpoint: string; now?: Date },
): Promise<Record<string, string>> {
  if (credential.kind === 'secret') return { client_secret: credential.secret };

  const thumbprint = Buffer.from(credential.thumbprint, 'hex').toString('base64url');
  const sha256 = credential.thumbprintAlgorithm === 'sha256';
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const assertion = await new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({
      alg: sha256 ? 'PS256' : 'RS256',
      typ: 'JWT',
      ...(sha256 ? { 'x5t#S256': thumbprint } : { x5t: thumbprint }),
      ...(credential.certificateChainPem ? { x5c: pemCertificatesToX5c(credential.certificateChainPem) } : {}),
    })
    .setIssuer(options.clientId)
    .setSubject(options.clientId)
    .setAudience(options.tokenEndpoint)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + 600)
    .sign(createPrivateKey(credential.privateKeyPem));
  return { client_assertion_type: ASSERTION_TYPE, client_assertion: assertion };
}

function pemCertificatesToX5c(pem: string): string[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/g)].map((m) =>
    m[1]!.replace(/\s+/g, ''),
  );
}
