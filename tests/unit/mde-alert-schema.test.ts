import { describe, expect, it } from 'vitest';
import { formatDefenderTime, normalizeDefenderTime } from '@/lib/defender/defender-time';
import { mdeAlertRow, parseAlertPage } from '@/lib/defender/mde-alert-schema';
import { retryAfterMs } from '@/lib/defender/defender-api-client';
import { alertsPageUrl } from '@/lib/defender/mde-alerts-feed';
import { SyncError } from '@/lib/defender/sync-error';

/** The list example of Microsoft's get-alerts page (reference §D3), with one evidence item. */
const DOC_ALERT = {
  id: 'da637308392288907382_-880718168',
  incidentId: 7587,
  investigationId: 723156,
  assignedTo: 'secop123@contoso.com',
  severity: 'Low',
  status: 'New',
  classification: 'TruePositive',
  determination: null,
  investigationState: 'Queued',
  detectionSource: 'WindowsDefenderAv',
  category: 'SuspiciousActivity',
  threatFamilyName: 'Meterpreter',
  title: "Suspicious 'Meterpreter' behavior was detected",
  description: 'Malware and unwanted software are undesirable applications …',
  alertCreationTime: '2020-07-20T10:53:48.7657932Z',
  firstEventTime: '2020-07-20T10:52:17.6654369Z',
  lastEventTime: '2020-07-20T10:52:18.1362905Z',
  lastUpdateTime: '2020-07-20T10:53:50.19Z',
  resolvedTime: null,
  machineId: '12ee6dd8c833c8a052ea231ec1b19adaf497b625',
  computerDnsName: 'temp123.middleeast.corp.microsoft.com',
  rbacGroupName: 'MiddleEast',
  aadTenantId: 'a839b112-1253-6432-9bf6-94542403f21c',
  threatName: null,
  mitreTechniques: ['T1064', 'T1085', 'T1220'],
  relatedUser: { userName: 'temp123', domainName: 'DOMAIN' },
  comments: [
    {
      comment: 'test comment for docs',
      createdBy: 'secop123@contoso.com',
      createdTime: '2020-07-21T01:00:37.8404534Z',
    },
  ],
  evidence: [
    {
      entityType: 'File',
      evidenceCreationTime: '2020-07-20T10:53:49.38Z',
      sha1: 'ff836cfb1af40252bd2a2ea843032e99a5b262ed',
      sha256: 'a4ed6d9c1a5a93b5ef7c7c3d8a2fd6b4f9c2e4aa32d8f1ac3e1b71c4cd3a7a11',
      fileName: 'meterpreter.exe',
      filePath: 'C:\\Users\\temp123\\Downloads',
      processId: null,
      processCommandLine: null,
      processCreationTime: null,
      parentProcessId: null,
      parentProcessCreationTime: null,
      parentProcessFileName: null,
      parentProcessFilePath: null,
      ipAddress: null,
      url: null,
      registryKey: null,
      registryHive: null,
      registryValueType: null,
      registryValue: null,
      accountName: null,
      domainName: null,
      userSid: null,
      aadUserId: null,
      userPrincipalName: null,
      detectionStatus: 'Detected',
    },
  ],
};

describe('Defender times', () => {
  it('normalises to UTC with seven fraction digits, so text order is time order', () => {
    expect(normalizeDefenderTime('2020-07-20T10:53:50.19Z')).toBe('2020-07-20T10:53:50.1900000Z');
    expect(normalizeDefenderTime('2020-07-20T10:53:48.7657932Z')).toBe('2020-07-20T10:53:48.7657932Z');
    expect(normalizeDefenderTime('2020-07-20T10:53:48Z')).toBe('2020-07-20T10:53:48.0000000Z');
    expect(normalizeDefenderTime('2020-07-20T12:53:48.5+02:00')).toBe('2020-07-20T10:53:48.5000000Z');
    expect(normalizeDefenderTime('2020-02-29T23:30:00-01:00')).toBe('2020-03-01T00:30:00.0000000Z');
    expect(normalizeDefenderTime('2000-02-29T00:00:00Z')).toBe('2000-02-29T00:00:00.0000000Z');
    expect(normalizeDefenderTime('2020-07-20T10:53:50.19Z')! > normalizeDefenderTime('2020-07-20T10:53:50.1Z')!).toBe(
      true,
    );
    expect(formatDefenderTime(new Date('2020-07-20T10:53:50.190Z'))).toBe('2020-07-20T10:53:50.1900000Z');
  });

  it('refuses what is not a DateTimeOffset, impossible dates included', () => {
    for (const value of [
      'soon',
      '2020-07-20',
      '2020-07-20 10:53:50Z',
      '2020-02-30T00:00:00Z',
      '2021-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2020-04-31T00:00:00Z',
      '2020-13-01T00:00:00Z',
      '2020-00-10T00:00:00Z',
      '2020-07-00T00:00:00Z',
      '2020-07-20T24:00:00Z',
      '2020-07-20T10:60:00Z',
      '2020-07-20T10:53:60Z',
      '2020-07-20T10:53:50+24:00',
      '2020-07-20T10:53:50.12345678Z',
    ])
      expect(normalizeDefenderTime(value), value).toBeNull();
  });
});

describe('parseAlertPage (validation at the boundary)', () => {
  it("reads Microsoft's documented alert into the row Canopy stores, the whole alert as payload", () => {
    const [item] = parseAlertPage({ '@odata.context': 'x', value: [DOC_ALERT] });
    expect(item!.problem).toBeNull();
    const row = mdeAlertRow(item!.alert!);
    expect(row).toMatchObject({
      source: 'MDE',
      upstreamId: DOC_ALERT.id,
      severity: 'Low',
      severityRank: 2,
      status: 'New',
      classification: 'TruePositive',
      determination: null,
      detectionSource: 'WindowsDefenderAv',
      serviceSource: null,
      assignedTo: 'secop123@contoso.com',
      computerDnsName: 'temp123.middleeast.corp.microsoft.com',
      relatedUser: 'DOMAIN\\temp123',
      incidentId: '7587',
      mitreTechniques: ['T1064', 'T1085', 'T1220'],
    });
    expect(row.lastUpdateTime.toISOString()).toBe('2020-07-20T10:53:50.190Z');
    expect(row.alertCreationTime.toISOString()).toBe('2020-07-20T10:53:48.765Z');
    expect(row.firstActivity?.toISOString()).toBe('2020-07-20T10:52:17.665Z');
    expect(row.resolvedTime).toBeNull();
    expect(row.payload).toMatchObject({
      lastUpdateTime: '2020-07-20T10:53:50.1900000Z',
      evidence: [{ entityType: 'File', sha1: DOC_ALERT.evidence[0]!.sha1, fileName: 'meterpreter.exe' }],
      comments: [{ comment: 'test comment for docs', createdTime: '2020-07-21T01:00:37.8404534Z' }],
    });
  });

  it('keeps enum values it does not know, as they came', () => {
    const [item] = parseAlertPage({
      value: [{ ...DOC_ALERT, severity: 'Critical', status: 'Dismissed', determination: 'SomethingNew' }],
    });
    const row = mdeAlertRow(item!.alert!);
    expect(row).toMatchObject({
      severity: 'Critical',
      severityRank: 0,
      status: 'Dismissed',
      determination: 'SomethingNew',
    });
  });

  it("reads both shapes where Microsoft's documentation contradicts itself (§I2), and absent optional fields", () => {
    const { evidence: _evidence, comments: _comments, determination: _determination, ...bare } = DOC_ALERT;
    const [item] = parseAlertPage({
      value: [
        {
          ...bare,
          mitreTechniques: 'T1064',
          relatedUser: 'temp123',
          comments: [{ comment: 'old spelling', createdBy: 'x', createTime: '2020-07-21T01:00:37Z' }],
        },
      ],
    });
    expect(item!.problem).toBeNull();
    expect(item!.alert).toMatchObject({
      mitreTechniques: ['T1064'],
      relatedUser: { userName: 'temp123', domainName: null },
      comments: [{ comment: 'old spelling', createdTime: '2020-07-21T01:00:37.0000000Z' }],
      determination: null,
      evidence: [],
    });
    expect(mdeAlertRow(item!.alert!).relatedUser).toBe('temp123');
  });

  it('skips malformed items one by one, saying which field (never its value), and keeps their place', () => {
    const items = parseAlertPage({
      value: [
        { ...DOC_ALERT, id: 'ok' },
        { ...DOC_ALERT, id: 'bad-time', lastUpdateTime: 'soon' },
        { ...DOC_ALERT, id: 'bad-title', title: 42 },
        { ...DOC_ALERT, id: 'bad-evidence', evidence: [{ entityType: 'File', processId: 'x' }] },
        'not an object',
        { ...DOC_ALERT, id: 'ok-2' },
      ],
    });
    expect(items.map((item) => item.alert?.id ?? null)).toEqual(['ok', null, null, null, null, 'ok-2']);
    expect(items[1]).toMatchObject({
      key: { id: 'bad-time', lastUpdateTime: null },
      problem: expect.stringMatching(/^lastUpdateTime: /),
    });
    expect(items[2]!.problem).toMatch(/^title: /);
    expect(items[2]!.key.lastUpdateTime).toBe('2020-07-20T10:53:50.1900000Z');
    expect(items[3]!.problem).toMatch(/^evidence\.0\.processId: /);
    expect(items[4]!.key).toEqual({ id: null, lastUpdateTime: null });
    expect(items.map((item) => item.problem).join(' ')).not.toContain('soon');
  });

  it('fails the run with a clear error when the answer is not a page', () => {
    for (const body of [null, [], { value: 'x' }, { error: { code: 'x' } }]) {
      expect(() => parseAlertPage(body)).toThrow(SyncError);
      expect(() => parseAlertPage(body)).toThrow(/no "value" array/);
    }
  });
});

describe('the list request', () => {
  it('filters by lastUpdateTime, pages with $top/$skip, expands evidence, and sends no $orderby', () => {
    const url = new URL(
      alertsPageUrl('https://api.security.microsoft.com', {
        since: '2026-01-01T00:00:00.1234567Z',
        skip: 20,
        top: 1000,
      }),
    );
    expect(url.pathname).toBe('/api/alerts');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      $filter: 'lastUpdateTime ge 2026-01-01T00:00:00.1234567Z',
      $top: '1000',
      $skip: '20',
      $expand: 'evidence',
    });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});
