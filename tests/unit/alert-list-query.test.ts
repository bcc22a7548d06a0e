import { describe, expect, it } from 'vitest';
import {
  alertFilterParams,
  decodeAlertCursor,
  encodeAlertCursor,
  parseAlertListQuery,
} from '@/lib/alerts/alert-list-query';
import { defenderAlertUrl } from '@/lib/alerts/defender-alert-url';
import type { Config } from '@/lib/config';
import { formatAge } from '@/lib/alerts/sync-freshness';

const TENANT = '0b3f1f6e-5b1c-4c4e-9a53-5b8f0d0f2a11';

describe('alert cursors', () => {
  it('round-trip a time with milliseconds and a large id', () => {
    const cursor = { lastUpdateTime: new Date('2026-11-30T10:11:12.345Z'), id: 9_007_199_254_740_993n };
    const encoded = encodeAlertCursor(cursor);
    expect(encoded).toBe('1796033472345.9007199254740993');
    expect(decodeAlertCursor(encoded)).toEqual(cursor);
  });

  it('read anything else as no cursor', () => {
    for (const value of [undefined, '', 'abc', '1.2.3', '-1.5', '1796033472345.', '.5', '1'.repeat(16) + '.1', '1.1e3'])
      expect(decodeAlertCursor(value)).toBeNull();
  });
});

describe('parseAlertListQuery', () => {
  it('keeps valid filters and a cursor', () => {
    const query = parseAlertListQuery({
      tenant: TENANT.toUpperCase(),
      severity: 'High',
      status: 'InProgress',
      q: '  laptop-7 ',
      before: '1796033472345.12',
    });
    expect(query).toEqual({
      tenant: TENANT,
      severity: 'High',
      status: 'InProgress',
      q: 'laptop-7',
      before: { lastUpdateTime: new Date(1796033472345), id: 12n },
      after: null,
    });
    expect(alertFilterParams(query).toString()).toBe(`tenant=${TENANT}&severity=High&status=InProgress&q=laptop-7`);
  });

  it('resets each invalid value on its own, never throwing', () => {
    const query = parseAlertListQuery({
      tenant: "1' OR 1=1",
      severity: 'Critical',
      status: ['Resolved', 'New'],
      q: 'x'.repeat(201),
      before: 'nope',
      after: '1796033472345.12',
    });
    expect(query).toEqual({
      tenant: undefined,
      severity: undefined,
      status: 'Resolved',
      q: undefined,
      before: null,
      after: { lastUpdateTime: new Date(1796033472345), id: 12n },
    });
    expect(alertFilterParams(query).toString()).toBe('status=Resolved');
  });

  it('follows "before" when both cursors are given, and reads an empty search as none', () => {
    const query = parseAlertListQuery({ before: '1.1', after: '2.2', q: '   ' });
    expect(query.before).toEqual({ lastUpdateTime: new Date(1), id: 1n });
    expect(query.after).toBeNull();
    expect(query.q).toBeUndefined();
  });
});

describe('defenderAlertUrl', () => {
  const config = { endpoints: { defenderPortalUrl: 'https://security.microsoft.com/' } } as Config;
  const alert = { upstreamId: 'da637/1', tenantGuid: TENANT };

  it("uses Microsoft's own link when it is http(s)", () => {
    expect(defenderAlertUrl(config, { ...alert, alertWebUrl: 'https://security.microsoft.com/alerts/x?tid=1' })).toBe(
      'https://security.microsoft.com/alerts/x?tid=1',
    );
  });

  it('falls back to the portal for a missing, non-http or malformed link', () => {
    for (const alertWebUrl of [null, 'javascript:alert(1)', 'data:text/html,x', 'not a url', 42])
      expect(defenderAlertUrl(config, { ...alert, alertWebUrl })).toBe(
        `https://security.microsoft.com/alerts/da637%2F1?tid=${TENANT}`,
      );
  });
});

describe('formatAge', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  it.each([
    [40, '40 s'],
    [59, '59 s'],
    [60, '1 min'],
    [3599, '59 min'],
    [7200, '2 h'],
    [86_400, '1 day'],
    [3 * 86_400, '3 days'],
    [-5, '0 s'],
  ])('%i seconds ago reads %s', (seconds, text) => {
    expect(formatAge(new Date(now.getTime() - seconds * 1000), now)).toBe(text);
  });
});
