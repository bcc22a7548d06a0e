import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { AuditResult } from '@/lib/generated/prisma/enums';
import type { Actor } from '@/lib/tenants/register-tenant';

/** The database client or the transaction a write belongs to: an action and its audit row commit together. */
export type DbOrTransaction = Prisma.TransactionClient;

export type AuditEntry = {
  /**
   * A staff user; `{ id: null, name }` for someone or something without a staff account (the
   * customer's admin on the invitation link, the demo's setup); null for the system itself.
   */
  actor: Actor | null;
  /** `area.verb`, e.g. `tenant.registered`. */
  action: string;
  tenant?: { entraTenantId: string; displayName: string } | null;
  result: AuditResult;
  /** Facts for people to read. Never secrets, tokens or state values. */
  detail?: Prisma.InputJsonObject;
  /** Ties the events of one request together; a new one when not given. */
  correlationId?: string;
};

export async function recordAuditEvent(db: DbOrTransaction, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: entry.actor?.id ?? null,
      actorName: entry.actor?.name ?? 'System',
      action: entry.action,
      tenantId: entry.tenant?.entraTenantId ?? null,
      tenantName: entry.tenant?.displayName ?? null,
      result: entry.result,
      detail: entry.detail ?? {},
      correlationId: entry.correlationId ?? randomUUID(),
    },
    select: { id: true },
  });
}
