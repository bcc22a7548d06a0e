import 'server-only';
import { getDb } from '@/lib/db/client';
import type { StaffIdentity } from './staff-claims';

/**
 * Upsert the staff member and open a server-side session in one transaction. Returns the session
 * id that the cookie carries.
 */
export async function recordStaffSignIn(identity: StaffIdentity, maxAgeSeconds: number): Promise<string> {
  const now = new Date();
  const db = getDb();
  return db.$transaction(async (tx) => {
    const profile = {
      tenantId: identity.tenantId,
      name: identity.name,
      email: identity.email,
      role: identity.role,
      lastSignInAt: now,
    };
    const user = await tx.staffUser.upsert({
      where: { entraObjectId: identity.entraObjectId },
      create: { entraObjectId: identity.entraObjectId, ...profile },
      update: profile,
      select: { id: true },
    });
    const session = await tx.staffSession.create({
      data: { userId: user.id, role: identity.role, expiresAt: new Date(now.getTime() + maxAgeSeconds * 1000) },
      select: { id: true },
    });
    return session.id;
  });
}
