import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer values Canopy hands out (invitation tokens, consent `state`s): 256 random bits,
 * URL-safe. Only their hash is stored, so a database reader cannot use one.
 */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256, hex: what the database keeps and looks tokens up by. */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A value that can be one of our tokens (43 base64url characters); anything else is not looked up. */
export function looksLikeSecretToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
