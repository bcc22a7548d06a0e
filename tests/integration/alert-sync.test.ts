// The Defender for Endpoint alert sync below the UI: Canopy's own sync, scheduler and workers in
// child processes (trusting the simulator's CA as the server does) against a real PostgreSQL and
// the simulator over https. The test changes the simulated tenants through the control API and
// reads what the simulator served (its request log and data, in process) and what Canopy stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db/client';
import { tenantSlotOffsetMs } from '@/lib/defender/alert-sync-policy';
import { OVERLAP_MS, type SyncAlertsResult } from '@/lib/defender/sync-tenant-feeds';
import type { ScheduleSummary } from '@/lib/defender/schedule-alert-sync';
import { createBoss } from '@/lib/jobs/boss';
import type { RequestLogEntry } from '../../simulator/control/request-log';
import { formatTicks } from '../../simulator/defender/data/ticks';
import type { CanopyDriver } from './support/canopy-driver-client';
import {
  ALL_DATA,
  startIntegrationWorld,
  TENANTS,
  until,
  type IntegrationWorld,
  type RunningWorker,
} from './support/integration-world';

const {
  litware: LITWARE,
  northwind: NORTHWIND,
  relecloud: RELECLOUD,
  fabrikam: FABRIKAM,
  woodgrove: WOODGROVE,
} = TENANTS;

let world: IntegrationWorld;
let db: Db;
let canopy: CanopyDriver;
let actor: { id: string; name: string };
/** Added to the simulator's clock: lets issued tokens expire without waiting. */
let simulatorClockOffset = 0;

type Finished = Exclude<SyncAlertsResult, { outcome: 'skipped' }>;

beforeAll(async () => {
  world = await startIntegrationWorld({
    name: 'alert-sync',
    simulator: { clock: () => Date.now() + simulatorClockOffset },
    driver: true,
  });
  ({ db, driver: canopy } = world);
  actor = await world.createStaffUser('Avery Admin');
}, 120_000);

afterAll(() => world?.stop());

/** Registered and checked as "Check now" does: Connected or Missing permissions. */
const connect = (entraTenantId: string, dataSources = ALL_DATA) =>
  world.connectTenant(entraTenantId, { actor, dataSources });

const sync = (tenantId: string, options: object = {}) =>
  canopy.call<SyncAlertsResult>('syncAlerts', { tenantId, options });

async function syncFinished(tenantId: string, options: object = {}): Promise<Finished> {
  const result = await sync(tenantId, options);
  if (result.outcome === 'skipped') throw new Error(`sync skipped: ${result.reason}`);
  return result;
}

/** The simulator's own Defender for Endpoint alerts of a tenant, in its list order. */
function simulatedAlerts(entraTenantId: string) {
  const { services } = world.simulator;
  const tenant = services.world.resolveTenant(entraTenantId)!;
  const data = services.defender.tenants.get(tenant);
  return [...data.alertsById.values()]
    .filter((alert) => alert.source === 'endpoint')
    .sort((a, b) => a.lastUpdateTime - b.lastUpdateTime || (a.id < b.id ? -1 : 1));
}

/**
 * Defender for Endpoint list requests the simulator received for a tenant (null: for any tenant,
 * which includes those refused before the token was read) after the request `afterId`.
 */
function mdeRequests(entraTenantId: string | null, afterId = 0): RequestLogEntry[] {
  return world
    .requestLog({ ...(entraTenantId ? { tenantId: entraTenantId } : {}), after: afterId })
    .filter((entry) => entry.path === '/mde/api/alerts');
}
/** Log times are milliseconds and durations rounded: allow that much when comparing them. */
const LOG_ROUNDING_MS = 2;
const lastRequestId = () => world.lastRequestId();

const storedAlerts = (tenantId: string) =>
  db.alert.findMany({
    where: { tenantId },
    select: { upstreamId: true, status: true, assignedTo: true, severity: true, lastUpdateTime: true, payload: true },
    orderBy: { upstreamId: 'asc' },
  });
const sourceSync = (tenantId: string) =>
  db.tenantSourceSync.findUniqueOrThrow({ where: { tenantId_source: { tenantId, source: 'MDE_ALERTS' } } });
/** What the simulator serves now, as Canopy should have stored it: id → (status, owner, lastUpdateTime in ms). */
const expectedState = (entraTenantId: string) =>
  Object.fromEntries(
    simulatedAlerts(entraTenantId).map((alert) => [
      alert.id,
      `${alert.status} ${alert.assignedTo} ${new Date(formatTicks(alert.lastUpdateTime)).toISOString()}`,
    ]),
  );
const storedState = async (tenantId: string) =>
  Object.fromEntries(
    (await storedAlerts(tenantId)).map((alert) => [
      alert.upstreamId,
      `${alert.status} ${alert.assignedTo} ${alert.lastUpdateTime.toISOString()}`,
    ]),
  );

describe('a tenant with more than 10,000 alerts', () => {
  let litware: string;

  beforeAll(async () => {
    await world.control('PATCH', `/tenants/${LITWARE}`, { defender: { alertCount: 10_500 } });
    // Defender for Endpoint only: its paging is what this tenant tests (sources.test.ts has the others).
    litware = await connect(LITWARE, ['MDE_ALERTS']);
  });

  it('is backfilled completely with $top/$skip pages under a moving lastUpdateTime filter (no next link)', async () => {
    const expected = simulatedAlerts(LITWARE);
    expect(expected.length).toBe(10_500);
    const before = lastRequestId();
    const result = await syncFinished(litware);
    expect(result).toMatchObject({
      outcome: 'succeeded',
      counts: { fetched: 10_500, inserted: 10_500, updated: 0, malformed: 0, pages: 11 },
      problem: null,
    });

    const stored = await storedAlerts(litware);
    expect(stored.map((alert) => alert.upstreamId)).toEqual(expected.map((alert) => alert.id).sort());
    expect(await storedState(litware)).toEqual(expectedState(LITWARE));
    const withEvidence = stored.find((alert) => (alert.payload as { evidence: unknown[] }).evidence.length > 0);
    expect((withEvidence!.payload as { evidence: { entityType: string }[] }).evidence[0]!.entityType).toBeTruthy();

    const requests = mdeRequests(LITWARE, before);
    expect(requests).toHaveLength(11);
    for (const request of requests) {
      expect(request.status).toBe(200);
      // Asked for gzip (Node's fetch does by default), as the simulator answers when asked.
      expect(request.contentEncoding).toBe('gzip');
      expect(Object.keys(request.query).sort()).toEqual(['$expand', '$filter', '$skip', '$top']);
      expect(request.query).toMatchObject({ $expand: 'evidence', $top: '1000', $skip: '0' });
      expect(request.query.$filter).toMatch(/^lastUpdateTime ge \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    }
    // Each page starts where the last one ended.
    const sinces = requests.map((request) => request.query.$filter!.slice('lastUpdateTime ge '.length));
    expect(new Set(sinces).size).toBe(11);
    expect([...sinces].sort()).toEqual(sinces);

    const state = await sourceSync(litware);
    expect(state).toMatchObject({
      status: 'SUCCEEDED',
      fetched: 10_500,
      upserted: 10_500,
      malformed: 0,
      lastError: null,
    });
    expect(state.backfillCompletedAt).not.toBeNull();
    expect(state.cursor?.toISOString()).toBe(new Date(formatTicks(expected.at(-1)!.lastUpdateTime)).toISOString());
    // Next: the tenant's first slot after the run (a tick of the 2-minute schedule plus its offset).
    const offset = tenantSlotOffsetMs('*/2 * * * *', litware, state.lastRunFinishedAt!);
    expect((state.nextRunAt!.getTime() - offset) % 120_000).toBe(0);
    expect(state.nextRunAt!.getTime()).toBeGreaterThanOrEqual(state.lastRunFinishedAt!.getTime());
    expect(state.nextRunAt!.getTime()).toBeLessThanOrEqual(state.lastRunFinishedAt!.getTime() + 120_000);
    expect(state.runId).toBeNull();
    expect(state.recentCalls).toHaveLength(11);
  }, 300_000);

  it('applies upstream changes on the next run, re-reading the overlap without rewriting it', async () => {
    const [target] = simulatedAlerts(LITWARE);
    await world.control('PATCH', `/defender/tenants/${LITWARE}/alerts/${target!.id}`, {
      status: 'Resolved',
      assignedTo: 'analyst@contoso-partner.com',
      classification: 'TruePositive',
      determination: 'Malware',
      comment: 'Contained by the partner SOC',
    });
    const { cursor } = await sourceSync(litware);
    const result = await syncFinished(litware);
    // Read again: the overlap window before the cursor (stored already, so not written) and the change.
    const overlap = simulatedAlerts(LITWARE).filter(
      (alert) => Date.parse(formatTicks(alert.lastUpdateTime)) >= cursor!.getTime() - OVERLAP_MS,
    );
    expect(overlap.at(-1)!.id).toBe(target!.id);
    expect(result).toMatchObject({
      outcome: 'succeeded',
      counts: { fetched: overlap.length, inserted: 0, updated: 1, malformed: 0 },
    });
    const row = await db.alert.findUniqueOrThrow({
      where: { tenantId_upstreamId_source: { tenantId: litware, upstreamId: target!.id, source: 'MDE' } },
    });
    expect(row).toMatchObject({
      status: 'Resolved',
      assignedTo: 'analyst@contoso-partner.com',
      classification: 'TruePositive',
      determination: 'Malware',
    });
    expect((row.payload as { comments: { comment: string }[] }).comments.at(-1)!.comment).toBe(
      'Contained by the partner SOC',
    );
    expect(await db.alert.count({ where: { tenantId: litware } })).toBe(10_500);
    expect(await storedState(litware)).toEqual(expectedState(LITWARE));

    const again = await syncFinished(litware);
    expect(again).toMatchObject({ outcome: 'succeeded', counts: { inserted: 0, updated: 0 } });
    expect(again.counts.fetched).toBeGreaterThan(0);
  }, 120_000);
});

describe('alerts that change while a sync runs', () => {
  it('are neither missed nor duplicated: pages restart at the last lastUpdateTime read, not at a $skip offset', async () => {
    const northwind = await connect(NORTHWIND);
    const before = simulatedAlerts(NORTHWIND);
    expect(before).toHaveLength(40);
    // Slow answers leave room to change the data between the first and the second page.
    await world.control('PUT', `/defender/tenants/${NORTHWIND}/faults`, { apis: ['mde'], latencyMs: 2_000 });
    const since = lastRequestId();
    const running = syncFinished(northwind, { pageSize: 10 });
    await until('the first page', () => mdeRequests(NORTHWIND, since).some((request) => request.status === 200));
    // Three alerts of the page already read and one further on change (each moves to the end of the
    // list, so with $skip paging the next page would start three alerts too late); two arrive.
    for (const [index, status] of [
      [1, 'Resolved'],
      [4, 'InProgress'],
      [8, 'Resolved'],
      [25, 'InProgress'],
    ] as const) {
      await world.control('PATCH', `/defender/tenants/${NORTHWIND}/alerts/${before[index]!.id}`, {
        status,
        assignedTo: `owner-${index}@northwindtraders.onmicrosoft.com`,
      });
    }
    await world.control('POST', `/defender/tenants/${NORTHWIND}/alerts`, { count: 2, source: 'endpoint' });
    // All of that happened before page 2 was answered.
    expect(mdeRequests(NORTHWIND, since).filter((request) => request.status !== null)).toHaveLength(1);
    const result = await running;
    await world.control('DELETE', `/defender/tenants/${NORTHWIND}/faults`);

    expect(result.outcome).toBe('succeeded');
    expect(simulatedAlerts(NORTHWIND)).toHaveLength(42);
    expect(await storedState(northwind)).toEqual(expectedState(NORTHWIND));
    expect(await db.alert.count({ where: { tenantId: northwind } })).toBe(42);
  }, 120_000);
});

describe('Microsoft saying no', () => {
  let relecloud: string;

  beforeAll(async () => {
    // Relecloud granted Alert.Read.All only: Missing permissions, yet its Defender for Endpoint
    // alerts are read.
    relecloud = await connect(RELECLOUD);
    expect((await db.customerTenant.findUniqueOrThrow({ where: { id: relecloud } })).status).toBe(
      'MISSING_PERMISSIONS',
    );
  });

  it('429: waits the Retry-After it is given, then goes on', async () => {
    await world.control('PUT', `/defender/tenants/${RELECLOUD}/faults`, {
      apis: ['mde'],
      throttleRetryAfterSeconds: 2,
    });
    const since = lastRequestId();
    const running = syncFinished(relecloud);
    const throttled = await until('a 429', () =>
      mdeRequests(RELECLOUD, since).find((request) => request.status === 429),
    );
    await world.control('DELETE', `/defender/tenants/${RELECLOUD}/faults`);
    const result = await running;
    expect(result).toMatchObject({ outcome: 'succeeded', counts: { inserted: 15, malformed: 0 } });

    const requests = mdeRequests(RELECLOUD, since);
    const retry = requests[requests.indexOf(throttled) + 1]!;
    const answeredAt = Date.parse(throttled.time) + throttled.durationMs!;
    expect(Date.parse(retry.time) - answeredAt).toBeGreaterThanOrEqual(2_000 - LOG_ROUNDING_MS);
    expect(retry.query).toEqual(throttled.query);
    expect(await storedState(relecloud)).toEqual(expectedState(RELECLOUD));
  }, 120_000);

  it('a Retry-After longer than the run has left ends the run early (partial); the next run waits for it', async () => {
    await world.control('PUT', `/defender/tenants/${RELECLOUD}/faults`, {
      apis: ['mde'],
      throttleRetryAfterSeconds: 30,
    });
    const before = Date.now();
    const result = await syncFinished(relecloud, { maxRunMs: 5_000 });
    await world.control('DELETE', `/defender/tenants/${RELECLOUD}/faults`);
    expect(result).toMatchObject({ outcome: 'partial', problem: expect.stringContaining('Retry-After') });
    const state = await sourceSync(relecloud);
    expect(state).toMatchObject({ status: 'PARTIAL', lastError: { code: 'deferred' }, consecutiveFailures: 0 });
    expect(state.nextRunAt!.getTime()).toBeGreaterThanOrEqual(before + 30_000);
  }, 120_000);

  it('5xx: retries with backoff until an answer comes', async () => {
    await world.control('POST', `/defender/tenants/${RELECLOUD}/alerts`, { count: 12, source: 'endpoint' });
    await world.control('PUT', `/defender/tenants/${RELECLOUD}/faults`, {
      apis: ['mde'],
      errorRate: 0.5,
      errorStatus: 503,
      seed: 'alert-sync',
    });
    const since = lastRequestId();
    const result = await syncFinished(relecloud, { pageSize: 4 });
    await world.control('DELETE', `/defender/tenants/${RELECLOUD}/faults`);
    expect(result).toMatchObject({ outcome: 'succeeded', counts: { inserted: 12 } });
    const statuses = mdeRequests(RELECLOUD, since).map((request) => request.status);
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
    expect(statuses.at(-1)).toBe(200);
    expect(await storedState(relecloud)).toEqual(expectedState(RELECLOUD));
  }, 120_000);

  it('5xx on every retry: the source fails with the reason, and waits before the next try', async () => {
    await world.control('PUT', `/defender/tenants/${RELECLOUD}/faults`, {
      apis: ['mde'],
      errorRate: 1,
      errorStatus: 502,
    });
    const since = lastRequestId();
    const result = await syncFinished(relecloud, { retry: { baseDelayMs: 50 } });
    await world.control('DELETE', `/defender/tenants/${RELECLOUD}/faults`);
    expect(result.outcome).toBe('failed');
    expect(mdeRequests(RELECLOUD, since).map((request) => request.status)).toEqual([502, 502, 502, 502, 502]);
    const state = await sourceSync(relecloud);
    expect(state).toMatchObject({
      status: 'FAILED',
      consecutiveFailures: 1,
      lastError: { code: 'unavailable', title: 'Defender for Endpoint did not answer' },
    });
    expect((state.lastError as { explanation: string }).explanation).toContain('HTTP 502');
    expect(state.nextRunAt!.getTime()).toBeGreaterThanOrEqual(Date.now() + 55_000);
    // The tenant itself is the health check's business.
    expect((await db.customerTenant.findUniqueOrThrow({ where: { id: relecloud } })).status).toBe(
      'MISSING_PERMISSIONS',
    );
  }, 120_000);

  it('a tenant that times out fails alone while another syncs', async () => {
    const woodgrove = await connectWoodgrove();
    await world.control('PUT', `/defender/tenants/${RELECLOUD}/faults`, { apis: ['mde'], timeout: true });
    const [slow, other] = await Promise.all([
      sync(relecloud, { retry: { timeoutMs: 500, maxAttempts: 2, baseDelayMs: 50 } }),
      sync(woodgrove),
    ]);
    await world.control('DELETE', `/defender/tenants/${RELECLOUD}/faults`);
    expect(slow).toMatchObject({ outcome: 'failed', problem: expect.stringContaining('no answer within 0.5 s') });
    expect(other).toMatchObject({ outcome: 'succeeded' });
    expect((await sourceSync(relecloud)).consecutiveFailures).toBe(2);
  }, 120_000);
});

let woodgroveId: string | undefined;
/** Woodgrove, consented through the control API (its own admins may not grant Graph roles). */
async function connectWoodgrove(): Promise<string> {
  if (!woodgroveId) {
    await world.control('POST', `/tenants/${WOODGROVE}/consent`);
    woodgroveId = await connect(WOODGROVE);
  }
  return woodgroveId;
}

describe('upstream data Canopy does not expect', () => {
  it('skips and counts malformed alerts, and keeps an unknown enum value as it came', async () => {
    const woodgrove = await connectWoodgrove();
    await db.alert.deleteMany({ where: { tenantId: woodgrove } });
    await db.tenantSourceSync.deleteMany({ where: { tenantId: woodgrove } });
    const alerts = simulatedAlerts(WOODGROVE);
    const [late, wrongType, newEnum] = [alerts[3]!, alerts[10]!, alerts[20]!];
    await world.control('PUT', `/defender/tenants/${WOODGROVE}/faults`, {
      alertOverrides: {
        [late.id]: { lastUpdateTime: 'soon' },
        [wrongType.id]: { title: 42 },
        [newEnum.id]: { severity: 'Critical', determination: 'SomethingNew' },
      },
    });
    const result = await syncFinished(woodgrove, { pageSize: 20 });
    await world.control('DELETE', `/defender/tenants/${WOODGROVE}/faults`);

    expect(result).toMatchObject({
      outcome: 'succeeded',
      counts: { fetched: alerts.length, inserted: alerts.length - 2, malformed: 2 },
    });
    const stored = await storedAlerts(woodgrove);
    const ids = stored.map((alert) => alert.upstreamId);
    expect(ids).not.toContain(late.id);
    expect(ids).not.toContain(wrongType.id);
    expect(ids).toHaveLength(alerts.length - 2);
    const kept = await db.alert.findUniqueOrThrow({
      where: { tenantId_upstreamId_source: { tenantId: woodgrove, upstreamId: newEnum.id, source: 'MDE' } },
    });
    expect(kept).toMatchObject({ severity: 'Critical', severityRank: 0, determination: 'SomethingNew' });
    expect(await sourceSync(woodgrove)).toMatchObject({ status: 'SUCCEEDED', malformed: 2 });
  }, 120_000);
});

describe('permissions and tokens', () => {
  it('a tenant without Alert.Read.All is marked "missing permission" once and never called', async () => {
    await world.control('POST', `/tenants/${FABRIKAM}/consent`);
    await world.control('PUT', `/tenants/${FABRIKAM}/grants`, {
      grantedAppRoles: ['Microsoft Threat Protection/Incident.Read.All'],
    });
    const fabrikam = await connect(FABRIKAM, ['MDE_ALERTS', 'XDR_INCIDENTS']);
    expect((await db.customerTenant.findUniqueOrThrow({ where: { id: fabrikam } })).status).toBe('MISSING_PERMISSIONS');
    const since = lastRequestId();

    const first = await canopy.call<ScheduleSummary>('scheduleAlertSync');
    // Fabrikam's one feed, and Relecloud's XDR and two Graph feeds (it granted Alert.Read.All only).
    expect(first.missingPermission).toBe(4);
    const marked = await sourceSync(fabrikam);
    expect(marked).toMatchObject({
      status: 'MISSING_PERMISSION',
      nextRunAt: null,
      lastError: { code: 'missing-permission', title: 'Permission missing: WindowsDefenderATP Alert.Read.All' },
    });
    await canopy.call<ScheduleSummary>('scheduleAlertSync');
    expect((await sourceSync(fabrikam)).updatedAt).toEqual(marked.updatedAt);
    // One job, for its XDR feed (granted); the job would skip the Defender for Endpoint feed.
    expect(await syncJobs(fabrikam)).toBe(1);
    await db.$executeRaw`DELETE FROM pgboss.job WHERE name = 'sync-tenant-alerts' AND singleton_key = ${fabrikam}`;
    expect(await sync(fabrikam)).toEqual({ outcome: 'skipped', reason: 'missing permission' });
    // Not one call to Microsoft for it: no token, no alerts.
    expect(world.requestLog({ tenantId: FABRIKAM, after: since })).toEqual([]);

    // Granted later: the next check records it, and the scheduler picks the tenant up.
    await world.control('PATCH', `/tenants/${FABRIKAM}/grants`, { add: ['WindowsDefenderATP/Alert.Read.All'] });
    await canopy.call('check', { tenantId: fabrikam, purpose: 'health' });
    await canopy.call<ScheduleSummary>('scheduleAlertSync');
    expect(await syncJobs(fabrikam)).toBe(1);
    expect((await syncFinished(fabrikam)).outcome).toBe('succeeded');
    expect(await sourceSync(fabrikam)).toMatchObject({ status: 'SUCCEEDED', lastError: null });
  }, 120_000);

  it('the scheduler queues one job per due tenant, never a second while one waits', async () => {
    await db.tenantSourceSync.updateMany({ data: { nextRunAt: null } });
    await canopy.call<ScheduleSummary>('scheduleAlertSync');
    const second = await canopy.call<ScheduleSummary>('scheduleAlertSync');
    expect(second.enqueued).toBe(0);
    const rows = await db.$queryRaw<{ key: string; n: bigint }[]>`
      SELECT singleton_key AS key, count(*) AS n FROM pgboss.job
      WHERE name = 'sync-tenant-alerts' AND state = 'created' GROUP BY singleton_key`;
    const tenants = await db.customerTenant.findMany({
      where: { status: { in: ['CONNECTED', 'MISSING_PERMISSIONS'] } },
    });
    expect(rows.map((row) => row.key).sort()).toEqual(tenants.map((tenant) => tenant.id).sort());
    expect(rows.every((row) => row.n === 1n)).toBe(true);
    await db.$executeRaw`DELETE FROM pgboss.job WHERE name = 'sync-tenant-alerts'`;
  });

  it('AADSTS700016 (the app is gone from the tenant) fails the source, explained; the tenant status is left to the health check', async () => {
    const woodgrove = await connectWoodgrove();
    await world.control('DELETE', `/tenants/${WOODGROVE}/service-principal`);
    // Two hours on, the token Canopy holds has expired: the API answers 401 and a new token is refused.
    simulatorClockOffset += 2 * 3_600_000;
    const since = lastRequestId();
    const result = await syncFinished(woodgrove);
    expect(result).toMatchObject({ outcome: 'failed', problem: expect.stringContaining('not consented') });
    expect(mdeRequests(null, since).map((request) => request.status)).toEqual([401]);
    expect(await sourceSync(woodgrove)).toMatchObject({
      status: 'FAILED',
      lastError: { code: 'token', aadsts: 700016, title: 'The app is not consented in that tenant' },
    });
    expect((await db.customerTenant.findUniqueOrThrow({ where: { id: woodgrove } })).status).toBe('CONNECTED');
  }, 120_000);
});

describe('a permission withdrawn at Microsoft before Canopy noticed', () => {
  it('403 from Defender for Endpoint fails the source with what Microsoft said; the tenant is left to the health check', async () => {
    const northwind = (await db.customerTenant.findUniqueOrThrow({ where: { entraTenantId: NORTHWIND } })).id;
    await world.control('PATCH', `/tenants/${NORTHWIND}/grants`, {
      remove: ['WindowsDefenderATP/Alert.Read.All', 'WindowsDefenderATP/Alert.ReadWrite.All'],
    });
    // The token Canopy holds still names the role; the simulator's clock two hours on expires it,
    // and the new one comes without it.
    simulatorClockOffset += 2 * 3_600_000;
    const since = lastRequestId();
    const result = await syncFinished(northwind);
    expect(result).toMatchObject({ outcome: 'failed', problem: expect.stringContaining('Permission missing') });
    expect(mdeRequests(null, since).map((request) => request.status)).toEqual([401, 403]);
    const state = await sourceSync(northwind);
    expect(state).toMatchObject({
      status: 'FAILED',
      lastError: { code: 'forbidden', httpStatus: 403, title: 'Permission missing at Defender for Endpoint' },
    });
    expect((state.lastError as { explanation: string }).explanation).toContain(
      'Microsoft said: "The application does not have any of the required application permissions',
    );
    expect((await db.customerTenant.findUniqueOrThrow({ where: { id: northwind } })).status).toBe('CONNECTED');
  }, 120_000);
});

async function syncJobs(tenantId: string): Promise<number> {
  const [schema] = await db.$queryRaw<{ ready: boolean }[]>`SELECT to_regclass('pgboss.job') IS NOT NULL AS ready`;
  if (!schema?.ready) return 0;
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pgboss.job WHERE name = 'sync-tenant-alerts' AND singleton_key = ${tenantId}`;
  return Number(row!.n);
}

describe('a tenant whose consent was withdrawn', () => {
  it('is marked Revoked by the health check, then skipped by the sync: no token request, no Defender call', async () => {
    const relecloud = (await db.customerTenant.findUniqueOrThrow({ where: { entraTenantId: RELECLOUD } })).id;
    await world.control('DELETE', `/tenants/${RELECLOUD}/grants`);
    await canopy.call('check', { tenantId: relecloud, purpose: 'health' });
    expect((await db.customerTenant.findUniqueOrThrow({ where: { id: relecloud } })).status).toBe('REVOKED');

    const since = lastRequestId();
    const { feeds } = await canopy.call<{ feeds: Record<string, SyncAlertsResult> }>('syncTenant', {
      tenantId: relecloud,
    });
    expect(Object.values(feeds).length).toBeGreaterThan(0);
    for (const result of Object.values(feeds)) expect(result).toMatchObject({ outcome: 'skipped' });
    expect(world.requestLog({ tenantId: RELECLOUD, after: since })).toEqual([]);
  }, 120_000);
});

describe('two workers on one database', () => {
  const workers: RunningWorker[] = [];
  const startWorker = async () =>
    void workers.push(await world.startWorker({ CANOPY_SYNC_CONCURRENCY: '1', CANOPY_SYNC_SCHEDULE: '0 0 1 1 *' }));

  it('never sync the same tenant at once, even when both hold a job for it', async () => {
    await Promise.all([startWorker(), startWorker()]);
    const litware = (await db.customerTenant.findUniqueOrThrow({ where: { entraTenantId: LITWARE } })).id;
    await world.control('POST', `/defender/tenants/${LITWARE}/alerts`, { count: 5, source: 'endpoint' });
    await world.control('PUT', `/defender/tenants/${LITWARE}/faults`, { apis: ['mde'], latencyMs: 3_000 });
    const boss = createBoss(world.databaseUrl);
    await boss.start();
    try {
      const since = lastRequestId();
      // `now`: every feed, due or not (as "sync now" asks; the scheduler's jobs skip feeds not due).
      const first = await boss.send('sync-tenant-alerts', { tenantId: litware, now: true }, { singletonKey: litware });
      await until('the first job to run', () => jobState(first!).then((job) => job?.state === 'active'));
      // Active is not yet running the feed: wait until its run holds the feed's lease.
      await until('the first run to hold the lease', () =>
        db.tenantSourceSync
          .findFirst({ where: { tenantId: litware, source: 'MDE_ALERTS', runId: { not: null } } })
          .then(Boolean),
      );
      // A second job for the same tenant while the first runs: pg-boss hands it to the other worker.
      const second = await boss.send('sync-tenant-alerts', { tenantId: litware, now: true }, { singletonKey: litware });
      expect(second).not.toBeNull();
      const secondDone = await until('the second job', () =>
        jobState(second!).then((job) => (job?.state === 'completed' ? job : null)),
      );
      const firstDone = await until('the first job', () =>
        jobState(first!).then((job) => (job?.state === 'completed' ? job : null)),
      );
      // Both were running at the same time, on different workers…
      expect(secondDone.startedOn.getTime()).toBeLessThan(firstDone.completedOn.getTime());
      const logged = (id: string) =>
        workers.flatMap((worker, index) =>
          worker.lines.filter((line) => line.includes(`sync-tenant-alerts ${id}:`)).map((line) => ({ index, line })),
        );
      const [firstLine] = await until('the first job logged', () => logged(first!)[0] && logged(first!));
      const [secondLine] = await until('the second job logged', () => logged(second!)[0] && logged(second!));
      expect(firstLine!.index).not.toBe(secondLine!.index);
      // …yet only the first synced; the second found the lease taken.
      expect(secondLine!.line).toContain(`MDE_ALERTS skipped: another run of this tenant is in progress`);
      expect(firstLine!.line).toMatch(/MDE_ALERTS succeeded: [^;]*\(5 new/);
      // And Microsoft saw one run: requests one after another, never two at once.
      const requests = mdeRequests(LITWARE, since);
      expect(requests.length).toBeGreaterThan(0);
      for (let i = 1; i < requests.length; i++) {
        const previous = requests[i - 1]!;
        expect(Date.parse(requests[i]!.time)).toBeGreaterThanOrEqual(
          Date.parse(previous.time) + previous.durationMs! - LOG_ROUNDING_MS,
        );
      }
    } finally {
      await world.control('DELETE', `/defender/tenants/${LITWARE}/faults`);
      await boss.stop({ graceful: false, close: true });
    }
  }, 180_000);
});

async function jobState(id: string) {
  const [job] = await db.$queryRaw<{ state: string; startedOn: Date; completedOn: Date }[]>`
    SELECT state, started_on AS "startedOn", completed_on AS "completedOn" FROM pgboss.job WHERE id = ${id}::uuid`;
  return job;
}
