import { z } from 'zod';
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
});

export type StaffIdentity = {
  entraObjectId: string;
  tenantId: string;
  name: string;
  email: string | null;
  role: StaffRole | null;
};

export type StaffSignInDecision =
  { allowed: true; identity: StaffIdentity } | { allowed: false; reason: 'wrong-tenant' | 'malformed-token' };

/**
 * Decide whether an ID token may start a Canopy session. The app registration is multi-tenant
 * (customers consent to it), so a valid token alone proves nothing: only users of the partner's
 * own tenant are staff. Entra already refuses other tenants' users at the tenant-specific
 * authority (AADSTS50020); this is the second line.
 */
export function evaluateStaffSignIn(claims: unknown, partnerTenantId: string): StaffSignInDecision {
  const parsed = idTokenClaims.safeParse(claims);
  if (!parsed.success) return { allowed: false, reason: 'malformed-token' };
  const c = parsed.data;
  if (c.tid.toLowerCase() !== partnerTenantId.toLowerCase()) return { allowed: false, reason: 'wrong-tenant' };
  const email = c.email ?? c.preferred_username ?? null;
  return {
    allowed: true,
    identity: {
      entraObjectId: c.oid.toLowerCase(),
      tenantId: c.tid.toLowerCase(),
      name: c.name ?? c.preferred_username ?? 'Unnamed user',
      email,
      role: roleFromClaim(c.roles),
    },
  };
}
