import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFENDER_TIME, TENANTS, call, expectGraphError, list, tokenFor } from './defender-support';
import { startTestSimulator, type TestSimulator } from './support/simulator';

type GraphAlert = Record<string, unknown> & {
  id: string;
  incidentId: string;
  status: string;
  serviceSource: string;
  detectionSource: string;
  createdDateTime: string;
  lastUpdateDateTime: string;
  evidence: Record<string, unknown>[];
};
type GraphIncident = Record<string, unknown> & {
  id: string;
  status: string;
  alerts?: GraphAlert[];
  lastUpdateDateTime: string;
};

let now = Date.UTC(2026, 4, 10, 12, 30);
let sim: TestSimulator;
let token: string;

beforeAll(async () => {
  sim = await startTestSimulator({ clock: () => now });
  token = await tokenFor(sim, 'graph', { tid: TENANTS.litware, lifetimeSeconds: 86_400 });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => {
  now += 61_000; // a fresh minute of Graph's 150 requests per app per tenant
});

const get = <T = GraphAlert>(path: string, headers: Record<string, string> = {}) =>
  list<T>(sim, `/graph/v1.0/security/${path}`, token, headers);
const camelCase = /^[a-z][A-Za-z0-9]*$/;

/** Follows `@odata.nextLink` to the end. */
async function follow(first: string) {
  const pages: GraphAlert[][] = [];
  const links: string[] = [];
  let url: string | undefined = `${sim.origin}/graph/v1.0/security/${first}`;
  while (url) {
    const response = await sim.request(url, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, response.text).toBe(200);
    const body = response.json<{ value: GraphAlert[]; '@odata.nextLink'?: string }>();
    pages.push(body.value);
    url = body['@odata.nextLink'];
    if (url) links.push(url);
  }
  return { pages, links, items: pages.flat() };
}

describe('GET /graph/v1.0/security/alerts_v2', () => {
  it('returns alerts with camelCase enums, string incident ids, portal URLs and typed evidence', async () => {
    const { body, value } = await get('alerts_v2?$top=50');
    expect(body['@odata.context']).toBe(`${sim.origin}/graph/v1.0/$metadata#security/alerts_v2`);
    expect(value).toHaveLength(50);
    for (const alert of value) {
      expect(alert['@odata.type']).toBe('#microsoft.graph.security.alert');
      expect(alert.providerAlertId).toBe(alert.id);
      expect(alert.incidentId).toMatch(/^\d+$/);
      expect(alert.tenantId).toBe(TENANTS.litware);
      for (const field of ['status', 'severity', 'classification', 'determination', 'serviceSource', 'detectionSource'])
        expect(alert[field], field).toMatch(camelCase);
      expect(alert.alertWebUrl).toBe(
        `${sim.origin}/portal/alerts/${encodeURIComponent(alert.id)}?tid=${TENANTS.litware}`,
      );
      expect(alert.incidentWebUrl).toBe(`${sim.origin}/portal/incidents/${alert.incidentId}?tid=${TENANTS.litware}`);
      for (const field of ['createdDateTime', 'lastUpdateDateTime', 'firstActivityDateTime', 'lastActivityDateTime'])
        expect(alert[field], field).toMatch(DEFENDER_TIME);
      for (const comment of alert.comments as Record<string, unknown>[])
        expect(Object.keys(comment)).toEqual(['comment', 'createdByDisplayName', 'createdDateTime']);
      for (const item of alert.evidence) {
        expect(item['@odata.type']).toMatch(/^#microsoft\.graph\.security\.[a-zA-Z]+Evidence$/);
        expect(item.createdDateTime).toMatch(DEFENDER_TIME);
        expect(['unknown', 'suspicious', 'malicious', 'noThreatsFound']).toContain(item.verdict);
      }
    }
    const device = value
      .flatMap((alert) => alert.evidence)
      .find((item) => item['@odata.type'] === '#microsoft.graph.security.deviceEvidence')!;
    expect(device.mdeDeviceId).toMatch(/^[0-9a-f]{40}$/);
    const file = value
      .flatMap((alert) => alert.evidence)
      .find((item) => item['@odata.type'] === '#microsoft.graph.security.fileEvidence');
    if (file)
      expect(Object.keys(file.fileDetails as object)).toEqual([
        'sha1',
        'sha256',
        'md5',
        'sha256Ac',
        'fileName',
        'filePath',
        'fileSize',
        'filePublisher',
        'signer',
        'issuer',
      ]);
    const times = value.map((alert) => Date.parse(alert.lastUpdateDateTime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("pages with @odata.nextLink on the simulator's origin ($skip, then $skiptoken past 500) until the last page", async () => {
    const { body } = await get('alerts_v2?$top=200&$count=true');
    const total = body['@odata.count'] as number;
    expect(total).toBeGreaterThan(1000);
    const { pages, links, items } = await follow(
      `alerts_v2?$top=200&$filter=${encodeURIComponent("status ne 'unknown'")}`,
    );
    expect(links[0]).toBe(
      `${sim.origin}/graph/v1.0/security/alerts_v2?$top=200&$filter=status%20ne%20'unknown'&$skip=200`,
    );
    expect(links.some((link) => link.includes('$skiptoken='))).toBe(true);
    expect(pages.slice(0, -1).every((page) => page.length === 200)).toBe(true);
    expect(items).toHaveLength(total);
    expect(new Set(items.map((alert) => alert.id)).size).toBe(total);
  });

  it('clamps $top at 1,000, refuses $skip over 500, counts with $count=true', async () => {
    const big = await get('alerts_v2?$top=5000');
    expect(big.value).toHaveLength(1000);
    expect(big.body['@odata.nextLink']).toMatch(/\$skip=1000|\$skiptoken=/);
    const noTop = await get('alerts_v2');
    expect(noTop.value).toHaveLength(1000);
    expect((await get('alerts_v2?$top=10&$skip=500')).value).toHaveLength(10);
    expectGraphError(await call(sim, '/graph/v1.0/security/alerts_v2?$skip=501', { token }), 400, 'BadRequest', /Skip/);
    const counted = await get(`alerts_v2?$count=true&$top=1&$filter=${encodeURIComponent("severity eq 'high'")}`);
    const all = (await follow(`alerts_v2?$filter=${encodeURIComponent("severity eq 'high'")}`)).items;
    expect(counted.body['@odata.count']).toBe(all.length);
    expect(Object.keys(counted.body)).toEqual(['@odata.context', '@odata.count', '@odata.nextLink', 'value']);
    expect((await get('alerts_v2?$top=2')).body['@odata.count']).toBeUndefined();
    const none = await get('alerts_v2?$top=0&$count=true');
    expect(none.value).toEqual([]);
    expect(none.body['@odata.nextLink']).toBeUndefined();
    expect(none.body['@odata.count']).toBe((await get('alerts_v2?$count=true&$top=1')).body['@odata.count']);
  });

  it('filters the documented fields with camelCase enum literals', async () => {
    const all = (await follow('alerts_v2')).items;
    const pivot = all[300]!.lastUpdateDateTime;
    const cases: [string, (alert: GraphAlert) => boolean][] = [
      ["status eq 'inProgress'", (alert) => alert.status === 'inProgress'],
      [
        "severity eq 'high' or severity eq 'medium'",
        (alert) => alert.severity === 'high' || alert.severity === 'medium',
      ],
      ["classification eq 'falsePositive'", (alert) => alert.classification === 'falsePositive'],
      ["determination ne 'unknown'", (alert) => alert.determination !== 'unknown'],
      [
        "serviceSource eq 'microsoftDefenderForCloudApps'",
        (alert) => alert.serviceSource === 'microsoftDefenderForCloudApps',
      ],
      ['assignedTo eq null', (alert) => alert.assignedTo === null],
      [`lastUpdateDateTime gt ${pivot}`, (alert) => Date.parse(alert.lastUpdateDateTime) > Date.parse(pivot)],
      [
        `createdDateTime le ${all[10]!.createdDateTime}`,
        (alert) => Date.parse(alert.createdDateTime) <= Date.parse(all[10]!.createdDateTime),
      ],
    ];
    for (const [filter, predicate] of cases) {
      const expected = all.filter(predicate).map((alert) => alert.id);
      expect(expected.length, filter).toBeGreaterThan(0);
      const got = (await follow(`alerts_v2?$filter=${encodeURIComponent(filter)}`)).items.map((alert) => alert.id);
      expect(got, filter).toEqual(expected);
    }
  });

  it('orders by createdDateTime or lastUpdateDateTime, ascending or descending', async () => {
    const asc = (await get('alerts_v2?$orderby=createdDateTime asc&$top=100')).value.map((alert) =>
      Date.parse(alert.createdDateTime),
    );
    expect([...asc].sort((a, b) => a - b)).toEqual(asc);
    const upd = (await get('alerts_v2?$orderby=lastUpdateDateTime asc&$top=100')).value.map((alert) =>
      Date.parse(alert.lastUpdateDateTime),
    );
    expect([...upd].sort((a, b) => a - b)).toEqual(upd);
    expectGraphError(await call(sim, '/graph/v1.0/security/alerts_v2?$orderby=title', { token }), 400, 'BadRequest');
  });

  it("answers 400 for investigationState and other invalid filters, in Graph's error shape", async () => {
    expectGraphError(
      await call(
        sim,
        `/graph/v1.0/security/alerts_v2?$filter=${encodeURIComponent("investigationState eq 'running'")}`,
        { token },
      ),
      400,
      'BadRequest',
      /^Invalid filter clause/,
    );
    expectGraphError(
      await call(sim, `/graph/v1.0/security/alerts_v2?$filter=${encodeURIComponent("severity eq 'severe'")}`, {
        token,
      }),
      400,
      'BadRequest',
      /not a valid enumeration/,
    );
    expectGraphError(
      await call(sim, `/graph/v1.0/security/alerts_v2?$filter=${encodeURIComponent("title eq 'x'")}`, { token }),
      400,
      'BadRequest',
      /cannot be used/,
    );
    const echoed = await call(sim, '/graph/v1.0/security/alerts_v2?$top=x', {
      token,
      headers: { 'client-request-id': 'my-correlation' },
    });
    expect(expectGraphError(echoed, 400, 'BadRequest').innerError['client-request-id']).toBe('my-correlation');
    expect(echoed.headers['client-request-id']).toBe('my-correlation');
  });

  it('hides evolvable enum members as unknownFutureValue unless Prefer: include-unknown-enum-members', async () => {
    const filter = `$filter=${encodeURIComponent("serviceSource eq 'microsoftSentinel'")}`;
    const hidden = await get(`alerts_v2?${filter}`);
    expect(hidden.value.length).toBeGreaterThan(0);
    for (const alert of hidden.value) {
      expect(alert.serviceSource).toBe('unknownFutureValue');
      expect(alert.detectionSource).toBe('unknownFutureValue');
    }
    expect(hidden.response.headers['preference-applied']).toBeUndefined();
    const shown = await get(`alerts_v2?${filter}`, { prefer: 'odata.maxpagesize=10, include-unknown-enum-members' });
    expect(shown.value.map((alert) => alert.id)).toEqual(hidden.value.map((alert) => alert.id));
    for (const alert of shown.value) {
      expect(alert.serviceSource).toBe('microsoftSentinel');
      expect(alert.detectionSource).toBe('scheduledAlerts');
    }
    expect(shown.response.headers['preference-applied']).toBe('include-unknown-enum-members');
    const remediation = (await follow('alerts_v2')).items.flatMap((alert) =>
      alert.evidence.map((item) => item.remediationStatus),
    );
    expect(remediation).toContain('unknownFutureValue');
    expect(remediation).not.toContain('pendingApproval');
  });

  it('projects $select', async () => {
    const { body, value } = await get('alerts_v2?$select=id,severity&$top=3');
    expect(body['@odata.context']).toBe(`${sim.origin}/graph/v1.0/$metadata#security/alerts_v2(id,severity)`);
    for (const alert of value) expect(Object.keys(alert)).toEqual(['id', 'severity']);
  });
});

describe('GET /graph/v1.0/security/incidents', () => {
  it('lists incidents with string ids, camelCase enums and $expand=alerts', async () => {
    const plain = await get<GraphIncident>('incidents?$top=20');
    for (const incident of plain.value) {
      expect(incident['@odata.type']).toBe('#microsoft.graph.security.incident');
      expect(incident.id).toMatch(/^\d+$/);
      expect(incident.alerts).toBeUndefined();
      expect(['active', 'resolved', 'inProgress', 'redirected']).toContain(incident.status);
      expect(incident.incidentWebUrl).toBe(`${sim.origin}/portal/incidents/${incident.id}?tid=${TENANTS.litware}`);
    }
    const expanded = await get<GraphIncident>('incidents?$top=20&$expand=alerts');
    expect(expanded.body['@odata.context']).toBe(`${sim.origin}/graph/v1.0/$metadata#security/incidents(alerts())`);
    expect(expanded.value.map((incident) => incident.id)).toEqual(plain.value.map((incident) => incident.id));
    for (const incident of expanded.value)
      for (const alert of incident.alerts!) expect(alert.incidentId).toBe(incident.id);
    expectGraphError(await call(sim, '/graph/v1.0/security/alerts_v2?$expand=evidence', { token }), 400, 'BadRequest');

    // $select does not drop an expanded navigation property (OData 4.0).
    const selected = await get<GraphIncident>('incidents?$top=20&$select=id,status&$expand=alerts');
    expect(selected.body['@odata.context']).toBe(
      `${sim.origin}/graph/v1.0/$metadata#security/incidents(id,status,alerts())`,
    );
    selected.value.forEach((incident, index) => {
      expect(Object.keys(incident)).toEqual(['id', 'status', 'alerts']);
      expect(incident.alerts!.map((alert) => alert.id)).toEqual(
        expanded.value[index]!.alerts!.map((alert) => alert.id),
      );
    });
  });

  it('filters on status and severity, 400 on the rest', async () => {
    const active = await get<GraphIncident>(
      `incidents?$filter=${encodeURIComponent("status eq 'active' and severity eq 'high'")}`,
    );
    expect(active.value.length).toBeGreaterThan(0);
    expect(active.value.every((incident) => incident.status === 'active' && incident.severity === 'high')).toBe(true);
    expectGraphError(
      await call(sim, `/graph/v1.0/security/incidents?$filter=${encodeURIComponent("displayName eq 'x'")}`, { token }),
      400,
      'BadRequest',
    );
  });

  it('needs SecurityIncident.* for incidents, and accepts it for alerts_v2 (the observed 403 message)', async () => {
    const alertsOnly = await tokenFor(sim, 'graph', { tid: TENANTS.litware, roles: ['SecurityAlert.Read.All'] });
    expectGraphError(
      await call(sim, '/graph/v1.0/security/incidents', { token: alertsOnly }),
      403,
      'Forbidden',
      'Missing application roles. API required roles: SecurityIncident.Read.All,SecurityIncident.ReadWrite.All, application roles: SecurityAlert.Read.All.',
    );
    const incidentsOnly = await tokenFor(sim, 'graph', { tid: TENANTS.litware, roles: ['SecurityIncident.Read.All'] });
    expect((await call(sim, '/graph/v1.0/security/alerts_v2?$top=1', { token: incidentsOnly })).status).toBe(200);
    const none = await tokenFor(sim, 'graph', { tid: TENANTS.litware, roles: [] });
    expectGraphError(
      await call(sim, '/graph/v1.0/security/alerts_v2', { token: none }),
      403,
      'Forbidden',
      'Missing application roles. API required roles: SecurityAlert.Read.All,SecurityAlert.ReadWrite.All,SecurityIncident.Read.All,SecurityIncident.ReadWrite.All, application roles: .',
    );
  });
});

describe('Graph writes', () => {
  it('PATCH alerts_v2/{id} updates status, classification, determination (both spellings) and owner', async () => {
    const [target] = (await get(`alerts_v2?$top=1&$filter=${encodeURIComponent("status eq 'new'")}`)).value;
    const response = await call(sim, `/graph/v1.0/security/alerts_v2/${target!.id}`, {
      token,
      method: 'PATCH',
      json: {
        status: 'resolved',
        classification: 'truePositive',
        determination: 'compromisedUser',
        assignedTo: 'graph@litware.onmicrosoft.com',
      },
    });
    expect(response.status, response.text).toBe(200);
    expect(response.json()).toMatchObject({
      id: target!.id,
      status: 'resolved',
      classification: 'truePositive',
      determination: 'compromisedAccount',
      assignedTo: 'graph@litware.onmicrosoft.com',
    });
    expect(Date.parse(response.json<GraphAlert>().lastUpdateDateTime)).toBe(now);
    const [newest] = (await get('alerts_v2?$top=1')).value;
    expect(newest!.id).toBe(target!.id);
    expectGraphError(
      await call(sim, `/graph/v1.0/security/alerts_v2/${target!.id}`, { token, method: 'PATCH', json: { title: 'x' } }),
      400,
      'BadRequest',
      /does not exist on type 'microsoft.graph.security.alert'/,
    );
    expectGraphError(
      await call(sim, `/graph/v1.0/security/alerts_v2/${target!.id}`, {
        token,
        method: 'PATCH',
        json: { status: 'resolved' },
        headers: { 'content-type': 'text/plain' },
      }),
      400,
      'BadRequest',
      /^Unable to read JSON request payload\. Please ensure Content-Type header is set/,
    );
    expectGraphError(await call(sim, '/graph/v1.0/security/alerts_v2/nope', { token }), 404, 'NotFound');
  });

  it('adds comments to alerts and incidents', async () => {
    const [alert] = (await get('alerts_v2?$top=1')).value;
    const response = await call(sim, `/graph/v1.0/security/alerts_v2/${alert!.id}/comments`, {
      token,
      method: 'POST',
      json: { '@odata.type': 'microsoft.graph.security.alertComment', comment: 'Looked at it' },
    });
    expect(response.status, response.text).toBe(200);
    expect(response.json<{ value: Record<string, unknown>[] }>().value.at(-1)).toMatchObject({
      comment: 'Looked at it',
      createdByDisplayName: 'Canopy',
    });
    const [incident] = (await get<GraphIncident>('incidents?$top=1')).value;
    const commented = await call(sim, `/graph/v1.0/security/incidents/${incident!.id}/comments`, {
      token,
      method: 'POST',
      json: { comment: 'On it' },
    });
    expect(commented.json<{ value: Record<string, unknown>[] }>().value.at(-1)).toMatchObject({ comment: 'On it' });
  });

  it('PATCH incidents/{id} changes status and customTags; GET one with $expand=alerts', async () => {
    const [incident] = (
      await get<GraphIncident>(`incidents?$top=1&$filter=${encodeURIComponent("status eq 'active'")}`)
    ).value;
    const response = await call(sim, `/graph/v1.0/security/incidents/${incident!.id}`, {
      token,
      method: 'PATCH',
      json: { status: 'inProgress', customTags: ['Demo'] },
    });
    expect(response.status, response.text).toBe(200);
    expect(response.json()).toMatchObject({ id: incident!.id, status: 'inProgress', customTags: ['Demo'] });
    const one = await call(sim, `/graph/v1.0/security/incidents/${incident!.id}?$expand=alerts`, { token });
    expect(one.json<GraphIncident>().alerts!.length).toBeGreaterThan(0);
    const xdr = await tokenFor(sim, 'xdr', { tid: TENANTS.litware });
    const same = await call(sim, `/xdr/api/incidents/${incident!.id}`, { token: xdr });
    expect(same.json()).toMatchObject({ status: 'InProgress', tags: ['Demo'] });
  });
});
