import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFENDER_TIME, TENANTS, call, expectDefenderError, expectKeys, list, tokenFor } from './defender-support';
import { startTestSimulator, type TestSimulator } from './support/simulator';

type Alert = Record<string, unknown> & {
  id: string;
  lastUpdateTime: string;
  status: string;
  incidentId: number;
  investigationId: number | null;
  assignedTo: string | null;
  category: string;
  detectionSource: string;
  alertCreationTime: string;
  lastEventTime: string;
};

const ALERT_KEYS = [
  'id',
  'incidentId',
  'investigationId',
  'assignedTo',
  'severity',
  'status',
  'classification',
  'determination',
  'investigationState',
  'detectionSource',
  'detectorId',
  'category',
  'threatFamilyName',
  'title',
  'description',
  'alertCreationTime',
  'firstEventTime',
  'lastEventTime',
  'lastUpdateTime',
  'resolvedTime',
  'machineId',
  'computerDnsName',
  'rbacGroupName',
  'aadTenantId',
  'threatName',
  'mitreTechniques',
  'relatedUser',
  'comments',
  'evidence',
];
const EVIDENCE_KEYS = [
  'entityType',
  'evidenceCreationTime',
  'sha1',
  'sha256',
  'fileName',
  'filePath',
  'processId',
  'processCommandLine',
  'processCreationTime',
  'parentProcessId',
  'parentProcessCreationTime',
  'parentProcessFileName',
  'parentProcessFilePath',
  'ipAddress',
  'url',
  'registryKey',
  'registryHive',
  'registryValueType',
  'registryValue',
  'accountName',
  'domainName',
  'userSid',
  'aadUserId',
  'userPrincipalName',
  'detectionStatus',
];
const CONTEXT = 'https://api.securitycenter.microsoft.com/api/$metadata#Alerts';

let now = Date.UTC(2026, 4, 10, 12, 30);
let sim: TestSimulator;
let token: string;
let all: Alert[];

beforeAll(async () => {
  sim = await startTestSimulator({ clock: () => now });
  token = await tokenFor(sim, 'mde', { lifetimeSeconds: 86_400 });
  all = (await list<Alert>(sim, '/mde/api/alerts', token)).value;
});
afterAll(async () => {
  await sim?.close();
});
// Each test starts in a fresh rate-limit minute (100 calls/min per tenant and app).
beforeEach(() => {
  now += 61_000;
});

const ids = (alerts: readonly Alert[]) => alerts.map((alert) => alert.id);
const alerts = async (query: string) => (await list<Alert>(sim, `/mde/api/alerts?${query}`, token)).value;
const ms = (iso: string) => Date.parse(iso);

describe('GET /mde/api/alerts', () => {
  it('answers the documented envelope with every alert field, evidence empty, and no nextLink', async () => {
    const { response, body, value } = await list<Alert>(sim, '/mde/api/alerts', token);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expectKeys(body, ['@odata.context', 'value']);
    expect(body['@odata.context']).toBe(CONTEXT);
    expect(value).toHaveLength(40); // the world's alertCount for Northwind
    for (const alert of value) {
      expectKeys(alert, ALERT_KEYS);
      expect(alert.id).toMatch(/^da\d{18}_-?\d+$/);
      expect(typeof alert.incidentId).toBe('number');
      expect(alert.investigationId === null || typeof alert.investigationId === 'number').toBe(true);
      expect(['Informational', 'Low', 'Medium', 'High']).toContain(alert.severity);
      expect(['New', 'InProgress', 'Resolved']).toContain(alert.status);
      for (const field of ['alertCreationTime', 'firstEventTime', 'lastEventTime', 'lastUpdateTime'])
        expect(alert[field], field).toMatch(DEFENDER_TIME);
      expect(alert.machineId).toMatch(/^[0-9a-f]{40}$/);
      expect(alert.computerDnsName).toMatch(/\.northwindtraders\.onmicrosoft\.com$/);
      expect(alert.aadTenantId).toBe(TENANTS.northwind);
      expect(Array.isArray(alert.mitreTechniques)).toBe(true);
      if (alert.relatedUser !== null) expectKeys(alert.relatedUser, ['userName', 'domainName']);
      for (const comment of alert.comments as Record<string, string>[]) {
        expectKeys(comment, ['comment', 'createdBy', 'createdTime']);
        expect(comment.createdTime).toMatch(DEFENDER_TIME);
      }
      expect(alert.evidence).toEqual([]);
    }
    expect(value.some((alert) => alert.alertCreationTime.split('.')[1]?.length === 8)).toBe(true); // seven digits + Z
  });

  it('answers gzip-compressed when the client accepts it, with the same page', async () => {
    const token = await tokenFor(sim, 'mde');
    const path = '/mde/api/alerts?$top=20&$expand=evidence';
    const plain = await call(sim, path, { token });
    const compressed = await call(sim, path, { token, headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.headers.vary).toBe('Accept-Encoding');
    expect(compressed.json()).toEqual(plain.json());
    expect(sim.services.requestLog.list({}).at(-1)).toMatchObject({ path: '/mde/api/alerts', contentEncoding: 'gzip' });
  });

  it('is ordered by lastUpdateTime, oldest first, and serves /api/v1.0/alerts the same way', async () => {
    const times = all.map((alert) => ms(alert.lastUpdateTime));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(ids((await list<Alert>(sim, '/mde/api/v1.0/alerts', token)).value)).toEqual(ids(all));
  });

  it('returns evidence with every documented field (null where it does not apply) on $expand=evidence', async () => {
    const expanded = await alerts('$expand=evidence');
    const items = expanded.flatMap((alert) => alert.evidence as Record<string, unknown>[]);
    expect(items.length).toBeGreaterThan(expanded.length);
    for (const item of items) {
      expectKeys(item, EVIDENCE_KEYS);
      expect(item.evidenceCreationTime).toMatch(DEFENDER_TIME);
    }
    const user = items.find((item) => item.entityType === 'User')!;
    expect(user.userPrincipalName).toMatch(/@northwindtraders\.onmicrosoft\.com$/);
    expect(user.sha1).toBeNull();
    const file = items.find((item) => item.entityType === 'File' || item.entityType === 'Process')!;
    expect(file.sha1).toMatch(/^[0-9a-f]{40}$/);
    expect(file.accountName).toBeNull();
  });

  it('pages with $top and $skip: a default of everything, 10,000 at most', async () => {
    expect(ids(await alerts('$top=7'))).toEqual(ids(all.slice(0, 7)));
    expect(ids(await alerts('$top=7&$skip=30'))).toEqual(ids(all.slice(30, 37)));
    expect(await alerts('$skip=40')).toEqual([]);
    expect(await alerts('$top=0')).toEqual([]);
    expect(await alerts('$top=10000')).toHaveLength(40);
    expectDefenderError(
      await call(sim, '/mde/api/alerts?$top=10001', { token }),
      400,
      'ODataError',
      "The limit of '10000' for Top query has been exceeded. The value from the incoming request is '10001'.",
    );
    expectDefenderError(
      await call(sim, '/mde/api/alerts?$top=-1', { token }),
      400,
      'ODataError',
      /\$top query option requires a non-negative integer/,
    );
    expectDefenderError(await call(sim, '/mde/api/alerts?$skip=x', { token }), 400, 'ODataError', /\$skip/);
    expectDefenderError(
      await call(sim, '/mde/api/alerts?$top=1&$top=2', { token }),
      400,
      'ODataError',
      /specified more than once/,
    );
    expectDefenderError(
      await call(sim, '/mde/api/alerts?$orderby=lastUpdateTime', { token }),
      400,
      'ODataError',
      /not supported/,
    );
    expectDefenderError(
      await call(sim, '/mde/api/alerts?$expand=machine', { token }),
      400,
      'ODataError',
      /Could not find a property named 'machine'/,
    );
  });
});

describe('$filter on /mde/api/alerts', () => {
  const pivot = () => all[20]!.lastUpdateTime;
  const where = (predicate: (alert: Alert) => boolean) => ids(all.filter(predicate));

  it('compares lastUpdateTime with every operator against an unquoted datetime', async () => {
    const p = ms(pivot());
    const cases: [string, (t: number) => boolean][] = [
      ['eq', (t) => t === p],
      ['ne', (t) => t !== p],
      ['gt', (t) => t > p],
      ['ge', (t) => t >= p],
      ['lt', (t) => t < p],
      ['le', (t) => t <= p],
    ];
    for (const [op, test] of cases) {
      const got = ids(await alerts(`$filter=lastUpdateTime ${op} ${pivot()}`));
      expect(got, op).toEqual(where((alert) => test(ms(alert.lastUpdateTime))));
      expect(got.length, op).toBeGreaterThan(0);
    }
  });

  it('accepts datetime literals with and without fractions, with offsets, with + as space in the URL', async () => {
    const base = new Date(ms(pivot()));
    base.setUTCMilliseconds(0);
    const iso = base.toISOString().slice(0, 19);
    const expected = where((alert) => ms(alert.lastUpdateTime) >= base.getTime());
    const shifted = new Date(base.getTime() + 2 * 3600_000).toISOString().slice(0, 19);
    for (const literal of [`${iso}Z`, `${iso}.0000000Z`, `${iso}.000Z`, `${shifted}%2B02:00`]) {
      expect(ids(await alerts(`$filter=lastUpdateTime ge ${literal}`)), literal).toEqual(expected);
    }
    expect(ids(await alerts(`$filter=lastUpdateTime+ge+${iso}Z`))).toEqual(expected);
  });

  it('filters every documented field', async () => {
    const sample = all.find((alert) => alert.investigationId !== null && alert.assignedTo !== null) ?? all[0]!;
    const cases: [string, (alert: Alert) => boolean][] = [
      ["status eq 'New'", (alert) => alert.status === 'New'],
      ["status ne 'Resolved'", (alert) => alert.status !== 'Resolved'],
      ["severity eq 'Medium'", (alert) => alert.severity === 'Medium'],
      [`category eq '${sample.category}'`, (alert) => alert.category === sample.category],
      [`detectionSource eq '${sample.detectionSource}'`, (alert) => alert.detectionSource === sample.detectionSource],
      ['assignedTo eq null', (alert) => alert.assignedTo === null],
      [`assignedTo eq '${sample.assignedTo}'`, (alert) => alert.assignedTo === sample.assignedTo],
      [`incidentId eq ${sample.incidentId}`, (alert) => alert.incidentId === sample.incidentId],
      [`investigationId eq ${sample.investigationId}`, (alert) => alert.investigationId === sample.investigationId],
      [`InvestigationId ne null`, (alert) => alert.investigationId !== null],
      [`id eq '${sample.id}'`, (alert) => alert.id === sample.id],
      [
        `alertCreationTime lt ${sample.alertCreationTime}`,
        (alert) => ms(alert.alertCreationTime) < ms(sample.alertCreationTime),
      ],
      [`lastEventTime ge ${sample.lastEventTime}`, (alert) => ms(alert.lastEventTime) >= ms(sample.lastEventTime)],
    ];
    for (const [filter, predicate] of cases) {
      const expected = where(predicate);
      expect(expected.length, filter).toBeGreaterThan(0);
      expect(ids(await alerts(`$filter=${encodeURIComponent(filter)}`)), filter).toEqual(expected);
    }
  });

  it('combines with and, or, not and parentheses', async () => {
    const filter = `(status eq 'New' or status eq 'InProgress') and not (severity eq 'Low') and lastUpdateTime ge ${all[5]!.lastUpdateTime}`;
    const expected = where(
      (alert) =>
        (alert.status === 'New' || alert.status === 'InProgress') &&
        alert.severity !== 'Low' &&
        ms(alert.lastUpdateTime) >= ms(all[5]!.lastUpdateTime),
    );
    expect(ids(await alerts(`$filter=${encodeURIComponent(filter)}&$top=3&$skip=1`))).toEqual(expected.slice(1, 4));
  });

  it("reads quoted strings with '' escaping", async () => {
    expect(await alerts(`$filter=${encodeURIComponent("assignedTo eq 'o''brien@example.com'")}`)).toEqual([]);
  });

  it('answers 400 ODataError for invalid filters', async () => {
    for (const [filter, message] of [
      ['status eq', /Expression expected/],
      ["title eq 'x'", /The property 'title' cannot be used in the \$filter query option/],
      ['nonsense eq 1', /Could not find a property named 'nonsense'/],
      ["lastUpdateTime ge '2026-01-01T00:00:00Z'", /incompatible types/],
      ["incidentId eq 'x'", /incompatible types/],
      ["status EQ 'New'", /lower case/],
      ["startswith(computerDnsName,'a')", /unknown function/],
    ] as const) {
      expectDefenderError(
        await call(sim, `/mde/api/alerts?$filter=${encodeURIComponent(filter)}`, { token }),
        400,
        'ODataError',
        message,
      );
    }
  });
});

describe('GET, PATCH and batchUpdate', () => {
  it('gets one alert, and answers 404 ResourceNotFound for an unknown id', async () => {
    const one = await call(sim, `/mde/api/alerts/${all[3]!.id}`, { token });
    expect(one.status).toBe(200);
    const body = one.json<Alert>();
    expect(body['@odata.context']).toBe(`${CONTEXT}/$entity`);
    expect(body.id).toBe(all[3]!.id);
    expectKeys(body, ['@odata.context', ...ALERT_KEYS]);
    expectDefenderError(await call(sim, '/mde/api/alerts/da000000000000000000_1', { token }), 404, 'ResourceNotFound');
  });

  it('PATCH changes status, owner, classification and adds a comment; lastUpdateTime moves to now', async () => {
    const target = all.find((alert) => alert.status === 'New')!;
    const response = await call(sim, `/mde/api/alerts/${target.id}`, {
      token,
      method: 'PATCH',
      json: {
        status: 'Resolved',
        assignedTo: 'secops@northwindtraders.onmicrosoft.com',
        classification: 'FalsePositive',
        determination: 'NotMalicious',
        comment: 'Known tool',
      },
    });
    expect(response.status, response.text).toBe(200);
    const updated = response.json<Alert>();
    expect(updated).toMatchObject({
      id: target.id,
      status: 'Resolved',
      assignedTo: 'secops@northwindtraders.onmicrosoft.com',
      classification: 'FalsePositive',
      determination: 'Clean',
    });
    expect(ms(updated.lastUpdateTime)).toBe(now);
    expect(ms(updated.resolvedTime as string)).toBe(now);
    expect((updated.comments as Record<string, string>[]).at(-1)).toMatchObject({
      comment: 'Known tool',
      createdBy: 'Canopy',
    });

    const since = new Date(now).toISOString();
    const recent = await alerts(`$filter=lastUpdateTime ge ${since}`);
    expect(ids(recent)).toEqual([target.id]);
    expect(recent[0]!.status).toBe('Resolved');
    all = (await list<Alert>(sim, '/mde/api/alerts', token)).value;
    expect(all.at(-1)!.id).toBe(target.id);
  });

  it('refuses wrong-case or unknown properties and bad values with 400 InvalidRequestBody', async () => {
    const id = all[0]!.id;
    for (const json of [
      { Status: 'Resolved' },
      { status: 'Closed' },
      { status: 'resolved' },
      { classification: 'Benign' },
      { foo: 1 },
      [1],
      { comment: '' },
    ]) {
      expectDefenderError(
        await call(sim, `/mde/api/alerts/${id}`, { token, method: 'PATCH', json }),
        400,
        'InvalidRequestBody',
      );
    }
    expectDefenderError(
      await call(sim, '/mde/api/alerts/da000000000000000000_1', { token, method: 'PATCH', json: { status: 'New' } }),
      404,
      'ResourceNotFound',
    );
    // A JSON body without a JSON Content-Type is not read (§D4), for PATCH and batchUpdate alike.
    const textPlain = { 'content-type': 'text/plain' };
    expectDefenderError(
      await call(sim, `/mde/api/alerts/${id}`, { token, method: 'PATCH', json: { status: 'New' }, headers: textPlain }),
      400,
      'InvalidRequestBody',
      /Content-Type/,
    );
    expectDefenderError(
      await call(sim, '/mde/api/alerts/batchUpdate', {
        token,
        method: 'POST',
        json: { alertIds: [id], status: 'New' },
        headers: textPlain,
      }),
      400,
      'InvalidRequestBody',
    );
    const json = { 'content-type': 'application/json; charset=utf-8' };
    const accepted = await call(sim, `/mde/api/alerts/${id}`, { token, method: 'PATCH', json: {}, headers: json });
    expect(accepted.status, accepted.text).toBe(200);
  });

  it('PATCH needs Alert.ReadWrite.All', async () => {
    const readOnly = await tokenFor(sim, 'mde', { roles: ['Alert.Read.All'] });
    expectDefenderError(
      await call(sim, `/mde/api/alerts/${all[0]!.id}`, {
        token: readOnly,
        method: 'PATCH',
        json: { status: 'InProgress' },
      }),
      403,
      'Forbidden',
      'The application does not have any of the required application permissions (Alert.ReadWrite.All) to access the resource.',
    );
  });

  it('batchUpdate answers 200 with an empty body and applies the change to every listed alert', async () => {
    const targets = all.filter((alert) => alert.status !== 'Resolved').slice(0, 3);
    const response = await call(sim, '/mde/api/alerts/batchUpdate', {
      token,
      method: 'POST',
      json: {
        alertIds: [...ids(targets), 'da000000000000000000_1'],
        status: 'InProgress',
        assignedTo: 'batch@northwindtraders.onmicrosoft.com',
      },
    });
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    const after = await alerts(
      `$filter=${encodeURIComponent("assignedTo eq 'batch@northwindtraders.onmicrosoft.com'")}`,
    );
    expect(ids(after).sort()).toEqual(ids(targets).sort());
    expect(after.every((alert) => alert.status === 'InProgress' && ms(alert.lastUpdateTime) === now)).toBe(true);
    expectDefenderError(
      await call(sim, '/mde/api/alerts/batchUpdate', { token, method: 'POST', json: { status: 'New' } }),
      400,
      'MissingRequiredParameter',
    );
  });
});

describe('tenant isolation', () => {
  it("serves each token only its own tenant's alerts", async () => {
    const litware = await tokenFor(sim, 'mde', { tid: TENANTS.litware });
    const theirs = (await list<Alert>(sim, '/mde/api/alerts?$top=10000', litware)).value;
    expect(theirs).toHaveLength(1000);
    expect(theirs.every((alert) => alert.aadTenantId === TENANTS.litware)).toBe(true);
    const mine = new Set(ids(all));
    expect(theirs.some((alert) => mine.has(alert.id))).toBe(false);
    expectDefenderError(await call(sim, `/mde/api/alerts/${all[0]!.id}`, { token: litware }), 404, 'ResourceNotFound');
    expectDefenderError(
      await call(sim, `/mde/api/alerts/${all[0]!.id}`, {
        token: litware,
        method: 'PATCH',
        json: { status: 'Resolved' },
      }),
      404,
      'ResourceNotFound',
    );
    expect(await alerts(`$filter=${encodeURIComponent(`id eq '${theirs[0]!.id}'`)}`)).toEqual([]);
  });
});
