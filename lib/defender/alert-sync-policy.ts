// CommonJS without named exports Node can see: the default import is its module.exports.
import cronParser from 'cron-parser';
import { z } from 'zod';
import type { Explanation } from '@/lib/consent/aadsts';
import { missingRoles, requiredPermissions } from '@/lib/consent/required-permissions';
import type { MicrosoftEndpoints } from '@/lib/config/presets';
import type { DataSource, TenantStatus } from '@/lib/generated/prisma/enums';

/**
 * Tenants whose tokens were verified: Connected, and Missing permissions (a tenant that granted
 * Defender for Endpoint but not Graph still has its Defender for Endpoint alerts read).
 */
const VERIFIED: ReadonlySet<TenantStatus> = new Set(['CONNECTED', 'MISSING_PERMISSIONS']);

export type Eligibility = 'eligible' | 'missing-permission' | 'not-collected' | 'not-connected';

const storedPermissions = z
  .array(z.looseObject({ dataSource: z.string(), granted: z.array(z.string()).catch([]) }))
  .catch([]);

/**
 * Whether a tenant's Defender for Endpoint alerts may be read now, from what Canopy already knows
 * (status, chosen data, the roles its last token check found): never by asking Microsoft.
 */
export function mdeAlertsEligibility(
  tenant: { status: TenantStatus; dataSources: readonly DataSource[]; permissions: unknown },
  endpoints: MicrosoftEndpoints,
): Eligibility {
  if (!tenant.dataSources.includes('MDE_ALERTS')) return 'not-collected';
  if (!VERIFIED.has(tenant.status)) return 'not-connected';
  const [requirement] = requiredPermissions(['MDE_ALERTS'], endpoints);
  const granted = storedPermissions
    .parse(tenant.permissions)
    .find((entry) => entry.dataSource === 'MDE_ALERTS')?.granted;
  return missingRoles(requirement!.roles, granted ?? []).length === 0 ? 'eligible' : 'missing-permission';
}

export function missingMdePermission(endpoints: MicrosoftEndpoints): Explanation {
  const [requirement] = requiredPermissions(['MDE_ALERTS'], endpoints);
  const permission = `${requirement!.api} ${requirement!.roles.join(', ')}`;
  return {
    title: `Permission missing: ${permission}`,
    explanation: `The customer has not granted Canopy ${permission}, so its Defender for Endpoint alerts cannot be read. Canopy does not try until the permission is there.`,
    nextStep: 'Send a new invitation so an administrator grants it, then use "Check now" on the tenant.',
  };
}

/** The first scheduled run (cron, UTC) at or after `notBefore`. */
export function nextScheduledRun(schedule: string, notBefore: Date): Date {
  return cronParser
    .parseExpression(schedule, { currentDate: new Date(notBefore.getTime() - 1), tz: 'UTC' })
    .next()
    .toDate();
}

/** After n failures in a row, wait 1, 2, 4 … minutes (at most an hour) before the next attempt. */
export function failureBackoffMs(consecutiveFailures: number): number {
  return Math.min(60, 2 ** Math.max(0, consecutiveFailures - 1)) * 60_000;
}
