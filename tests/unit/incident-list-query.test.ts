import { describe, expect, it } from 'vitest';
import { defenderIncidentUrl } from '@/lib/alerts/defender-alert-url';
import type { Config } from '@/lib/config';
import { readIncidentDetails } from '@/lib/incidents/incident-details';
import {
  incidentFilterParams,
  incidentSeverityLabel,
  incidentStatusLabel,
  parseIncidentListQuery,
  spellings,
} from '@/lib/incidents/incident-list-query';

const TENANT = '0b3f1f6e-5b1c-4c4e-9a53-5b8f0d0f2a11';

describe('parseIncidentListQuery', () => {
  it('keeps known filters and a cursor, and resets unknown values', () => {
    const query = parseIncidentListQuery({
      tenant: TENANT.toUpperCase(),
      severity: 'High',
      status: ['InProgress', 'Resolved'],
      q: '  ransomware ',
      before: '1796033472345.12',
    });
    expect(query).toEqual({
      tenant: TENANT,
      severity: 'High',
      status: 'InProgress',
      q: 'ransomware',
      before: { lastUpdateTime: new Date(1796033472345), id: 12n },
      after: null,
    });
    expect(incidentFilterParams(query).toString()).toBe(
      `tenant=${TENANT}&severity=High&status=InProgress&q=ransomware`,
    );
    expect(parseIncidentListQuery({ tenant: 'x', severity: 'high', status: 'Open', after: '1.x' })).toEqual({
      tenant: undefined,
      severity: undefined,
      status: undefined,
      q: undefined,
      before: null,
      after: null,
    });
  });
});

describe('incident spellings and labels', () => {
  it('matches XDR’s PascalCase and Graph’s camelCase', () => {
    expect(spellings('InProgress')).toEqual(['InProgress', 'inProgress']);
    expect(spellings('High')).toEqual(['High', 'high']);
  });

  it('names a status in words whichever the spelling, and an unknown one as it came', () => {
    expect(incidentStatusLabel('inProgress')).toBe('In progress');
    expect(incidentStatusLabel('InProgress')).toBe('In progress');
    expect(incidentStatusLabel('redirected')).toBe('Merged');
    expect(incidentStatusLabel('unknownFutureValue')).toBe('unknownFutureValue');
    expect(incidentSeverityLabel('high')).toBe('High');
  });
});

describe('defenderIncidentUrl', () => {
  const config = { endpoints: { defenderPortalUrl: 'https://security.microsoft.us/' } } as Config;

  it("uses Graph's incidentWebUrl when it is http(s)", () => {
    expect(
      defenderIncidentUrl(config, {
        upstreamId: '7',
        tenantGuid: TENANT,
        webUrl: 'https://security.microsoft.com/incidents/7?tid=x',
      }),
    ).toBe('https://security.microsoft.com/incidents/7?tid=x');
  });

  it("builds the configured portal's link otherwise", () => {
    for (const webUrl of [null, 'javascript:alert(1)', 'not a url'])
      expect(defenderIncidentUrl(config, { upstreamId: '7', tenantGuid: TENANT, webUrl })).toBe(
        `https://security.microsoft.us/incidents/7?tid=${TENANT}`,
      );
  });
});

describe('readIncidentDetails', () => {
  it('reads XDR’s and Graph’s comment shapes, and drops what is malformed', () => {
    expect(
      readIncidentDetails({
        description: 7,
        comments: [
          { comment: 'xdr', createdBy: 'a@contoso.com', createdTime: '2026-11-01T00:00:00Z' },
          { comment: 'graph', createdByDisplayName: 'Sam', createdDateTime: 'not a time' },
          'junk',
        ],
      }),
    ).toEqual({
      description: null,
      summary: null,
      detectionSource: null,
      comments: [
        { text: 'xdr', by: 'a@contoso.com', at: new Date('2026-11-01T00:00:00Z') },
        { text: 'graph', by: 'Sam', at: null },
      ],
    });
    expect(readIncidentDetails(null)).toEqual({
      description: null,
      summary: null,
      detectionSource: null,
      comments: [],
    });
  });
});
