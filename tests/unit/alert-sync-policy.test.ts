import { createHash } from 'node:crypto';
import cronParser from 'cron-parser';
import { describe, expect, it } from 'vitest';
import {
  failureBackoffMs,
  feedEligibility,
  missingFeedPermission,
  nextScheduledRun,
  nextTenantRun,
  tenantSlotOffsetMs,
} from '@/lib/defender/alert-sync-policy';
import { feedDefinition } from '@/lib/defender/sync-feeds';
import { explainSyncError, SyncError } from '@/lib/defender/sync-error';

const MDE = feedDefinition('MDE_ALERTS');
const granted = (roles: string[]) => [{ dataSource: 'MDE_ALERTS', granted: roles, required: ['Alert.Read.All'] }];

describe('which tenants have their Defender for Endpoint alerts read', () => {
  const base = {
    status: 'CONNECTED' as const,
    dataSources: ['MDE_ALERTS' as const],
    permissions: granted(['Alert.Read.All']),
  };

  it('a verified tenant holding Alert.Read.All (or ReadWrite), Connected or missing another permission', () => {
    expect(feedEligibility(base, MDE)).toBe('eligible');
    expect(feedEligibility({ ...base, permissions: granted(['Alert.ReadWrite.All']) }, MDE)).toBe('eligible');
    expect(feedEligibility({ ...base, status: 'MISSING_PERMISSIONS' }, MDE)).toBe('eligible');
  });

  it('not a tenant without the role, one not verified, or one that does not collect these alerts', () => {
    expect(feedEligibility({ ...base, permissions: granted(['Incident.Read.All']) }, MDE)).toBe('missing-permission');
    expect(feedEligibility({ ...base, permissions: [] }, MDE)).toBe('missing-permission');
    expect(feedEligibility({ ...base, permissions: 'garbage' }, MDE)).toBe('missing-permission');
    for (const status of ['REGISTERED', 'CONSENTED', 'REVOKED', 'FAILED'] as const)
      expect(feedEligibility({ ...base, status }, MDE)).toBe('not-connected');
    expect(feedEligibility({ ...base, dataSources: ['XDR_INCIDENTS'] }, MDE)).toBe('not-collected');
  });

  it('each Graph feed needs its own role: alerts SecurityAlert.Read.All, incidents SecurityIncident.Read.All', () => {
    const graph = (roles: string[]) => ({
      status: 'CONNECTED' as const,
      dataSources: ['GRAPH_SECURITY' as const],
      permissions: [{ dataSource: 'GRAPH_SECURITY', granted: roles }],
    });
    const alerts = feedDefinition('GRAPH_ALERTS');
    const incidents = feedDefinition('GRAPH_INCIDENTS');
    expect(feedEligibility(graph(['SecurityAlert.Read.All']), alerts)).toBe('eligible');
    expect(feedEligibility(graph(['SecurityAlert.Read.All']), incidents)).toBe('missing-permission');
    expect(feedEligibility(graph(['SecurityIncident.ReadWrite.All']), incidents)).toBe('eligible');
    expect(feedEligibility(graph(['SecurityAlert.Read.All']), MDE)).toBe('not-collected');
    expect(missingFeedPermission(incidents).title).toBe(
      'Permission missing: Microsoft Graph SecurityIncident.Read.All',
    );
  });

  it('explains a missing permission by its API and role', () => {
    expect(missingFeedPermission(MDE).title).toBe('Permission missing: WindowsDefenderATP Alert.Read.All');
  });
});

describe('when a source runs next', () => {
  it('at the next tick of the schedule (UTC), at or after the given time', () => {
    expect(nextScheduledRun('*/2 * * * *', new Date('2026-01-01T12:01:10Z')).toISOString()).toBe(
      '2026-01-01T12:02:00.000Z',
    );
    expect(nextScheduledRun('*/2 * * * *', new Date('2026-01-01T12:02:00Z')).toISOString()).toBe(
      '2026-01-01T12:02:00.000Z',
    );
  });

  it('finds the same ticks as cron-parser, by arithmetic for "every n minutes" and by the parser for the rest', () => {
    const schedules = ['*/2 * * * *', '* * * * *', '*/15 * * * *', ' */30  * * * * ', '*/7 * * * *', '5 */3 * * *'];
    const start = Date.parse('2026-03-29T00:30:00Z');
    for (let i = 0; i < 200; i++) {
      // Whole minutes, seconds and milliseconds alike, over a few days.
      const at = new Date(start + ((i * 7_919_113) % (4 * 86_400_000)) + (i % 3 === 0 ? 0 : i * 37));
      for (const schedule of schedules) {
        const expected = cronParser
          .parseExpression(schedule.trim(), { currentDate: new Date(at.getTime() - 1), tz: 'UTC' })
          .next()
          .getTime();
        expect(nextScheduledRun(schedule, at).getTime(), `${schedule} at ${at.toISOString()}`).toBe(expected);
      }
    }
    // The interval a tenant's offset is a fraction of: the period, or the gap between the next two ticks.
    const tenant = '4c1d7e52-8f0b-4a55-9a0e-1f2b3c4d5e6f';
    const fraction = createHash('sha256').update(tenant).digest().readUInt32BE(0) / 2 ** 32;
    expect(tenantSlotOffsetMs('*/30 * * * *', tenant, new Date(start))).toBe(Math.floor(fraction * 1_800_000));
    // Minute 5 of every third hour, just before 03:05: the next gap is three hours.
    expect(tenantSlotOffsetMs('5 */3 * * *', tenant, new Date('2026-03-29T03:04:00Z'))).toBe(
      Math.floor(fraction * 3 * 3_600_000),
    );
  });

  it("a tenant's runs keep one place in each interval, and 1,000 tenants spread over it evenly", () => {
    const at = new Date('2026-01-01T12:01:10Z');
    const tenant = '4c1d7e52-8f0b-4a55-9a0e-1f2b3c4d5e6f';
    const offset = tenantSlotOffsetMs('*/2 * * * *', tenant, at);
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThan(120_000);
    expect(tenantSlotOffsetMs('*/2 * * * *', tenant, new Date('2026-03-07T08:00:00Z'))).toBe(offset);
    // The slot at or after the time, then one interval later for a time just past it.
    const slot = nextTenantRun('*/2 * * * *', tenant, at);
    expect(slot.getTime() - offset).toBe(nextScheduledRun('*/2 * * * *', new Date(slot.getTime() - offset)).getTime());
    expect(slot.getTime()).toBeGreaterThanOrEqual(at.getTime());
    expect(slot.getTime()).toBeLessThan(at.getTime() + 120_000);
    expect(nextTenantRun('*/2 * * * *', tenant, slot)).toEqual(slot);
    expect(nextTenantRun('*/2 * * * *', tenant, new Date(slot.getTime() + 1)).getTime()).toBe(slot.getTime() + 120_000);

    // Ten 12-second buckets of the 2-minute interval each hold about a tenth of 1,000 tenants.
    const buckets = Array.from({ length: 10 }, () => 0);
    for (let i = 0; i < 1_000; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      buckets[Math.floor(tenantSlotOffsetMs('*/2 * * * *', id, at) / 12_000)]!++;
    }
    for (const count of buckets) expect(count).toBeGreaterThan(60);
    for (const count of buckets) expect(count).toBeLessThan(140);
  });

  it('after failures in a row: 1, 2, 4 … minutes, at most an hour', () => {
    expect([1, 2, 3, 4, 7, 20].map((n) => failureBackoffMs(n) / 60_000)).toEqual([1, 2, 4, 8, 60, 60]);
  });
});

describe('sync failures explained', () => {
  it('token errors in AADSTS terms; API refusals with what Microsoft said', () => {
    expect(explainSyncError(new SyncError('token', { aadsts: 700016 }), 'Defender for Endpoint').title).toBe(
      'The app is not consented in that tenant',
    );
    const forbidden = explainSyncError(
      new SyncError('forbidden', { httpStatus: 403, upstreamMessage: 'The application does not have …' }),
      'Defender for Endpoint',
    );
    expect(forbidden).toMatchObject({ title: 'Permission missing at Defender for Endpoint' });
    expect(forbidden.explanation).toContain('Microsoft said: "The application does not have …"');
  });
});
