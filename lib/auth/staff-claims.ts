import { z } from 'zod';
import type { GuestAccess } from '@/lib/config/schema';
import { GUID_PATTERN } from '@/lib/guid';
import { roleFromClaim, type StaffRole } from './roles';

/** The v2 ID token claims Canopy relies on (Entra ID token reference). */
const idTokenClaims = z.object({
  tid: z.string(),
  // Any 8-4-4-4-12 GUID: Entra does not promise RFC 4122 version bits, which z.uuid() checks.
  oid: z.string().regex(GUID_PATTERN),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
  email: z.string().optional(),
  roles: z.array(z.string()).optional(),
  // Who authenticated the user: only present when it is not the token's own tenant (guests).
  idp: z.string().optional(),
  // Optional claim some registrations add: 0 member, 1 guest.
  acct: z.number().optional(),
});

export type StaffIdentity = {
  entraObjectId: string;
  name: string;
  email: string | null;
  role: StaffRole | null;
  /** A B2B guest of the partner tenant: the `idp` that authenticated them, else null. */
  guestOf: string | null;
};

export type SignInRefusal = 'wrong-tenant' | 'malformed-token' | 'guest-without-role' | 'guests-not-allowed';

export type StaffSignInDecision =
  { allowed: true; identity: StaffIdentity } | { allowed: false; reason: SignInRefusal };

/**
 * Decide whether an ID token may start a Canopy session. The app registration is multi-tenant
 * (customers consent to it), so a valid token alone proves nothing: only users of the partner's
 * own tenant are staff. Entra already refuses other tenants' users at the tenant-specific
 * authority (AADSTS50020); this is the second line, for a misconfigured or hostile identity provider.
 *
 * Guests of the partner tenant (`idp` names another directory) are partner staff only if an
 * admin gave them a Canopy app role on purpose: a member without a role is shown "no access",
 * a guest without one is not let in at all. CANOPY_GUEST_ACCESS=none refuses every guest.
 */
export function evaluateStaffSignIn(
  claims: unknown,
  policy: { partnerTenantId: string; guestAccess: GuestAccess },
): StaffSignInDecision {
  const parsed = idTokenClaims.safeParse(claims);
  if (!parsed.success) return { allowed: false, reason: 'malformed-token' };
  const c = parsed.data;
  const partner = policy.partnerTenantId.toLowerCase();
  if (c.tid.toLowerCase() !== partner) return { allowed: false, reason: 'wrong-tenant' };
  const role = roleFromClaim(c.roles);
  const guestOf = guestIdentityProvider(c, partner);
  if (guestOf !== null) {
    if (policy.guestAccess === 'none') return { allowed: false, reason: 'guests-not-allowed' };
    if (role === null) return { allowed: false, reason: 'guest-without-role' };
  }
  return {
    allowed: true,
    identity: {
      entraObjectId: c.oid.toLowerCase(),
      name: c.name ?? c.preferred_username ?? 'Unnamed user',
      email: c.email ?? c.preferred_username ?? null,
      role,
      guestOf,
    },
  };
}

/**
 * Entra sets `idp` only when the user was authenticated by someone other than the token's issuer
 * tenant: another Entra directory (`https://sts.windows.net/{home tenant}/`), a Microsoft account
 * or an external provider. An `idp` naming the partner tenant itself is not a guest.
 */
function guestIdentityProvider(claims: { idp?: string; acct?: number }, partnerTenantId: string): string | null {
  if (claims.idp && !claims.idp.toLowerCase().includes(partnerTenantId)) return claims.idp;
  if (claims.acct === 1) return claims.idp ?? 'unknown';
  return null;
}
