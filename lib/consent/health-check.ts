import 'server-only';
import { getDb } from '@/lib/db/client';
import { checkTenant } from './check-tenant';

/**
 * The periodic health check, fanned out: one check per tenant that has (or had) a working
 * consent, and any whose verification ended without an answer, handed to `enqueue` (the worker
 * queues one `check-tenant-health` job each, run by every worker a few at a time, so 1,000 tenants
 * finish well within the hour and a tenant whose token endpoint hangs holds one slot, not the
 * pass). Longest unchecked first. `enqueue` returns false when that tenant's check already waits.
 */
export async function scheduleHealthChecks(
  enqueue: (tenantId: string) => Promise<boolean>,
): Promise<{ queued: number; alreadyQueued: number }> {
  const now = new Date();
  const tenants = await getDb().customerTenant.findMany({
    where: {
      OR: [
        { status: { in: ['CONNECTED', 'MISSING_PERMISSIONS', 'REVOKED'] } },
        { status: 'CONSENTED', OR: [{ verifyUntil: null }, { verifyUntil: { lt: now } }] },
      ],
    },
    select: { id: true },
    orderBy: { lastVerifiedAt: { sort: 'asc', nulls: 'first' } },
  });
  let queued = 0;
  for (const tenant of tenants) if (await enqueue(tenant.id)) queued++;
  return { queued, alreadyQueued: tenants.length - queued };
}

/**
 * One tenant's health check with fresh tokens: revocation is detected here (a token without
 * roles, or 700016). Only changes go to the audit log. Null: the tenant is gone.
 */
export async function checkTenantHealth(tenantId: string): Promise<{ from: string; to: string } | null> {
  const before = await getDb().customerTenant.findUnique({ where: { id: tenantId }, select: { status: true } });
  if (!before) return null;
  const result = await checkTenant(tenantId, { purpose: 'health', actor: null, audit: 'on-change' });
  return result ? { from: before.status, to: result.status } : null;
}
