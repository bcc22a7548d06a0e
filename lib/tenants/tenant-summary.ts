import 'server-only';
import { getDb } from '@/lib/db/client';
import type { TenantStatus } from '@/lib/generated/prisma/enums';

/** Statuses that need a person: the tenants page lists these tenants first. */
export const NEEDS_ATTENTION: TenantStatus[] = ['DECLINED', 'FAILED', 'MISSING_PERMISSIONS', 'REVOKED'];

/** Tenants per status, and the ones that need attention (longest waiting first). */
export async function summarizeTenants(attentionLimit = 5) {
  const db = getDb();
  const [groups, attention] = await Promise.all([
    db.customerTenant.groupBy({ by: ['status'], _count: { _all: true } }),
    db.customerTenant.findMany({
      where: { status: { in: NEEDS_ATTENTION } },
      orderBy: { statusChangedAt: 'asc' },
      take: attentionLimit,
      select: { id: true, displayName: true, status: true, statusChangedAt: true },
    }),
  ]);
  const counts = new Map(groups.map((g) => [g.status, g._count._all]));
  const total = groups.reduce((sum, g) => sum + g._count._all, 0);
  return { total, counts, attention };
}

/** Whether any customer tenant is registered: a new install's home is the first-run guide. */
export async function hasTenants(): Promise<boolean> {
  return (await getDb().customerTenant.findFirst({ select: { id: true } })) !== null;
}
