import 'server-only';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { getAppTokenClient } from '@/lib/microsoft/app-token-client';
import type { Actor } from '@/lib/tenants/register-tenant';
import { applyAccessCheck, type CheckPurpose } from './apply-access-check';
import { checkTenantAccess } from './check-tenant-access';

const TENANT_FIELDS = {
  id: true,
  entraTenantId: true,
  displayName: true,
  status: true,
  verifyUntil: true,
  revokedAt: true,
  dataSources: true,
} as const;

/** Seconds before the next verification attempt: 5, 10, 20, 40, then every 60. */
export function verificationBackoffSeconds(attempt: number): number {
  return Math.min(5 * 2 ** attempt, 60);
}

/**
 * Checks one tenant with fresh tokens and stores the result. `verification` runs only while the
 * tenant is Consented (a later callback or check may have settled it already, even while this one
 * asked Microsoft: null then).
 */
export async function checkTenant(
  tenantId: string,
  options: { purpose: CheckPurpose; actor: Actor | null; audit: 'always' | 'on-change' },
): Promise<{ status: string; retry: boolean } | null> {
  const tenant = await getDb().customerTenant.findUnique({ where: { id: tenantId }, select: TENANT_FIELDS });
  if (!tenant) return null;
  if (options.purpose === 'verification' && tenant.status !== 'CONSENTED') return null;
  const config = getConfig();
  const check = await checkTenantAccess(tenant, getAppTokenClient(), config.endpoints);
  return applyAccessCheck(tenant, check, options);
}
