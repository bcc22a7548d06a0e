import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Values the database must hold but a database reader must not be able to use, sealed with
 * AES-256-GCM under a key derived from a configured secret:
 * - outbox bodies carry the invitation link, whose token the database otherwise keeps only as a
 *   hash (key from CANOPY_AUTH_SECRET, context the message's id);
 * - app tokens shared between Canopy's processes (key from CANOPY_TOKEN_STORE_SECRET, context the
 *   tenant and resource).
 * The context is authenticated too, so a sealed value opens only on the row it was written for.
 */
const VERSION = 'v1';
/** HKDF info per use: separates the keys of each use, even when derived from the same secret. */
export const SEAL_PURPOSES = {
  outboxEmail: 'canopy/outbox-email-body/v1',
  appToken: 'canopy/app-token/v1',
} as const;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type SealOptions = { secret: string; purpose: keyof typeof SEAL_PURPOSES; context: string };

function deriveKey({ secret, purpose }: SealOptions): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), SEAL_PURPOSES[purpose], 32));
}

/** `v1.<iv>.<ciphertext>.<tag>`, base64url. */
export function sealText(plaintext: string, options: SealOptions): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(options), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(options.context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** The plaintext; throws when the value was changed, or sealed with another secret or context. */
export function openSealed(sealed: string, options: SealOptions): string {
  const [version, iv, ciphertext, tag, ...rest] = sealed.split('.');
  if (version !== VERSION || iv === undefined || ciphertext === undefined || tag === undefined || rest.length > 0)
    throw new Error('Not a sealed value of this version.');
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(options), Buffer.from(iv, 'base64url'), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.from(options.context, 'utf8'));
  // With authTagLength set, Node refuses a shortened tag (without it, a 4-byte prefix would pass).
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
