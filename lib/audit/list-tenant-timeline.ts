import 'server-only';
import { getDb } from '@/lib/db/client';
import { markGuestActors } from './mark-guest-actors';

/** What happened to one customer tenant, newest first (the audit log, read by its tenant GUID). */
export async function listTenantTimeline(entraTenantId: string, limit = 100) {
  const db = getDb();
  const events = await db.auditEvent.findMany({
    where: { tenantId: entraTenantId },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: limit,
    select: { id: true, at: true, actorId: true, actorName: true, action: true, result: true, detail: true },
  });
  return markGuestActors(db, events);
}
