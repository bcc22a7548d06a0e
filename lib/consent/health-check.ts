import 'server-only';
import { getDb } from '@/lib/db/client';
import { checkTenant } from './check-tenant';

/** Tenants checked at the same time: each check asks Microsoft for one token per resource. */
const CONCURRENCY = 4;

/**
 * The periodic health check: re-verifies every tenant that has (or had) a working consent, and
 * any whose verification ended without an answer, with fresh tokens. Revocation is detected
 * here (a token without roles, or 700016). Only changes go to the audit log.
 */
export async function runHealthCheck(): Promise<{ checked: number; changed: number }> {
  const now = new Date();
  const tenants = await getDb().customerTenant.findMany({
    where: {
      OR: [
        { status: { in: ['CONNECTED', 'MISSING_PERMISSIONS', 'REVOKED'] } },
        { status: 'CONSENTED', OR: [{ verifyUntil: null }, { verifyUntil: { lt: now } }] },
      ],
    },
    select: { id: true, status: true },
    orderBy: { lastVerifiedAt: { sort: 'asc', nulls: 'first' } },
  });
  let changed = 0;
  let next = 0;
  const workers = Array.from({ length: CONCURRENCY }, async () => {
    while (next < tenants.length) {
      const tenant = tenants[next++]!;
      const result = await checkTenant(tenant.id, { purpose: 'health', actor: null, audit: 'on-change' });
      if (result && result.status !== tenant.status) changed++;
    }
  });
  await Promise.all(workers);
  return { checked: tenants.length, changed };
}
