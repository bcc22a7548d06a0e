import { webcrypto } from 'node:crypto';

/**
 * Loaded on demand: only a start that must create certificates pays for it. @peculiar/x509
 * resolves its algorithm providers through tsyringe, which needs the reflect-metadata API first.
 */
export async function loadX509() {
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  return x509;
}
