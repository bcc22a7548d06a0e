import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Outbox bodies carry the invitation link, whose token the database otherwise keeps only as a
 * hash: they are stored encrypted (AES-256-GCM) under a key derived from CANOPY_AUTH_SECRET, so a
 * database reader alone cannot use a link. The context (the message's id) is authenticated too,
 * so a sealed body opens only on the row it was written for.
 */
const VERSION = 'v1';
/** Separates this key from anything else derived from the same secret. */
const KEY_INFO = 'canopy/outbox-email-body/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type SealOptions = { secret: string; context: string };

function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), KEY_INFO, 32));
}

/** `v1.<iv>.<ciphertext>.<tag>`, base64url. */
export function sealText(plaintext: string, options: SealOptions): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(options.secret), iv, { authTagLength: TAG_BYTES });
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
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(options.secret), Buffer.from(iv, 'base64url'), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.from(options.context, 'utf8'));
  // With authTagLength set, Node refuses a shortened tag (without it, a 4-byte prefix would pass).
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
