import { describe, expect, it } from 'vitest';
import { hashSecretToken, looksLikeSecretToken, newSecretToken } from '@/lib/security/secret-token';

describe('newSecretToken', () => {
  it('is 256 random bits, base64url without padding (43 characters)', () => {
    const token = newSecretToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('never repeats over many draws, and uses the whole alphabet', () => {
    const tokens = Array.from({ length: 20_000 }, newSecretToken);
    expect(new Set(tokens).size).toBe(tokens.length);
    // 860,000 characters over 64 symbols: each one is expected about 13,000 times.
    const counts = new Map<string, number>();
    for (const character of tokens.join('')) counts.set(character, (counts.get(character) ?? 0) + 1);
    expect(counts.size).toBe(64);
    expect(Math.min(...counts.values())).toBeGreaterThan(5_000);
  });
});

describe('hashSecretToken', () => {
  it('is SHA-256 in lower-case hex', () => {
    expect(hashSecretToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashSecretToken(newSecretToken())).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs for different tokens and never contains the token', () => {
    const [a, b] = [newSecretToken(), newSecretToken()];
    expect(hashSecretToken(a)).not.toBe(hashSecretToken(b));
    expect(hashSecretToken(a)).toBe(hashSecretToken(a));
    expect(hashSecretToken(a)).not.toContain(a);
  });
});

describe('looksLikeSecretToken', () => {
  it('accepts our tokens', () => {
    expect(looksLikeSecretToken(newSecretToken())).toBe(true);
    expect(looksLikeSecretToken('k3Jq0vV8m1Yp4T6s9Xw2Zc5Rb7Na0Lh3Gd6Fe9Uo1I-')).toBe(true);
  });

  it.each([
    ['too short', 'a'.repeat(42)],
    ['too long', 'a'.repeat(44)],
    ['standard base64', `${'a'.repeat(41)}+/`],
    ['padded', `${'a'.repeat(42)}=`],
    ['a trailing newline', `${'a'.repeat(43)}\n`],
    ['a space', `${'a'.repeat(21)} ${'a'.repeat(21)}`],
    ['empty', ''],
  ])('refuses %s', (_why, value) => {
    expect(looksLikeSecretToken(value)).toBe(false);
  });
});
