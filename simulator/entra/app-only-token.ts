import { randomInt } from 'node:crypto';
import { epochSeconds, type Clock } from '../clock';
import type { KeyStore } from '../crypto/signing-keys';
import { opaqueClaims, signToken } from './tokens';

/** Entra randomises access-token lifetimes between 60 and 90 minutes (§B2). */
export const APP_ONLY_LIFETIME_RANGE_SECONDS = { min: 3600, max: 5400 } as const;

export function randomAppOnlyLifetime(): number {
  return randomInt(APP_ONLY_LIFETIME_RANGE_SECONDS.min, APP_ONLY_LIFETIME_RANGE_SECONDS.max + 1);
}

export type AppOnlyTokenInput = {
  tenantId: string;
  /** The resource string exactly as requested, without `/.default` (v1 tokens echo it). */
  audience: string;
  appId: string;
  appDisplayName: string;
  /** The application's service principal object id in that tenant (`oid` = `sub`). */
  servicePrincipalId: string;
  /** App role values currently granted for this resource; the claim is omitted when empty. */
  roles: readonly string[];
  /** `appidacr`: "1" client secret, "2" certificate. */
  credential: 'secret' | 'certificate';
  lifetimeSeconds: number;
};

export type MintedAccessToken = { token: string; issuedAt: number; expiresAt: number };

/** The v1.0 app-only access token resources such as WindowsDefenderATP receive (§C1). */
export async function mintAppOnlyAccessToken(
  input: AppOnlyTokenInput,
  context: { keys: KeyStore; clock: Clock },
): Promise<MintedAccessToken> {
  const issuedAt = epochSeconds(context.clock);
  const expiresAt = issuedAt + input.lifetimeSeconds;
  const issuer = `https://sts.windows.net/${input.tenantId}/`;
  const { aio, rh, uti } = opaqueClaims();
  const token = await signToken(
    {
      aud: input.audience,
      iss: issuer,
      iat: issuedAt,
      nbf: issuedAt,
      exp: expiresAt,
      aio,
      app_displayname: input.appDisplayName,
      appid: input.appId,
      appidacr: input.credential === 'certificate' ? '2' : '1',
      idp: issuer,
      oid: input.servicePrincipalId,
      rh,
      ...(input.roles.length > 0 ? { roles: [...input.roles] } : {}),
      sub: input.servicePrincipalId,
      tenant_region_scope: 'NA',
      tid: input.tenantId,
      uti,
      ver: '1.0',
    },
    context,
    { x5t: true },
  );
  return { token, issuedAt, expiresAt };
}
