/**
 * Staff roles come from the ID token's `roles` claim: the app roles an Entra admin of the partner
 * tenant assigned to the user (or to a group they are in) on Canopy's app registration. The role
 * type is the database enum (prisma/schema.prisma), defined there once.
 */
import type { StaffRole } from '@/lib/generated/prisma/enums';

export type { StaffRole };

/** App role values as defined in the app registration (README: "Register the app in Entra"). */
export const APP_ROLE_VALUES: Record<StaffRole, string> = {
  ADMIN: 'Canopy.Admin',
  ANALYST: 'Canopy.Analyst',
};

const RANK: Record<StaffRole, number> = { ANALYST: 1, ADMIN: 2 };

export const ROLE_LABELS: Record<StaffRole, string> = { ADMIN: 'Admin', ANALYST: 'Analyst' };

/** The strongest Canopy role among the claim's values; null when the user has none. */
export function roleFromClaim(roles: unknown): StaffRole | null {
  if (!Array.isArray(roles)) return null;
  if (roles.includes(APP_ROLE_VALUES.ADMIN)) return 'ADMIN';
  if (roles.includes(APP_ROLE_VALUES.ANALYST)) return 'ANALYST';
  return null;
}

/** Admins can do everything analysts can. */
export function roleSatisfies(role: StaffRole, required: StaffRole): boolean {
  return RANK[role] >= RANK[required];
}
