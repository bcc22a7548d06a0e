import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import { isGuid } from '@/lib/guid';
import { discoverTenant } from '@/lib/microsoft/tenant-discovery';
import type { RegisterTenantInput } from './tenant-input';

/**
 * Who acts: a staff user, or a named process acting without a staff account (the demo's first-start
 * setup, scripts/seed-demo.ts), whose `id` is null. Either way the audit log records the name.
 */
export type Actor = { id: string | null; name: string };

/** A registered tenant: Canopy's id, its name and its Entra tenant GUID. */
export type RegisteredTenant = { id: string; displayName: string; entraTenantId: string };

const TENANT_SELECT = { id: true, displayName: true, entraTenantId: true } as const;

export type RegisterTenantResult =
  { ok: true; tenant: RegisteredTenant } | { ok: false; error: string; existing?: RegisteredTenant };

/**
 * Register a customer tenant by GUID or verified domain. The GUID is always confirmed through the
 * tenant's discovery document (an unknown tenant or one of another cloud is refused and nothing
 * is saved). The tenant and its audit row are written in one transaction. A bulk import passes
 * its correlation id, so that the audit log ties each row's events to the import.
 */
export async function registerTenant(
  input: RegisterTenantInput,
  actor: Actor,
  options: { correlationId?: string } = {},
): Promise<RegisterTenantResult> {
  const { correlationId } = options;
  const config = getConfig();
  const discovery = await discoverTenant(input.tenant, {
    authorityHost: config.endpoints.authorityHost,
    cloudInstanceName: config.cloudInstanceName,
  });
  if (!discovery.ok) return refused({ input, actor, correlationId }, { reason: discovery.reason }, discovery.message);
  const entraTenantId = discovery.tenant.tenantId;
  const domain = isGuid(input.tenant) ? null : input.tenant;
  const displayName = input.displayName || domain || entraTenantId;

  const db = getDb();
  const existing = await findRegistered(entraTenantId);
  if (existing) {
    return refused({ input, actor, correlationId }, { reason: 'already-registered' }, alreadyRegistered(existing));
  }
  try {
    const tenant = await db.$transaction(async (tx) => {
      const created = await tx.customerTenant.create({
        data: {
          entraTenantId,
          displayName,
          domain,
          adminEmails: input.adminEmails,
          notes: input.notes,
          dataSources: input.dataSources,
          createdById: actor.id,
        },
        select: TENANT_SELECT,
      });
      await recordAuditEvent(tx, {
        actor,
        action: 'tenant.registered',
        tenant: { entraTenantId, displayName },
        result: 'SUCCESS',
        detail: { domain, adminEmails: input.adminEmails, dataSources: input.dataSources },
        correlationId,
      });
      return created;
    });
    return { ok: true, tenant };
  } catch (error) {
    // Registered by someone else between the check and the insert.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const winner = await findRegistered(entraTenantId);
      if (winner) return alreadyRegistered(winner);
    }
    throw error;
  }
}

/** A refused registration is a staff action too: it goes to the audit log with its reason. */
async function refused(
  { input, actor, correlationId }: { input: RegisterTenantInput; actor: Actor; correlationId?: string },
  detail: { reason: string },
  outcome: string | RegisterTenantResult,
): Promise<RegisterTenantResult> {
  await recordAuditEvent(getDb(), {
    actor,
    action: 'tenant.registration-refused',
    result: 'FAILURE',
    detail: { reference: input.tenant, ...detail },
    correlationId,
  });
  return typeof outcome === 'string' ? { ok: false, error: outcome } : outcome;
}

function findRegistered(entraTenantId: string) {
  return getDb().customerTenant.findUnique({ where: { entraTenantId }, select: TENANT_SELECT });
}

function alreadyRegistered(existing: RegisteredTenant): RegisterTenantResult {
  return { ok: false, error: `This tenant is already registered as "${existing.displayName}".`, existing };
}
