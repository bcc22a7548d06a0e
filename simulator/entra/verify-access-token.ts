import { createLocalJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Clock } from '../clock';
import type { KeyStore } from '../crypto/signing-keys';
import { isGuid } from '../ids';

/** Claims of a simulator-issued v1.0 access token that resource servers look at. */
export type AccessTokenClaims = JWTPayload & {
  aud: string;
  tid: string;
  appid: string;
  oid: string;
  /** Empty when the token carries no `roles` claim (roles revoked or never granted). */
  roles: string[];
};

export type AccessTokenCheck =
  | { ok: true; claims: AccessTokenClaims }
  | {
      ok: false;
      reason: 'malformed' | 'bad-signature' | 'expired' | 'not-yet-valid' | 'wrong-issuer' | 'wrong-audience';
    };

/** Resource servers accept 5 minutes of clock skew, like Microsoft's token validation libraries. */
const CLOCK_SKEW_SECONDS = 300;

/**
 * Verifies an access token the simulator issued: RS256 signature against the published keys,
 * `nbf`/`exp` on the simulator's clock, `iss` = `https://sts.windows.net/{tid}/`, and (when given)
 * `aud` among `audiences`. For resource areas (Defender, Graph): they map the reasons to their own
 * 401/403 bodies and check `roles` themselves.
 */
export async function verifyAccessToken(
  token: string,
  context: { keys: KeyStore; clock: Clock; audiences?: readonly string[] },
): Promise<AccessTokenCheck> {
  const jwks = createLocalJWKSet({
    keys: context.keys.published.map((key) => ({ ...key.publicJwk, kid: key.kid, alg: 'RS256', use: 'sig' })),
  });
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, jwks, {
      algorithms: ['RS256'],
      currentDate: new Date(context.clock()),
      clockTolerance: CLOCK_SKEW_SECONDS,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf')
      return { ok: false, reason: 'not-yet-valid' };
    if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey)
      return { ok: false, reason: 'bad-signature' };
    return { ok: false, reason: 'malformed' };
  }
  const { tid, aud, appid, oid } = payload as Record<string, unknown>;
  if (typeof tid !== 'string' || !isGuid(tid) || payload.iss !== `https://sts.windows.net/${tid}/`)
    return { ok: false, reason: 'wrong-issuer' };
  if (typeof aud !== 'string' || typeof appid !== 'string' || typeof oid !== 'string')
    return { ok: false, reason: 'malformed' };
  if (context.audiences && !context.audiences.includes(aud)) return { ok: false, reason: 'wrong-audience' };
  const roles = Array.isArray(payload.roles)
    ? payload.roles.filter((role): role is string => typeof role === 'string')
    : [];
  return { ok: true, claims: { ...payload, aud, tid, appid, oid, roles } };
}
