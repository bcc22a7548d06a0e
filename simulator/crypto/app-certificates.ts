import { X509Certificate, createHash, type KeyObject } from 'node:crypto';

/** What the token endpoint needs of an uploaded certificate credential. */
export type CertificateCredentialKey = {
  /** base64url SHA-1 of the DER certificate: the JWT `x5t` header (RS256 assertions). */
  x5t: string;
  /** base64url SHA-256 of the DER certificate: the JWT `x5t#S256` header (PS256 assertions). */
  x5tS256: string;
  /** Hex thumbprints, as the Azure portal shows them (MSAL takes `thumbprintSha256` in hex). */
  sha1Hex: string;
  sha256Hex: string;
  publicKey: KeyObject;
};

const parsed = new Map<string, CertificateCredentialKey | null>();

/** Parses a PEM certificate once; undefined when it is not one certificate. */
export function describeCertificate(pem: string): CertificateCredentialKey | undefined {
  const known = parsed.get(pem);
  if (known !== undefined) return known ?? undefined;
  let result: CertificateCredentialKey | null = null;
  try {
    if ((pem.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length === 1) {
      const certificate = new X509Certificate(pem);
      const sha1 = createHash('sha1').update(certificate.raw).digest();
      const sha256 = createHash('sha256').update(certificate.raw).digest();
      result = {
        x5t: sha1.toString('base64url'),
        x5tS256: sha256.toString('base64url'),
        sha1Hex: sha1.toString('hex').toUpperCase(),
        sha256Hex: sha256.toString('hex').toUpperCase(),
        publicKey: certificate.publicKey,
      };
    }
  } catch {
    result = null;
  }
  parsed.set(pem, result);
  return result ?? undefined;
}
