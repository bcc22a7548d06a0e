import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFENDER_TIME, TENANTS, call, expectDefenderError, expectKeys, list, tokenFor } from './defender-support';
import { startTestSimulator, type TestSimulator } from './support/simulator';

type Incident = Record<string, unknown> & {
  incidentId: number;
  lastUpdateTime: string;
  createdTime: string;
  status: string;
  assignedTo: string | null;
  alerts: XdrAlert[];
};
type XdrAlert = Record<string, unknown> & {
  alertId: string;
  status: string;
  assignedTo: string | null;
  lastUpdatedTime: string;
};

const INCIDENT_KEYS = [
  'incidentId',
  'redirectIncidentId',
  'incidentName',
  'createdTime',
  'lastUpdateTime',
  'assignedTo',
  'classification',
  'determination',
  'status',
  'severity',
  'tags',
  'comments',
  'alerts',
];
const ALERT_KEYS = [
  'alertId',
  'incidentId',
  'serviceSource',
  'creationTime',
  'lastUpdatedTime',
  'resolvedTime',
  'firstActivity',
  'lastActivity',
  'title',
  'description',
  'category',
  'status',
  'severity',
  'investigationId',
  'investigationState',
  'classification',
  'determination',
  'detectionSource',
  'assignedTo',
  'actorName',
  'threatFamilyName',
  'mitreTechniques',
  'devices',
  'entities',
];
const DEVICE_KEYS = [
  'mdatpDeviceId',
  'aadDeviceId',
  'deviceDnsName',
  'osPlatform',
  'version',
  'osProcessor',
  'osBuild',
  'healthStatus',
  'riskScore',
  'rbacGroupName',
  'rbacGroupId',
  'firstSeen',
];
const ENTITY_KEYS = [
  'entityType',
  'sha1',
  'sha256',
  'fileName',
  'filePath',
  'processId',
  'processCommandLine',
  'processCreationTime',
  'parentProcessId',
  'parentProcessCreationTime',
  'ipAddress',
  'url',
  'accountName',
  'domainName',
  'userSid',
  'aadUserId',
  'userPrincipalName',
  'mailboxDisplayName',
  'mailboxAddress',
  'clusterBy',
  'sender',
  'recipient',
  'subject',
  'deliveryAction',
  'securityGroupId',
  'securityGroupName',
  'registryHive',
  'registryKey',
  'registryValueType',
  'registryValue',
  'deviceId',
];

let now = Date.UTC(2026, 4, 10, 12, 30);
let sim: TestSimulator;
let token: string;

beforeAll(async () => {
  sim = await startTestSimulator({ clock: () => now });
  token = await tokenFor(sim, 'xdr', { tid: TENANTS.litware, lifetimeSeconds: 86_400 });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => {
  now += 61_000; // a fresh rate-limit minute (list: 50 calls/min)
});

const incidents = async (query = '') =>
  (await list<Incident>(sim, `/xdr/api/incidents${query ? `?${query}` : ''}`, token)).value;
const ms = (iso: string) => Date.parse(iso);
const ids = (items: readonly Incident[]) => items.map((incident) => incident.incidentId);

/** Every incident, most recent first, paged through with $skip. */
async function everything(): Promise<Incident[]> {
  const out: Incident[] = [];
  for (let skip = 0; ; skip += 100) {
    const page = await incidents(`$top=100&$skip=${skip}`);
    out.push(...page);
    if (page.length < 100) return out;
  }
}

describe('GET /xdr/api/incidents', () => {
  it('answers the documented envelope, 100 per page by default, most recently updated first', async () => {
    const { body, value } = await list<Incident>(sim, '/xdr/api/incidents', token);
    expectKeys(body, ['@odata.context', 'value']);
    expect(body['@odata.context']).toBe('https://api.security.microsoft.com/api/$metadata#Incidents');
    expect(value).toHaveLength(100);
    const times = value.map((incident) => ms(incident.lastUpdateTime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('has the incident, alert, device and entity fields of the list example', async () => {
    const all = await everything();
    expect(all.length).toBeGreaterThan(300);
    for (const incident of all) {
      expectKeys(incident, INCIDENT_KEYS);
      expect(typeof incident.incidentId).toBe('number');
      expect(incident.createdTime).toMatch(DEFENDER_TIME);
      expect(['Active', 'Resolved', 'InProgress', 'Redirected']).toContain(incident.status);
      expect(['Unknown', 'TruePositive', 'FalsePositive', 'InformationalExpectedActivity']).toContain(
        incident.classification,
      );
      expect(incident.determination === 'NotAvailable' || typeof incident.determination === 'string').toBe(true);
      for (const alert of incident.alerts) {
        expectKeys(alert, ALERT_KEYS);
        expect(alert.incidentId).toBe(incident.incidentId);
        expect(alert.lastUpdatedTime).toMatch(DEFENDER_TIME);
        for (const device of alert.devices as Record<string, unknown>[]) {
          expectKeys(device, DEVICE_KEYS);
          expect(device.mdatpDeviceId).toMatch(/^[0-9a-f]{40}$/);
          expect(typeof device.osBuild).toBe('number');
          expect(typeof device.rbacGroupId).toBe('number');
        }
        for (const entity of alert.entities as Record<string, unknown>[]) expectKeys(entity, ENTITY_KEYS);
      }
    }
    const redirected = all.find((incident) => incident.status === 'Redirected');
    expect(redirected?.alerts).toEqual([]);
    expect(typeof redirected?.redirectIncidentId).toBe('number');
    const sources = new Set(all.flatMap((incident) => incident.alerts.map((alert) => alert.serviceSource)));
    expect([...sources]).toEqual(expect.arrayContaining(['MicrosoftDefenderATP', 'MicrosoftCloudAppSecurity']));
    const sizes = all.filter((incident) => incident.status !== 'Redirected').map((incident) => incident.alerts.length);
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(5);
  });

  it('filters on lastUpdateTime, createdTime, status and assignedTo', async () => {
    const all = await everything();
    const pivot = all[150]!;
    const cases: [string, (incident: Incident) => boolean][] = [
      [
        `lastUpdateTime ge ${pivot.lastUpdateTime}`,
        (incident) => ms(incident.lastUpdateTime) >= ms(pivot.lastUpdateTime),
      ],
      [`createdTime lt ${pivot.createdTime}`, (incident) => ms(incident.createdTime) < ms(pivot.createdTime)],
      ["status eq 'Active'", (incident) => incident.status === 'Active'],
      [
        "assignedTo eq null and status ne 'Redirected'",
        (incident) => incident.assignedTo === null && incident.status !== 'Redirected',
      ],
    ];
    for (const [filter, predicate] of cases) {
      const expected = ids(all.filter(predicate)).slice(0, 100);
      expect(expected.length, filter).toBeGreaterThan(0);
      expect(ids(await incidents(`$filter=${encodeURIComponent(filter)}`)), filter).toEqual(expected);
    }
  });

  it('refuses other filter fields, and $top above 100', async () => {
    expectDefenderError(
      await call(sim, `/xdr/api/incidents?$filter=${encodeURIComponent("severity eq 'High'")}`, { token }),
      400,
      'ODataError',
      /The property 'severity' cannot be used/,
    );
    expectDefenderError(
      await call(sim, `/xdr/api/incidents?$filter=${encodeURIComponent('incidentId eq 1')}`, { token }),
      400,
      'ODataError',
      /cannot be used/,
    );
    expectDefenderError(
      await call(sim, '/xdr/api/incidents?$top=101', { token }),
      400,
      'ODataError',
      "The limit of '100' for Top query has been exceeded. The value from the incoming request is '101'.",
    );
    expectDefenderError(
      await call(sim, '/xdr/api/incidents?$expand=alerts', { token }),
      400,
      'ODataError',
      /not supported/,
    );
    expect(await incidents('$top=5&$skip=3')).toHaveLength(5);
  });
});

describe('GET and PATCH /xdr/api/incidents/{id}', () => {
  it('gets one incident, 404 ResourceNotFound for unknown, 400 for a non-numeric id', async () => {
    const [first] = await incidents('$top=1');
    const one = await call(sim, `/xdr/api/incidents/${first!.incidentId}`, { token });
    expect(one.status).toBe(200);
    expectKeys(one.json(), ['@odata.context', ...INCIDENT_KEYS]);
    expectDefenderError(await call(sim, '/xdr/api/incidents/1', { token }), 404, 'ResourceNotFound');
    expectDefenderError(await call(sim, '/xdr/api/incidents/abc', { token }), 400, 'BadRequest');
  });

  it('PATCH resolves the incident and its alerts, assigns them, tags and comments; visible in MDE too', async () => {
    const target = (await incidents(`$filter=${encodeURIComponent("status eq 'Active'")}`)).find(
      (incident) => incident.alerts.length >= 2,
    )!;
    const response = await call(sim, `/xdr/api/incidents/${target.incidentId}`, {
      token,
      method: 'PATCH',
      json: {
        status: 'Resolved',
        assignedTo: 'lead@litware.onmicrosoft.com',
        classification: 'TruePositive',
        determination: 'Malware',
        tags: ['Ransomware'],
        comment: 'Contained',
      },
    });
    expect(response.status, response.text).toBe(200);
    const updated = response.json<Incident>();
    expect(updated).toMatchObject({
      status: 'Resolved',
      assignedTo: 'lead@litware.onmicrosoft.com',
      classification: 'TruePositive',
      determination: 'Malware',
      tags: ['Ransomware'],
    });
    expect(ms(updated.lastUpdateTime)).toBe(now);
    expect((updated.comments as Record<string, string>[]).at(-1)).toMatchObject({
      comment: 'Contained',
      createdBy: 'Canopy',
    });
    for (const alert of updated.alerts)
      expect(alert).toMatchObject({ status: 'Resolved', assignedTo: 'lead@litware.onmicrosoft.com' });

    const mde = await tokenFor(sim, 'mde', { tid: TENANTS.litware });
    const mdeAlerts = (
      await list<Record<string, unknown>>(sim, `/mde/api/alerts?$filter=incidentId eq ${target.incidentId}`, mde)
    ).value;
    expect(mdeAlerts.length).toBeGreaterThan(0);
    for (const alert of mdeAlerts)
      expect(alert).toMatchObject({ status: 'Resolved', assignedTo: 'lead@litware.onmicrosoft.com' });

    const [newest] = await incidents('$top=1');
    expect(newest!.incidentId).toBe(target.incidentId);
  });

  it('validates the PATCH body and needs Incident.ReadWrite.All', async () => {
    const [first] = await incidents('$top=1');
    const path = `/xdr/api/incidents/${first!.incidentId}`;
    for (const json of [
      { Status: 'Active' },
      { status: 'Closed' },
      { tags: 'x' },
      { classification: 'Unknown', determination: 'Malware' },
    ]) {
      expectDefenderError(await call(sim, path, { token, method: 'PATCH', json }), 400, 'InvalidRequestBody');
    }
    expectDefenderError(
      await call(sim, path, {
        token,
        method: 'PATCH',
        json: { status: 'Active' },
        headers: { 'content-type': 'text/plain' },
      }),
      400,
      'InvalidRequestBody',
      /Content-Type/,
    );
    const readOnly = await tokenFor(sim, 'xdr', { tid: TENANTS.litware, roles: ['Incident.Read.All'] });
    expectDefenderError(
      await call(sim, path, { token: readOnly, method: 'PATCH', json: { status: 'Active' } }),
      403,
      'Forbidden',
      /Incident\.ReadWrite\.All/,
    );
  });
});
