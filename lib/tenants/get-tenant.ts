import 'server-only';
import { notFound } from 'next/navigation';
import { getDb } from '@/lib/db/client';
import { isGuid } from '@/lib/guid';

/** A customer tenant by Canopy's id, or the not-found page (a malformed id answers the same). */
export async function getTenantOrThrow(id: string) {
  if (!isGuid(id)) notFound();
  const tenant = await getDb().customerTenant.findUnique({
    where: { id },
    select: {
      id: true,
      entraTenantId: true,
      displayName: true,
      domain: true,
      adminEmails: true,
      notes: true,
      dataSources: true,
      status: true,
      lastVerifiedAt: true,
      statusChangedAt: true,
      revokedAt: true,
      permissions: true,
      lastError: true,
      createdAt: true,
      createdBy: { select: { name: true } },
    },
  });
  if (!tenant) notFound();
  return tenant;
}
