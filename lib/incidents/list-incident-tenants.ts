import 'server-only';
import { getDb } from '@/lib/db/client';

/**
 * The tenants of the incidents page's tenant filter: those Canopy reads (connected, or missing a
 * permission) and any with stored incidents, by name. Empty until a first tenant is connected.
 */
export async function listIncidentTenants(): Promise<{ id: string; displayName: string }[]> {
  return getDb().customerTenant.findMany({
    where: { OR: [{ status: { in: ['CONNECTED', 'MISSING_PERMISSIONS'] } }, { incidents: { some: {} } }] },
    orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
    select: { id: true, displayName: true },
  });
}
