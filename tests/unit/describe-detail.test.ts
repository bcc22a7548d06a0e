import { describe, expect, it } from 'vitest';
import { describeDetail } from '@/lib/audit/describe-detail';

describe('describeDetail', () => {
  it('names a status change, the AADSTS code and the missing permissions', () => {
    expect(
      describeDetail({
        statusBefore: 'CONSENTED',
        statusAfter: 'MISSING_PERMISSIONS',
        code: 700016,
        missing: ['Microsoft Graph/SecurityAlert.Read.All'],
      }),
    ).toBe('Consented → Missing permissions · AADSTS700016 · missing Microsoft Graph/SecurityAlert.Read.All');
  });

  it('says why a callback was refused, and to whom an email went', () => {
    expect(describeDetail({ reason: 'tenant-mismatch', parameters: ['state'] })).toBe('tenant mismatch');
    expect(describeDetail({ to: ['dana@fabrikam.example'] })).toBe('to dana@fabrikam.example');
  });

  it('nothing for an unchanged status, empty or unexpected detail', () => {
    expect(describeDetail({ statusBefore: 'CONNECTED', statusAfter: 'CONNECTED' })).toBeNull();
    expect(describeDetail({})).toBeNull();
    expect(describeDetail(null)).toBeNull();
    expect(describeDetail(['x'])).toBeNull();
    expect(describeDetail({ code: '65004', missing: 'all' })).toBeNull();
  });
});
