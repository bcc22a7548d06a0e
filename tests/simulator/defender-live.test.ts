import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyLiveRate, parseLiveRate } from '../../simulator/defender/cli-options';
import { TENANTS, list, tokenFor } from './defender-support';
import { startTestSimulator, type TestSimulator } from './support/simulator';

type Alert = {
  id: string;
  lastUpdateTime: string;
  alertCreationTime: string;
  status: string;
  incidentId: number;
  assignedTo: string | null;
  severity: string;
};

const START = Date.UTC(2026, 4, 10, 12, 30);
let now = START;
let sim: TestSimulator;
let mde: string;

beforeAll(async () => {
  sim = await startTestSimulator({ clock: () => now });
  mde = await tokenFor(sim, 'mde', { lifetimeSeconds: 7 * 86_400 });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  now += 3_600_000;
  expect((await sim.control('POST', '/reset')).status).toBe(200);
});

const mdeAlerts = async (token = mde) => (await list<Alert>(sim, '/mde/api/alerts', token)).value;
const ms = (iso: string) => Date.parse(iso);

describe('live mode', () => {
  it('is off by default: time passes, nothing changes', async () => {
    const before = await mdeAlerts();
    now += 30 * 60_000;
    expect(await mdeAlerts()).toEqual(before);
  });

  it('brings new alerts and moves open ones on as the clock advances, incidents included', async () => {
    const graph = await tokenFor(sim, 'graph', { lifetimeSeconds: 7 * 86_400 });
    const xdr = await tokenFor(sim, 'xdr', { lifetimeSeconds: 7 * 86_400 });
    const countAll = async () =>
      (await list(sim, '/graph/v1.0/security/alerts_v2?$count=true&$top=1', graph)).body['@odata.count'] as number;
    const before = await mdeAlerts();
    const totalBefore = await countAll();
    const started = now;

    expect((await sim.control('PUT', '/defender/live', { ratePerMinute: 6 })).json()).toEqual({ ratePerMinute: 6 });
    now += 5 * 60_000; // 30 events: 30 new alerts, 30 changes

    expect(await countAll()).toBe(totalBefore + 30);
    const after = await mdeAlerts();
    const old = new Map(before.map((alert) => [alert.id, alert]));
    const arrived = after.filter((alert) => !old.has(alert.id));
    expect(arrived.length).toBeGreaterThan(20); // the endpoint share of the 30
    for (const alert of arrived) {
      expect(ms(alert.alertCreationTime)).toBeGreaterThan(started);
      expect(ms(alert.alertCreationTime)).toBeLessThanOrEqual(now);
    }
    const changed = after.filter(
      (alert) => old.has(alert.id) && old.get(alert.id)!.lastUpdateTime !== alert.lastUpdateTime,
    );
    expect(changed.length).toBeGreaterThan(3); // the other changes hit alerts that arrived meanwhile
    for (const alert of changed) {
      const was = old.get(alert.id)!;
      expect(ms(alert.lastUpdateTime)).toBeGreaterThan(started);
      expect(alert.status !== was.status || alert.assignedTo !== was.assignedTo).toBe(true);
    }
    // The events land in the XDR incidents too: the newest incidents contain them.
    const incidents = (
      await list<{ incidentId: number; lastUpdateTime: string; alerts: { alertId: string }[] }>(
        sim,
        `/xdr/api/incidents?$filter=lastUpdateTime gt ${new Date(started).toISOString()}`,
        xdr,
      )
    ).value;
    const inIncidents = new Set(incidents.flatMap((incident) => incident.alerts.map((alert) => alert.alertId)));
    for (const alert of [...arrived, ...changed]) expect(inIncidents.has(alert.id), alert.id).toBe(true);

    // A poller asking for "changed since" sees exactly what moved.
    const since = (
      await list<Alert>(sim, `/mde/api/alerts?$filter=lastUpdateTime gt ${new Date(started).toISOString()}`, mde)
    ).value;
    expect(since.map((alert) => alert.id).sort()).toEqual([...arrived, ...changed].map((alert) => alert.id).sort());
  });

  it('can be set per tenant', async () => {
    const litware = await tokenFor(sim, 'mde', { tid: TENANTS.litware, lifetimeSeconds: 7 * 86_400 });
    const northwindBefore = (await mdeAlerts()).length;
    const litwareBefore = (await mdeAlerts(litware)).length;
    await sim.control('PUT', '/defender/live', { ratePerMinute: 4 });
    await sim.control('PUT', `/defender/tenants/${TENANTS.litware}/live`, { ratePerMinute: 0 });
    now += 10 * 60_000;
    expect((await mdeAlerts(litware)).length).toBe(litwareBefore);
    expect((await mdeAlerts()).length).toBeGreaterThan(northwindBefore + 25);
    const summary = (await sim.control('GET', `/defender/tenants/${TENANTS.northwind}`)).json<
      Record<string, unknown>
    >();
    expect(summary).toMatchObject({ tenantId: TENANTS.northwind, liveRatePerMinute: 4, liveEventsApplied: 40 });
  });

  it('is reproducible: two simulators started on the same clock produce the same alerts, live ones included', async () => {
    let clock = Date.UTC(2026, 6, 1, 9, 15);
    const [a, b] = await Promise.all([
      startTestSimulator({ clock: () => clock }),
      startTestSimulator({ clock: () => clock }),
    ]);
    try {
      const [tokenA, tokenB] = await Promise.all([tokenFor(a, 'mde'), tokenFor(b, 'mde')]);
      const listA = async () => (await list<Alert>(a, '/mde/api/alerts', tokenA)).value;
      const listB = async () => (await list<Alert>(b, '/mde/api/alerts', tokenB)).value;
      expect(await listB()).toEqual(await listA());
      await a.control('PUT', '/defender/live', { ratePerMinute: 3 });
      await b.control('PUT', '/defender/live', { ratePerMinute: 3 });
      clock += 7 * 60_000;
      const live = await listA();
      expect(live.length).toBeGreaterThan(40);
      expect(await listB()).toEqual(live);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('Defender control API', () => {
  it('adds alerts, changes them, and resets to the generated state', async () => {
    const original = await mdeAlerts();
    const added = await sim.control('POST', `/defender/tenants/${TENANTS.northwind}/alerts`, {
      count: 2,
      source: 'endpoint',
      severity: 'High',
      changes: { status: 'InProgress', assignedTo: 'tester@northwindtraders.onmicrosoft.com' },
    });
    expect(added.status, added.text).toBe(201);
    const created = added.json<{ alerts: Alert[] }>().alerts;
    expect(created).toHaveLength(2);
    const listed = await mdeAlerts();
    expect(
      listed
        .slice(-2)
        .map((alert) => alert.id)
        .sort(),
    ).toEqual(created.map((alert) => alert.id).sort());
    for (const alert of listed.slice(-2)) {
      expect(alert).toMatchObject({
        severity: 'High',
        status: 'InProgress',
        assignedTo: 'tester@northwindtraders.onmicrosoft.com',
      });
      expect(ms(alert.lastUpdateTime)).toBe(now);
    }

    now += 1000;
    const patched = await sim.control(
      'PATCH',
      `/defender/tenants/northwindtraders.onmicrosoft.com/alerts/${original[0]!.id}`,
      { severity: 'Informational', status: 'Resolved' },
    );
    expect(patched.status, patched.text).toBe(200);
    expect((await mdeAlerts()).at(-1)).toMatchObject({
      id: original[0]!.id,
      severity: 'Informational',
      status: 'Resolved',
    });

    expect(
      (await sim.control('PATCH', `/defender/tenants/${TENANTS.northwind}/alerts/nope`, { status: 'New' })).status,
    ).toBe(404);
    expect((await sim.control('POST', `/defender/tenants/${TENANTS.northwind}/alerts`, { count: 0 })).status).toBe(400);
    expect((await sim.control('PUT', '/defender/live', { ratePerMinute: -1 })).status).toBe(400);

    const state = (await sim.control('GET', '/state')).json<{ defender: Record<string, unknown> }>();
    expect(state.defender).toMatchObject({ liveRatePerMinute: 0, faults: {} });

    expect((await sim.control('POST', `/defender/tenants/${TENANTS.northwind}/reset`)).status).toBe(200);
    expect(await mdeAlerts()).toEqual(original);
  });

  it('validates --live-rate; the rate it sets is the one a reset returns to', async () => {
    expect(parseLiveRate(undefined)).toEqual({ ok: true, rate: 0 });
    expect(parseLiveRate('2.5')).toEqual({ ok: true, rate: 2.5 });
    for (const bad of ['', 'x', '-1', '601']) expect(parseLiveRate(bad).ok, bad).toBe(false);

    const clock = { now: Date.UTC(2026, 6, 1, 9, 15) };
    const started = await startTestSimulator({ clock: () => clock.now });
    try {
      applyLiveRate(started.services.defender, 2);
      await started.control('PUT', '/defender/live', { ratePerMinute: 0 });
      await started.control('POST', '/reset');
      expect((await started.control('GET', '/defender/live')).json()).toEqual({ ratePerMinute: 2 });
      const token = await tokenFor(started, 'mde');
      const before = (await list<Alert>(started, '/mde/api/alerts', token)).value.length;
      clock.now += 10 * 60_000;
      expect((await list<Alert>(started, '/mde/api/alerts', token)).value.length).toBeGreaterThan(before + 10);
    } finally {
      await started.close();
    }
  });
});
