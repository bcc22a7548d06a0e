import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db/client';
import type { Actor } from './register-tenant';
import type { TenantDetails } from './tenant-input';

/** Change what staff say about a tenant (not its tenant ID); the audit row lists what changed. */
export async function updateTenant(id: string, details: TenantDetails, actor: Actor): Promise<{ ok: boolean }> {
  return getDb().$transaction(async (tx) => {
    const before = await tx.customerTenant.findUnique({
      where: { id },
      select: {
        entraTenantId: true,
        displayName: true,
        adminEmails: true,
        notes: true,
        dataSources: true,
        domain: true,
      },
    });
    if (!before) return { ok: false };
    const displayName = details.displayName || before.domain || before.entraTenantId;
    const after = { ...details, displayName };
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
      (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
    );
    if (changed.length === 0) return { ok: true };
    await tx.customerTenant.update({ where: { id }, data: after, select: { id: true } });
    await recordAuditEvent(tx, {
      actor,
      action: 'tenant.updated',
      tenant: { entraTenantId: before.entraTenantId, displayName },
      result: 'SUCCESS',
      detail: { changed, ...(changed.includes('displayName') ? { previousName: before.displayName } : {}) },
    });
    return { ok: true };
  });
}
