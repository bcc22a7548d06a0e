import 'server-only';
import { getDb } from '@/lib/db/client';

/** What happened to one customer tenant, newest first (the audit log, read by its tenant GUID). */
export async function listTenantTimeline(entraTenantId: string, limit = 100) {
  return getDb().auditEvent.findMany({
    where: { tenantId: entraTenantId },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: limit,
    select: { id: true, at: true, actorName: true, action: true, result: true, detail: true },
  });
}
