import { describe, expect, it } from 'vitest';
import {
  alertCreatedWindow,
  alertFilterParams,
  decodeAlertCursor,
  encodeAlertCursor,
  isAlertListFiltered,
  parseAlertListQuery,
} from '@/lib/alerts/alert-list-query';
import { rollupAnswers } from '@/lib/alerts/count-alerts';
import { defenderAlertUrl } from '@/lib/alerts/defender-alert-url';
import type { Config } from '@/lib/config';
import { formatAge } from '@/lib/alerts/sync-freshness';

const TENANT = '0b3f1f6e-5b1c-4c4e-9a53-5b8f0d0f2a11';
const AT = new Date('2026-11-30T10:11:12.345Z');

describe('alert cursors', () => {
  it('round-trip each sort key with milliseconds and a large id', () => {
    const id = 9_007_199_254_740_993n;
    expect(encodeAlertCursor({ sort: 'updated', time: AT, rank: 3, id })).toBe('u.1796033472345.9007199254740993');
    expect(encodeAlertCursor({ sort: 'created', time: AT, rank: 3, id })).toBe('c.1796033472345.9007199254740993');
    expect(encodeAlertCursor({ sort: 'severity', time: AT, rank: 3, id })).toBe('s.3.1796033472345.9007199254740993');
    for (const sort of ['updated', 'created', 'severity'] as const) {
      const cursor = { sort, time: AT, rank: sort === 'severity' ? 3 : 0, id };
      expect(decodeAlertCursor(encodeAlertCursor(cursor), sort)).toEqual(cursor);
    }
  });

  it("read another sort's cursor, or anything else, as no cursor", () => {
    expect(decodeAlertCursor('u.1.2', 'created')).toBeNull();
    expect(decodeAlertCursor('c.1.2', 'severity')).toBeNull();
    expect(decodeAlertCursor('s.4.1.2', 'updated')).toBeNull();
    expect(decodeAlertCursor('s.1.2', 'severity')).toBeNull();
    expect(decodeAlertCursor('u.4.1.2', 'updated')).toBeNull();
    expect(decodeAlertCursor('s.5.1.2', 'severity')).toBeNull();
    for (const value of [
      undefined,
      '',
      'abc',
      '1.2',
      'u.1.2.3',
      'u.-1.5',
      'u.1796033472345.',
      'u..5',
      `u.${'1'.repeat(16)}.1`,
      'u.1.1e3',
    ])
      expect(decodeAlertCursor(value, 'updated')).toBeNull();
  });
});

describe('parseAlertListQuery', () => {
  it('keeps valid filters, the sort and its cursor', () => {
    const query = parseAlertListQuery({
      tenant: TENANT.toUpperCase(),
      severity: 'High',
      status: 'InProgress',
      source: 'GRAPH',
      category: 'CommandAndControl',
      classification: 'Unclassified',
      range: '7d',
      q: '  laptop-7 ',
      sort: 'severity',
      before: 's.4.1796033472345.12',
    });
    expect(query).toEqual({
      tenant: TENANT,
      severity: 'High',
      status: 'InProgress',
      source: 'GRAPH',
      category: 'CommandAndControl',
      classification: 'Unclassified',
      range: '7d',
      from: undefined,
      to: undefined,
      q: 'laptop-7',
      sort: 'severity',
      before: { sort: 'severity', time: new Date(1796033472345), rank: 4, id: 12n },
      after: null,
    });
    expect(alertFilterParams(query).toString()).toBe(
      `tenant=${TENANT}&severity=High&status=InProgress&source=GRAPH&category=CommandAndControl&classification=Unclassified&range=7d&q=laptop-7&sort=severity`,
    );
  });

  it('resets each invalid value on its own, never throwing', () => {
    const query = parseAlertListQuery({
      tenant: "1' OR 1=1",
      severity: 'Critical',
      status: ['Resolved', 'New'],
      source: 'mde',
      category: "x'; DROP TABLE alert",
      classification: 'Maybe',
      range: '90d',
      q: 'x'.repeat(201),
      sort: 'title',
      before: 'nope',
      after: 'u.1796033472345.12',
    });
    expect(query).toEqual({
      tenant: undefined,
      severity: undefined,
      status: 'Resolved',
      source: undefined,
      category: undefined,
      classification: undefined,
      range: undefined,
      from: undefined,
      to: undefined,
      q: undefined,
      sort: 'updated',
      before: null,
      after: { sort: 'updated', time: new Date(1796033472345), rank: 0, id: 12n },
    });
    expect(alertFilterParams(query).toString()).toBe('status=Resolved');
    expect(isAlertListFiltered(parseAlertListQuery({ sort: 'created' }))).toBe(false);
  });

  it('drops a cursor written for another sort', () => {
    expect(parseAlertListQuery({ sort: 'created', before: 'u.1.1' }).before).toBeNull();
    expect(parseAlertListQuery({ sort: 'created', before: 'c.1.1' }).before).toEqual({
      sort: 'created',
      time: new Date(1),
      rank: 0,
      id: 1n,
    });
  });

  it('follows "before" when both cursors are given, and reads an empty search as none', () => {
    const query = parseAlertListQuery({ before: 'u.1.1', after: 'u.2.2', q: '   ' });
    expect(query.before).toEqual({ sort: 'updated', time: new Date(1), rank: 0, id: 1n });
    expect(query.after).toBeNull();
    expect(query.q).toBeUndefined();
  });

  it('reads days as a custom range, and resets impossible or reversed days', () => {
    expect(parseAlertListQuery({ from: '2026-11-01', to: '2026-11-03' })).toMatchObject({
      range: 'custom',
      from: '2026-11-01',
      to: '2026-11-03',
    });
    expect(parseAlertListQuery({ range: 'custom', from: '2026-02-30', to: '2026-11-03' })).toMatchObject({
      range: 'custom',
      from: undefined,
      to: '2026-11-03',
    });
    expect(parseAlertListQuery({ range: 'custom', from: '2026-11-04', to: '2026-11-03' })).toMatchObject({
      range: undefined,
      from: undefined,
      to: undefined,
    });
    expect(parseAlertListQuery({ range: 'custom', from: 'yesterday', to: '2026-13-01' }).range).toBeUndefined();
    expect(parseAlertListQuery({ range: '30d', from: '2026-11-01' })).toMatchObject({ range: '30d', from: undefined });
  });
});

describe('alertCreatedWindow', () => {
  it('gives 24 h to the millisecond and 7 d / 30 d as whole UTC days, today included', () => {
    expect(alertCreatedWindow({ range: '24h' }, AT)).toEqual({
      from: new Date('2026-11-29T10:11:12.345Z'),
      to: null,
    });
    expect(alertCreatedWindow({ range: '7d' }, AT)).toEqual({
      from: new Date('2026-11-24T00:00:00Z'),
      to: null,
    });
    expect(alertCreatedWindow({ range: '30d' }, AT)?.from).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect(alertCreatedWindow({}, AT)).toBeNull();
  });

  it('makes a custom range end after its last day', () => {
    expect(alertCreatedWindow({ range: 'custom', from: '2026-11-01', to: '2026-11-03' }, AT)).toEqual({
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-11-04T00:00:00Z'),
    });
    expect(alertCreatedWindow({ range: 'custom', to: '2026-11-03' }, AT)).toEqual({
      from: null,
      to: new Date('2026-11-04T00:00:00Z'),
    });
  });
});

describe('rollupAnswers', () => {
  it('holds for tenant, severity and whole-day ranges only', () => {
    for (const params of [
      {},
      { tenant: TENANT, severity: 'Low' },
      { range: '7d' },
      { range: '30d' },
      { from: '2026-11-01' },
    ])
      expect(rollupAnswers(parseAlertListQuery(params)), JSON.stringify(params)).toBe(true);
    for (const params of [
      { status: 'New' },
      { source: 'MDE' },
      { category: 'Malware' },
      { classification: 'FalsePositive' },
      { q: 'host' },
      { range: '24h' },
    ])
      expect(rollupAnswers(parseAlertListQuery(params)), JSON.stringify(params)).toBe(false);
    // The sort and the page do not change what is counted.
    expect(rollupAnswers(parseAlertListQuery({ sort: 'severity', before: 's.4.1.1' }))).toBe(true);
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
