import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAccessToken } from '../../simulator/entra/verify-access-token';
import { mintAccessToken } from './support/access-tokens';
import { startTestSimulator, type TestSimulator } from './support/simulator';

const MDE = 'https://api.securitycenter.microsoft.com';
const now = Date.parse('2031-05-01T12:00:00Z');
let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator({ clock: () => now });
});
afterAll(async () => {
  await sim?.close();
});

const check = (token: string, audiences?: string[]) =>
  verifyAccessToken(token, { keys: sim.services.keys, clock: sim.services.clock, audiences });

describe('mintAccessToken (test helper) and verifyAccessToken (for resource areas)', () => {
  it('mints a v1.0 app-only token that verifies against the published JWKS with the §C1 claims', async () => {
    const token = await mintAccessToken(sim.services, { tid: sim.customer.id, aud: MDE, roles: ['Alert.Read.All'] });
    const keys = (await sim.request(`${sim.origin}/common/discovery/keys`)).json<JSONWebKeySet>();
    const { payload } = await jwtVerify(token, createLocalJWKSet(keys), {
      issuer: `https://sts.windows.net/${sim.customer.id}/`,
      audience: MDE,
      currentDate: new Date(now),
    });
    expect(payload).toMatchObject({
      tid: sim.customer.id,
      appid: sim.app.clientId,
      roles: ['Alert.Read.All'],
      ver: '1.0',
      appidacr: '1',
    });
    expect(payload.oid).toBe(payload.sub);
    expect(Object.keys(decodeProtectedHeader(token)).sort()).toEqual(['alg', 'kid', 'typ', 'x5t']);

    const verified = await check(token, [MDE]);
    expect(verified.ok && verified.claims.roles).toEqual(['Alert.Read.All']);
  });

  it('reports no roles as an empty list, and the reasons a token is refused', async () => {
    const bare = await mintAccessToken(sim.services, { tid: sim.customer.id, aud: MDE });
    const ok = await check(bare);
    expect(ok.ok && ok.claims.roles).toEqual([]);

    expect(await check(bare, ['https://api.security.microsoft.com'])).toEqual({ ok: false, reason: 'wrong-audience' });
    const expired = await mintAccessToken(sim.services, {
      tid: sim.customer.id,
      aud: MDE,
      issuedSecondsAgo: 3600 + 301,
    });
    expect(await check(expired)).toEqual({ ok: false, reason: 'expired' });
    const forged = await mintAccessToken(sim.services, { tid: sim.customer.id, aud: MDE, foreignKey: true });
    expect(await check(forged)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await check('not.a.jwt')).toEqual({ ok: false, reason: 'malformed' });
  });
});
