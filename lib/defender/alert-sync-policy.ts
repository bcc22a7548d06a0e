import { createHash } from 'node:crypto';
// CommonJS without named exports Node can see: the default import is its module.exports.
import cronParser from 'cron-parser';
import { z } from 'zod';
import type { Explanation } from '@/lib/consent/aadsts';
import { missingRoles } from '@/lib/consent/required-permissions';
import type { DataSource, TenantStatus } from '@/lib/generated/prisma/enums';
import type { FeedDefinition } from './sync-feeds';

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
 * Whether a tenant's feed may be read now, from what Canopy already knows (status, chosen data,
 * the roles its last token check found for the feed's data source): never by asking Microsoft.
 */
export function feedEligibility(
  tenant: { status: TenantStatus; dataSources: readonly DataSource[]; permissions: unknown },
  feed: FeedDefinition,
): Eligibility {
  if (!tenant.dataSources.includes(feed.dataSource)) return 'not-collected';
  if (!VERIFIED.has(tenant.status)) return 'not-connected';
  const granted = storedPermissions
    .parse(tenant.permissions)
    .find((entry) => entry.dataSource === feed.dataSource)?.granted;
  return missingRoles(feed.roles, granted ?? []).length === 0 ? 'eligible' : 'missing-permission';
}

export function missingFeedPermission(feed: FeedDefinition): Explanation {
  const permission = `${feed.permissionApi} ${feed.roles.join(', ')}`;
  return {
    title: `Permission missing: ${permission}`,
    explanation: `The customer has not granted Canopy ${permission}, so its ${feed.label} cannot be read. Canopy does not try until the permission is there.`,
    nextStep: 'Send a new invitation so an administrator grants it, then use "Check now" on the tenant.',
  };
}

const steadyPeriods = new Map<string, number | null>();

/**
 * The period of a schedule that ticks every n minutes on the hour ("* * * * *", "*\/n * * * *" with
 * n dividing 60, the default "*\/2 * * * *" among them); null for any other. Its ticks are then the
 * multiples of n minutes since the epoch, which plain arithmetic finds: every run of every tenant
 * asks for its next slot, and cron-parser (through luxon) spent about 2 ms of the worker's CPU on
 * each, a sixth of a whole incremental run.
 */
function steadyPeriodMs(schedule: string): number | null {
  let period = steadyPeriods.get(schedule);
  if (period === undefined) {
    const [minute, ...rest] = schedule.trim().split(/\s+/);
    const everyHour = rest.length === 4 && rest.every((field) => field === '*');
    const step = minute === '*' ? '1' : /^\*\/\d{1,2}$/.test(minute ?? '') ? minute!.slice(2) : '';
    const minutes = everyHour ? Number(step) : 0;
    period = minutes > 0 && 60 % minutes === 0 ? minutes * 60_000 : null;
    steadyPeriods.set(schedule, period);
  }
  return period;
}

/** The first tick of the schedule (cron, UTC) at or after `notBefore`. */
export function nextScheduledRun(schedule: string, notBefore: Date): Date {
  const period = steadyPeriodMs(schedule);
  if (period !== null) return new Date(Math.ceil(notBefore.getTime() / period) * period);
  return cronParser
    .parseExpression(schedule, { currentDate: new Date(notBefore.getTime() - 1), tz: 'UTC' })
    .next()
    .toDate();
}

/**
 * Where a tenant's runs fall inside each interval of the schedule: a fixed fraction of it, from a
 * hash of the tenant's id. 1,000 tenants then start evenly over the interval rather than all at
 * its tick (a thundering herd on the worker, the database and Microsoft), and each tenant still
 * runs once an interval, so no alert waits longer than with every tenant at the tick. The
 * interval is the time between the schedule's next two ticks after `at` (steady for the usual
 * "every n minutes").
 */
export function tenantSlotOffsetMs(schedule: string, tenantId: string, at: Date): number {
  const fraction = createHash('sha256').update(tenantId).digest().readUInt32BE(0) / 2 ** 32;
  return Math.floor(fraction * scheduleIntervalMs(schedule, at));
}

function scheduleIntervalMs(schedule: string, at: Date): number {
  const period = steadyPeriodMs(schedule);
  if (period !== null) return period;
  const ticks = cronParser.parseExpression(schedule, { currentDate: at, tz: 'UTC' });
  const first = ticks.next().getTime();
  return ticks.next().getTime() - first;
}

/** The tenant's first slot (a tick of the schedule plus the tenant's offset) at or after `notBefore`. */
export function nextTenantRun(schedule: string, tenantId: string, notBefore: Date): Date {
  const offset = tenantSlotOffsetMs(schedule, tenantId, notBefore);
  return new Date(nextScheduledRun(schedule, new Date(notBefore.getTime() - offset)).getTime() + offset);
}

/** After n failures in a row, wait 1, 2, 4 … minutes (at most an hour) before the next attempt. */
export function failureBackoffMs(consecutiveFailures: number): number {
  return Math.min(60, 2 ** Math.max(0, consecutiveFailures - 1)) * 60_000;
}
