import { describe, expect, it } from 'vitest';
import { openSealed, sealText } from '@/lib/security/seal';

const secret = 'a'.repeat(40);
const context = '0b7c3f3e-5a43-4c1e-9a55-8c0f3b8d7f21';
const purpose = 'outboxEmail' as const;
const body = JSON.stringify({ text: 'Ünïcode ✓ https://canopy.example.com/invite/abc', html: '<p>x</p>' });

/** The same sealed value with one byte of one part flipped. */
function tamper(sealed: string, part: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('sealed outbox bodies', () => {
  it('open to the same text, and never show it in the sealed value', () => {
    const sealed = sealText(body, { secret, purpose, context });
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(sealed).not.toContain('canopy.example.com');
    expect(openSealed(sealed, { secret, purpose, context })).toBe(body);
  });

  it('use a fresh IV each time', () => {
    expect(sealText(body, { secret, purpose, context })).not.toBe(sealText(body, { secret, purpose, context }));
  });

  it.each([
    ['the IV', 1],
    ['the ciphertext', 2],
    ['the tag', 3],
  ])('refuse a value after %s was changed', (_, part) => {
    const sealed = sealText(body, { secret, purpose, context });
    expect(() => openSealed(tamper(sealed, part), { secret, purpose, context })).toThrow();
  });

  it('refuse a shortened tag, another version and a malformed value', () => {
    const [v, iv, ciphertext, tag] = sealText(body, { secret, purpose, context }).split('.');
    const short = Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => openSealed([v, iv, ciphertext, short].join('.'), { secret, purpose, context })).toThrow();
    expect(() => openSealed(['v2', iv, ciphertext, tag].join('.'), { secret, purpose, context })).toThrow();
    expect(() => openSealed('v1.abc', { secret, purpose, context })).toThrow();
  });

  it('do not open with another secret or on another message', () => {
    const sealed = sealText(body, { secret, purpose, context });
    expect(() => openSealed(sealed, { secret: 'b'.repeat(40), purpose, context })).toThrow();
    expect(() => openSealed(sealed, { secret, purpose, context: '1b7c3f3e-5a43-4c1e-9a55-8c0f3b8d7f21' })).toThrow();
  });

  it('do not open under another purpose: each use has its own key, even from the same secret', () => {
    const sealed = sealText(body, { secret, purpose, context });
    expect(() => openSealed(sealed, { secret, purpose: 'appToken', context })).toThrow();
  });
});
