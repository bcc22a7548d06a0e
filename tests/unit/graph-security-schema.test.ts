import { describe, expect, it } from 'vitest';
import {
  graphAlertRow,
  graphAlertSchema,
  graphIncidentRow,
  graphIncidentSchema,
} from '@/lib/defender/graph-security-schema';

const ALERT = {
  '@odata.type': '#microsoft.graph.security.alert',
  id: 'da637551227677560813_-961444813',
  incidentId: '28282',
  status: 'inProgress',
  severity: 'high',
  classification: 'truePositive',
  determination: 'compromisedAccount',
  serviceSource: 'microsoftDefenderForEndpoint',
  detectionSource: 'antivirus',
  title: 'Suspicious execution of hidden file',
  category: 'DefenseEvasion',
  assignedTo: null,
  alertWebUrl: 'https://security.microsoft.com/alerts/da637551227677560813_-961444813?tid=b3c1b5fc',
  mitreTechniques: ['T1564.001'],
  createdDateTime: '2021-04-27T12:52:47.6588362Z',
  lastUpdateDateTime: '2021-05-02T14:19:01.3266667Z',
  resolvedDateTime: null,
  firstActivityDateTime: '2021-04-26T07:45:50.116Z',
  lastActivityDateTime: '2021-05-02T07:56:58.222Z',
  comments: [],
  evidence: [
    {
      '@odata.type': '#microsoft.graph.security.deviceEvidence',
      mdeDeviceId: '73e7e2de709dff64ef64b1d0c30e67fab63279db',
      deviceDnsName: 'tempDns',
    },
    {
      '@odata.type': '#microsoft.graph.security.userEvidence',
      userAccount: { accountName: 'user1', domainName: 'DOMAIN1' },
    },
  ],
};

const row = (changes: object) => {
  const raw = { ...ALERT, ...changes };
  return graphAlertRow(graphAlertSchema.parse(raw), raw);
};

describe('a Graph alert as Canopy stores it', () => {
  it("uses Defender's spelling of documented members in the columns and keeps the wire item as payload", () => {
    const stored = row({});
    expect(stored).toMatchObject({
      source: 'GRAPH',
      status: 'InProgress',
      severity: 'High',
      severityRank: 4,
      classification: 'TruePositive',
      determination: 'CompromisedUser',
      machineId: '73e7e2de709dff64ef64b1d0c30e67fab63279db',
      computerDnsName: 'tempDns',
      relatedUser: 'DOMAIN1\\user1',
      incidentId: '28282',
    });
    expect(stored.payload).toEqual(ALERT);
    expect(stored.lastUpdateTime.toISOString()).toBe('2021-05-02T14:19:01.326Z');
  });

  it('reads both determination spellings (§E5), "unknown" as not set, and keeps what it does not know', () => {
    expect(row({ determination: 'compromisedUser' }).determination).toBe('CompromisedUser');
    expect(row({ determination: 'notMalicious' }).determination).toBe('Clean');
    expect(row({ determination: 'clean' }).determination).toBe('Clean');
    expect(row({ determination: 'unknown', classification: 'unknown' })).toMatchObject({
      determination: null,
      classification: null,
    });
    expect(row({ severity: 'unknown' }).severity).toBe('UnSpecified');
    expect(row({ status: 'unknownFutureValue', severity: 'critical', determination: 'somethingNew' })).toMatchObject({
      status: 'unknownFutureValue',
      severity: 'critical',
      severityRank: 0,
      determination: 'somethingNew',
    });
    // Inherited names are not members.
    expect(row({ status: 'constructor' }).status).toBe('constructor');
  });

  it('an incident: XDR spellings, an evolvable status as it came', () => {
    const raw = {
      id: '2972395',
      displayName: 'Multi-stage incident',
      incidentWebUrl: 'https://security.microsoft.com/incidents/2972395?tid=x',
      redirectIncidentId: null,
      createdDateTime: '2021-08-13T08:43:35.5533333Z',
      lastUpdateDateTime: '2021-09-30T09:35:45.1133333Z',
      assignedTo: 'KaiC@contoso.onmicrosoft.com',
      classification: 'unknown',
      determination: 'unknown',
      status: 'awaitingAction',
      severity: 'medium',
      customTags: ['Demo'],
      systemTags: ['Defender Experts'],
      alerts: [{ id: 'x' }],
    };
    const stored = graphIncidentRow(graphIncidentSchema.parse(raw), raw);
    expect(stored).toMatchObject({
      source: 'GRAPH',
      upstreamId: '2972395',
      status: 'awaitingAction',
      severity: 'Medium',
      classification: 'Unknown',
      determination: 'NotAvailable',
      tags: ['Demo', 'Defender Experts'],
      webUrl: raw.incidentWebUrl,
      alertCount: 0,
    });
    expect(stored.payload).not.toHaveProperty('alerts');
  });
});
