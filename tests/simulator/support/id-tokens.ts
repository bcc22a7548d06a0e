import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { expect } from 'vitest';
import { redeemCode, signInForCode, type AuthorizeInput } from './sign-in';
import type { TestSimulator } from './simulator';

/** The simulator's signing keys as a relying party fetches them (partner tenant's JWKS). */
export async function fetchSigningKeys(sim: TestSimulator) {
  const keys = await sim.request(`${sim.origin}/${sim.partner.id}/discovery/v2.0/keys`);
  return createLocalJWKSet(keys.json<JSONWebKeySet>());
}

/**
 * Verifies a v2 ID token as openid-client does: signature, `aud` = the app and `iss` = the v2
 * issuer of the tenant it was requested at (default: the partner's).
 */
export async function verifyIdToken(
  sim: TestSimulator,
  keys: ReturnType<typeof createLocalJWKSet>,
  idToken: string,
  issuerTenantId = sim.partner.id,
): Promise<JWTPayload> {
  const { payload, protectedHeader } = await jwtVerify(idToken, keys, {
    issuer: `${sim.origin}/${issuerTenantId}/v2.0`,
    audience: sim.app.clientId,
    algorithms: ['RS256'],
  });
  expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT' });
  expect(typeof protectedHeader.kid).toBe('string');
  return payload;
}

/** Authorize → pick the user → redeem the code: the token response's body. */
export async function signInAndRedeem(sim: TestSimulator, userId: string, input: AuthorizeInput = {}) {
  const flow = await signInForCode(sim, userId, input);
  const response = await redeemCode(sim, { code: flow.code, verifier: flow.verifier });
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}: ${response.text}`);
  const body = response.json<{ id_token: string; access_token: string }>();
  return { flow, idToken: body.id_token, accessToken: body.access_token };
}
