import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db/client';
import type { Actor } from './register-tenant';

/**
 * Remove a customer tenant from Canopy. Its history stays in the audit log, which is keyed by the
 * tenant GUID and name and never deleted. Consent in the customer's directory is theirs to revoke.
 */
export async function removeTenant(id: string, actor: Actor): Promise<{ ok: boolean; displayName?: string }> {
  return getDb().$transaction(async (tx) => {
    const tenant = await tx.customerTenant.findUnique({
      where: { id },
      select: { entraTenantId: true, displayName: true, status: true },
    });
    if (!tenant) return { ok: false };
    await tx.customerTenant.delete({ where: { id }, select: { id: true } });
    await recordAuditEvent(tx, {
      actor,
      action: 'tenant.removed',
      tenant,
      result: 'SUCCESS',
      detail: { statusWhenRemoved: tenant.status },
    });
    return { ok: true, displayName: tenant.displayName };
  });
}
