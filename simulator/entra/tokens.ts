import { createHmac, randomBytes } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { epochSeconds, type Clock } from '../clock';
import type { KeyStore } from '../crypto/signing-keys';
import { randomToken } from '../ids';
import { DIRECTORY_ROLE_TEMPLATE_IDS, type Application, type Tenant, type User } from '../world/schema';
import { signInNameOf } from '../world/world-model';

export const ID_TOKEN_LIFETIME_SECONDS = 3600;
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3599;
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Every member's token lists the "default user" role template in `wids`, a guest's "Guest User". */
const DEFAULT_USER_ROLE_TEMPLATE_ID = 'b79fbf4d-3ef9-4689-8143-76b194e85509';
const GUEST_USER_ROLE_TEMPLATE_ID = '10dae51f-b6af-4016-8d66-8c2a99b929b3';

export type UserTokenSubject = { tenant: Tenant; user: User; application: Application; roles: string[] };

export type SigningContext = { origin: string; keys: KeyStore; clock: Clock };

/**
 * Entra's `sub` is pairwise: stable for one user and one app, different from `oid` and between
 * apps. A keyed hash of (audience, user) gives exactly that, and survives simulator restarts.
 */
export function pairwiseSubject(userId: string, audience: string): string {
  return createHmac('sha256', 'canopy-simulator-pairwise-subject').update(`${audience}\n${userId}`).digest('base64url');
}

/** A directory's v1 issuer; `idp` names a guest's home directory the same way. */
function stsIssuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

/** `idp` appears only when the account is not the issuing tenant's own: B2B guests. */
function identityProviderClaim(user: User) {
  return user.guest ? { idp: stsIssuer(user.guest.homeTenantId) } : {};
}

/** Opaque-looking values Entra puts in every token (`aio`, `rh`, `uti`). */
export function opaqueClaims() {
  return {
    aio: randomBytes(48).toString('base64'),
    rh: `1.A${randomToken(40)}.`,
    uti: randomToken(16),
  };
}

export async function signToken(
  payload: JWTPayload,
  context: Pick<SigningContext, 'keys'>,
  header: { x5t?: boolean } = {},
): Promise<string> {
  const key = context.keys.active;
  return new SignJWT(payload)
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.kid, ...(header.x5t ? { x5t: key.x5t } : {}) })
    .sign(key.privateKey);
}

/**
 * v2.0 ID token (header has `kid` only, like Entra's v2 tokens). Claims follow the requested scopes.
 * `tid` replaces the tenant's id in that claim alone (control API: a misbehaving identity provider).
 */
export async function mintIdToken(
  subject: UserTokenSubject,
  request: { scopes: string[]; nonce: string | undefined; sessionId: string; tid?: string },
  context: SigningContext,
): Promise<string> {
  const { tenant, user, application, roles } = subject;
  const now = epochSeconds(context.clock);
  const withProfile = request.scopes.includes('profile');
  const withEmail = request.scopes.includes('email') && user.mail !== undefined;
  return signToken(
    {
      aud: application.clientId,
      iss: `${context.origin}/${tenant.id}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + ID_TOKEN_LIFETIME_SECONDS,
      ...(withEmail ? { email: user.mail } : {}),
      ...identityProviderClaim(user),
      ...(withProfile ? { name: user.displayName } : {}),
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
      oid: user.id,
      ...(withProfile ? { preferred_username: signInNameOf(user) } : {}),
      ...(roles.length > 0 ? { roles } : {}),
      sid: request.sessionId,
      sub: pairwiseSubject(user.id, application.clientId),
      tid: request.tid ?? tenant.id,
      ver: '2.0',
      ...opaqueClaims(),
    },
    context,
  );
}

/**
 * Delegated Microsoft Graph access token, v1.0 format like real Graph tokens. Canopy treats it as
 * opaque; the Graph area of a later part can accept it.
 */
export async function mintGraphAccessToken(
  subject: UserTokenSubject,
  request: { graphScopes: string[]; sessionId: string },
  context: SigningContext,
): Promise<string> {
  const { tenant, user, application } = subject;
  const now = epochSeconds(context.clock);
  const wids = [
    ...user.directoryRoles.map((role) => DIRECTORY_ROLE_TEMPLATE_IDS[role]),
    user.guest ? GUEST_USER_ROLE_TEMPLATE_ID : DEFAULT_USER_ROLE_TEMPLATE_ID,
  ];
  return signToken(
    {
      aud: GRAPH_APP_ID,
      iss: stsIssuer(tenant.id),
      iat: now,
      nbf: now,
      exp: now + ACCESS_TOKEN_LIFETIME_SECONDS,
      acct: user.guest ? 1 : 0,
      acr: '1',
      amr: ['pwd'],
      app_displayname: application.displayName,
      appid: application.clientId,
      appidacr: '1',
      ...identityProviderClaim(user),
      idtyp: 'user',
      ipaddr: '127.0.0.1',
      name: user.displayName,
      oid: user.id,
      scp: request.graphScopes.join(' '),
      sid: request.sessionId,
      sub: pairwiseSubject(user.id, GRAPH_APP_ID),
      tenant_region_scope: 'NA',
      tid: tenant.id,
      unique_name: signInNameOf(user),
      // Entra leaves `upn` out of guests' tokens.
      ...(user.guest ? {} : { upn: user.userPrincipalName }),
      ver: '1.0',
      wids,
      ...opaqueClaims(),
    },
    context,
    { x5t: true },
  );
}
