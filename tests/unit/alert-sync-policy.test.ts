import { describe, expect, it } from 'vitest';
import { presetEndpoints } from '@/lib/config/presets';
import {
  failureBackoffMs,
  mdeAlertsEligibility,
  missingMdePermission,
  nextScheduledRun,
} from '@/lib/defender/alert-sync-policy';
import { explainSyncError, SyncError } from '@/lib/defender/sync-error';

const endpoints = presetEndpoints('commercial', 'https://localhost:8443');
const granted = (roles: string[]) => [{ dataSource: 'MDE_ALERTS', granted: roles, required: ['Alert.Read.All'] }];

describe('which tenants have their Defender for Endpoint alerts read', () => {
  const base = {
    status: 'CONNECTED' as const,
    dataSources: ['MDE_ALERTS' as const],
    permissions: granted(['Alert.Read.All']),
  };

  it('a verified tenant holding Alert.Read.All (or ReadWrite), Connected or missing another permission', () => {
    expect(mdeAlertsEligibility(base, endpoints)).toBe('eligible');
    expect(mdeAlertsEligibility({ ...base, permissions: granted(['Alert.ReadWrite.All']) }, endpoints)).toBe(
      'eligible',
    );
    expect(mdeAlertsEligibility({ ...base, status: 'MISSING_PERMISSIONS' }, endpoints)).toBe('eligible');
  });

  it('not a tenant without the role, one not verified, or one that does not collect these alerts', () => {
    expect(mdeAlertsEligibility({ ...base, permissions: granted(['Incident.Read.All']) }, endpoints)).toBe(
      'missing-permission',
    );
    expect(mdeAlertsEligibility({ ...base, permissions: [] }, endpoints)).toBe('missing-permission');
    expect(mdeAlertsEligibility({ ...base, permissions: 'garbage' }, endpoints)).toBe('missing-permission');
    for (const status of ['REGISTERED', 'CONSENTED', 'REVOKED', 'FAILED'] as const)
      expect(mdeAlertsEligibility({ ...base, status }, endpoints)).toBe('not-connected');
    expect(mdeAlertsEligibility({ ...base, dataSources: ['XDR_INCIDENTS'] }, endpoints)).toBe('not-collected');
  });

  it('explains a missing permission by its API and role', () => {
    expect(missingMdePermission(endpoints).title).toBe('Permission missing: WindowsDefenderATP Alert.Read.All');
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
