import { X509Certificate, createHash, createPrivateKey, webcrypto, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { readIfExists, withDataDirLock, writeFileAtomic } from './data-dir';
import { loadX509 } from './x509';
import { derToPem } from './pem';

export type SigningKey = {
  /** Entra uses the base64url SHA-1 certificate thumbprint as both `kid` and `x5t`. */
  kid: string;
  x5t: string;
  privateKey: KeyObject;
  publicJwk: { kty: 'RSA'; n: string; e: string };
  /** Base64 DER of the key's self-signed certificate (the JWKS `x5c`). */
  certificateBase64: string;
};

/**
 * Token signing keys. One active key today; the list shape leaves room for rotation tests
 * (publish a second key, switch `active`) in a later part.
 */
export type KeyStore = {
  active: SigningKey;
  published: SigningKey[];
  generated: boolean;
};

const RSA_ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
} as const;

function filesIn(dataDir: string) {
  return { key: path.join(dataDir, 'signing-key.pem'), cert: path.join(dataDir, 'signing-cert.pem') };
}

function toSigningKey(keyPem: string, certPem: string): SigningKey | undefined {
  try {
    const cert = new X509Certificate(certPem);
    const privateKey = createPrivateKey(keyPem);
    const jwk = cert.publicKey.export({ format: 'jwk' });
    if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) return undefined;
    if (!cert.checkPrivateKey(privateKey)) return undefined;
    const x5t = createHash('sha1').update(cert.raw).digest('base64url');
    return {
      kid: x5t,
      x5t,
      privateKey,
      publicJwk: { kty: 'RSA', n: jwk.n, e: jwk.e },
      certificateBase64: cert.raw.toString('base64'),
    };
  } catch {
    return undefined;
  }
}

async function readExisting(dataDir: string): Promise<SigningKey | undefined> {
  const files = filesIn(dataDir);
  const [keyPem, certPem] = await Promise.all([readIfExists(files.key), readIfExists(files.cert)]);
  return keyPem && certPem ? toSigningKey(keyPem, certPem) : undefined;
}

async function generate(dataDir: string): Promise<SigningKey> {
  const x509 = await loadX509();
  const keys = await webcrypto.subtle.generateKey(RSA_ALGORITHM, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=Canopy Simulator token signing',
    notBefore: new Date(now - 24 * 60 * 60 * 1000),
    notAfter: new Date(now + 5 * 365 * 24 * 60 * 60 * 1000),
    keys,
    signingAlgorithm: RSA_ALGORITHM,
  });
  const keyPem = derToPem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const certPem = cert.toString('pem') + '\n';
  const files = filesIn(dataDir);
  await writeFileAtomic(files.key, keyPem, 0o600);
  await writeFileAtomic(files.cert, certPem, 0o644);
  const signingKey = toSigningKey(keyPem, certPem);
  if (!signingKey) throw new Error('generated signing key could not be read back');
  return signingKey;
}

/** RSA signing key persisted in the data dir (RSA generation is slow; warm starts reuse it). */
export async function loadOrCreateKeyStore(dataDir: string): Promise<KeyStore> {
  const existing = await readExisting(dataDir);
  if (existing) return { active: existing, published: [existing], generated: false };
  return withDataDirLock(dataDir, 'signing-key', async () => {
    const again = await readExisting(dataDir);
    if (again) return { active: again, published: [again], generated: false };
    const created = await generate(dataDir);
    return { active: created, published: [created], generated: true };
  });
}
