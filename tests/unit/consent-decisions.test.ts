import { describe, expect, it } from 'vitest';
import { explainAadsts } from '@/lib/consent/aadsts';
import { explainCheck, nextStatus, type CheckedTenant } from '@/lib/consent/apply-access-check';
import type { AccessCheck } from '@/lib/consent/check-tenant-access';
import { verificationBackoffSeconds } from '@/lib/consent/check-tenant';
import type { TenantStatus } from '@/lib/generated/prisma/enums';

type Verdict = AccessCheck['verdict'];

const NOW = new Date('2026-03-02T10:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

function tenant(status: TenantStatus, verifyUntil: Date | null = null): CheckedTenant {
  return {
    id: 'tenant-row',
    entraTenantId: '57b6504a-dffe-45bb-a0ef-ec5f14e05f6a',
    displayName: 'Fabrikam',
    status,
    verifyUntil,
    revokedAt: null,
  };
}

function check(verdict: Verdict, code: number | null = null): AccessCheck {
  return { checkedAt: NOW.toISOString(), resources: [], verdict, code };
}

describe('nextStatus: verification after a consent callback', () => {
  // verdict → [within the window, after it]
  const TABLE: [Verdict, number | null, string, string][] = [
    ['connected', null, 'CONNECTED', 'CONNECTED'],
    ['wrong-tenant', null, 'FAILED', 'FAILED'],
    ['not-provisioned', 500011, 'FAILED', 'FAILED'],
    ['no-consent', 700016, 'CONSENTED retry', 'FAILED'],
    ['no-roles', null, 'CONSENTED retry', 'FAILED'],
    ['missing-roles', null, 'CONSENTED retry', 'MISSING_PERMISSIONS'],
    ['unavailable', null, 'CONSENTED retry', 'FAILED'],
    // The partner's own credential says nothing of the tenant: it stays Consented.
    ['partner-credential', 7000222, 'CONSENTED retry', 'CONSENTED'],
  ];
  const show = ({ status, retry }: { status: string; retry: boolean }) => (retry ? `${status} retry` : status);

  it.each(TABLE)('%s (%s): within the window %s, after it %s', (verdict, code, within, after) => {
    const result = check(verdict, code);
    expect(show(nextStatus(tenant('CONSENTED', minutes(5)), result, 'verification', NOW))).toBe(within);
    expect(show(nextStatus(tenant('CONSENTED', minutes(-1)), result, 'verification', NOW))).toBe(after);
  });

  it('the window ends at verifyUntil exactly, and no window means it is over', () => {
    const noConsent = check('no-consent', 700016);
    expect(nextStatus(tenant('CONSENTED', new Date(NOW.getTime() + 1)), noConsent, 'verification', NOW)).toEqual({
      status: 'CONSENTED',
      retry: true,
    });
    expect(nextStatus(tenant('CONSENTED', NOW), noConsent, 'verification', NOW)).toEqual({
      status: 'FAILED',
      retry: false,
    });
    expect(nextStatus(tenant('CONSENTED', null), noConsent, 'verification', NOW)).toEqual({
      status: 'FAILED',
      retry: false,
    });
  });
});

describe('nextStatus: health checks and "Check now"', () => {
  const HAD_CONSENT: TenantStatus[] = ['CONNECTED', 'MISSING_PERMISSIONS', 'REVOKED'];
  const NEVER: TenantStatus[] = ['REGISTERED', 'INVITED', 'DECLINED', 'FAILED'];
  const health = (status: TenantStatus, verdict: Verdict, code: number | null = null) =>
    nextStatus(tenant(status, minutes(5)), check(verdict, code), 'health', NOW);

  it.each(HAD_CONSENT)('%s: losing consent or every role is a revocation', (status) => {
    expect(health(status, 'no-consent', 700016)).toEqual({ status: 'REVOKED', retry: false });
    expect(health(status, 'no-roles')).toEqual({ status: 'REVOKED', retry: false });
  });

  it('a consent left unsettled after its verification window is settled by the next check', () => {
    const unsettled = tenant('CONSENTED', minutes(-1));
    expect(nextStatus(unsettled, check('no-consent', 700016), 'health', NOW)).toEqual({
      status: 'FAILED',
      retry: false,
    });
    expect(nextStatus(unsettled, check('missing-roles'), 'health', NOW)).toEqual({
      status: 'MISSING_PERMISSIONS',
      retry: false,
    });
    expect(nextStatus(unsettled, check('partner-credential', 7000222), 'health', NOW)).toEqual({
      status: 'CONSENTED',
      retry: false,
    });
    // Within the window, "Check now" leaves a consent to its verification.
    expect(health('CONSENTED', 'no-consent', 700016)).toEqual({ status: 'CONSENTED', retry: false });
  });

  it.each(NEVER)('%s: no consent is not a revocation; the status stays', (status) => {
    expect(health(status, 'no-consent', 700016)).toEqual({ status, retry: false });
    expect(health(status, 'no-roles')).toEqual({ status, retry: false });
  });

  it.each([...HAD_CONSENT, ...NEVER, 'CONSENTED' as const])('%s: the other verdicts', (status) => {
    expect(health(status, 'connected')).toEqual({ status: 'CONNECTED', retry: false });
    expect(health(status, 'missing-roles')).toEqual({ status: 'MISSING_PERMISSIONS', retry: false });
    expect(health(status, 'wrong-tenant')).toEqual({ status: 'FAILED', retry: false });
    expect(health(status, 'not-provisioned', 500011)).toEqual({ status: 'FAILED', retry: false });
    // Nothing is known of the tenant: its status stays.
    expect(health(status, 'partner-credential', 7000215)).toEqual({ status, retry: false });
    expect(health(status, 'unavailable')).toEqual({ status, retry: false });
  });
});

describe('explainCheck', () => {
  it('nothing to explain when connected', () => {
    expect(explainCheck(check('connected'))).toBeNull();
  });

  it("a failing check's AADSTS code explains it", () => {
    expect(explainCheck(check('no-consent', 700016))).toEqual(explainAadsts(700016));
    expect(explainCheck(check('not-provisioned', 500011))).toEqual(explainAadsts(500011));
    expect(explainCheck(check('partner-credential', 7000222))).toEqual(explainAadsts(7000222));
    expect(explainCheck(check('unavailable', 53003))).toEqual(explainAadsts(53003));
  });

  it('an unknown code on an unavailable check reads as an outage, not as a reason to invite again', () => {
    expect(explainCheck(check('unavailable', 90033))?.title).toBe('Microsoft could not be reached');
  });

  it.each([
    ['wrong-tenant', 'Token for another tenant'],
    ['no-roles', 'No permissions granted'],
    ['missing-roles', 'Some permissions are missing'],
    ['unavailable', 'Microsoft could not be reached'],
    ['no-consent', 'Microsoft reported an error'],
  ] as const)('without a code, %s reads "%s"', (verdict, title) => {
    expect(explainCheck(check(verdict))?.title).toBe(title);
  });
});

describe('verificationBackoffSeconds', () => {
  it('doubles from 5 seconds up to one a minute', () => {
    expect([0, 1, 2, 3, 4, 5, 10, 100].map(verificationBackoffSeconds)).toEqual([5, 10, 20, 40, 60, 60, 60, 60]);
  });

  it('fits about a dozen attempts in the default 10-minute window', () => {
    let elapsed = 0;
    let attempts = 0;
    while (elapsed + verificationBackoffSeconds(attempts) <= 600) elapsed += verificationBackoffSeconds(attempts++);
    expect(attempts).toBe(12);
  });
});
