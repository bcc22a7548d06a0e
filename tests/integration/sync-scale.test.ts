// The sync at scale, below the UI: unchanged re-syncs that write nothing, the worker-wide bound
// on requests in flight, the scheduler's spread over the interval, backfills that make way for
// incremental syncs, and the health check fanned out per tenant. Canopy runs in child processes
// (the test driver, workers) against a real PostgreSQL and the simulator over https.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db/client';
import type { ScheduleSummary } from '@/lib/defender/schedule-alert-sync';
import type { SyncRequestResult } from '@/lib/defender/request-tenant-sync';
import type { TenantSyncResult } from '@/lib/defender/sync-tenant-feeds';
import { createBoss } from '@/lib/jobs/boss';
import type { RequestLogEntry } from '../../simulator/control/request-log';
import type { CanopyDriver } from './support/canopy-driver-client';
import {
  ALL_DATA,
  startIntegrationWorld,
  TENANTS,
  until,
  type IntegrationWorld,
  type RunningWorker,
} from './support/integration-world';

const { northwind: NORTHWIND, litware: LITWARE, relecloud: RELECLOUD, woodgrove: WOODGROVE } = TENANTS;
/** The driver's bound on requests in flight: low, so that three tenants' feeds at once exceed it. */
const MAX_IN_FLIGHT = 3;

let world: IntegrationWorld;
let db: Db;
let canopy: CanopyDriver;
let actor: { id: string; name: string };

beforeAll(async () => {
  world = await startIntegrationWorld({
    name: 'sync-scale',
    simulator: true,
  });
  db = world.db;
  canopy = await world.startDriver({ CANOPY_SYNC_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT) });
  actor = await world.createStaffUser('Sam Analyst');
}, 120_000);

afterAll(() => world?.stop());

/** Registered and checked as "Check now" does: Connected or Missing permissions. */
const connect = (entraTenantId: string, dataSources = ALL_DATA) =>
  world.connectTenant(entraTenantId, { actor, dataSources });

const syncTenant = (tenantId: string, options: object = {}) =>
  canopy.call<TenantSyncResult>('syncTenant', { tenantId, options });

/** Every stored row of the tenant with the transaction that wrote its current version. */
const rowVersions = (tenantId: string) =>
  db.$queryRaw<{ row: string; xmin: string }[]>`
    SELECT 'alert ' || id AS row, xmin::text FROM alert WHERE tenant_id = ${tenantId}::uuid
    UNION ALL
    SELECT 'incident ' || id AS row, xmin::text FROM incident WHERE tenant_id = ${tenantId}::uuid
    ORDER BY row`;

describe('an unchanged re-sync', () => {
  it('writes no row, for every feed: each alert and incident keeps the row version it had', async () => {
    const northwind = await connect(NORTHWIND);
    const first = await syncTenant(northwind, { pageSize: 20 });
    expect(Object.keys(first.feeds).sort()).toEqual(['GRAPH_ALERTS', 'GRAPH_INCIDENTS', 'MDE_ALERTS', 'XDR_INCIDENTS']);
    for (const result of Object.values(first.feeds)) expect(result).toMatchObject({ outcome: 'succeeded' });
    const before = await rowVersions(northwind);
    expect(before.filter((row) => row.row.startsWith('alert')).length).toBeGreaterThan(40);
    expect(before.filter((row) => row.row.startsWith('incident')).length).toBeGreaterThan(5);

    // Every feed reads everything again (its cursor forgotten, its backfill done): all re-read, nothing new.
    await db.tenantSourceSync.updateMany({ where: { tenantId: northwind }, data: { cursor: null } });
    const again = await syncTenant(northwind, { pageSize: 20 });
    // An UPDATE writes a new row version (a new xmin) even when it sets the same values.
    expect(await rowVersions(northwind)).toEqual(before);
    for (const [feed, result] of Object.entries(again.feeds)) {
      expect(result, feed).toMatchObject({ outcome: 'succeeded', counts: { inserted: 0, updated: 0, malformed: 0 } });
      const fetched = (result as { counts: { fetched: number } }).counts.fetched;
      const firstFetched = (first.feeds[feed as keyof typeof first.feeds] as { counts: { fetched: number } }).counts
        .fetched;
      expect(fetched, feed).toBe(firstFetched);
    }
  }, 180_000);
});

describe('requests in flight', () => {
  it(`stay within CANOPY_SYNC_MAX_IN_FLIGHT (${MAX_IN_FLIGHT}) for the whole process, whatever the tenants and feeds`, async () => {
    const tenants = [
      await connect(LITWARE),
      await connect(RELECLOUD),
      await db.customerTenant.findUniqueOrThrow({ where: { entraTenantId: NORTHWIND } }).then((t) => t.id),
    ];
    const slow = [LITWARE, RELECLOUD, NORTHWIND];
    for (const tenant of slow)
      await world.control('PUT', `/defender/tenants/${tenant}/faults`, {
        apis: ['mde', 'xdr', 'graph'],
        latencyMs: 150,
      });
    const since = world.lastRequestId();
    try {
      // Three tenants, up to four feeds each, all at once: up to twelve requests would go together.
      await Promise.all(tenants.map((tenantId) => syncTenant(tenantId, { pageSize: 50 })));
    } finally {
      for (const tenant of slow) await world.control('DELETE', `/defender/tenants/${tenant}/faults`);
    }
    const calls = world
      .requestLog({ after: since })
      .filter((entry) => entry.status !== null && !entry.path.includes('/oauth2/'));
    expect(calls.length).toBeGreaterThan(20);
    expect(mostAtOnce(calls)).toBe(MAX_IN_FLIGHT);
  }, 180_000);
});

/**
 * The most requests the simulator was answering at one moment. Log times are whole milliseconds:
 * a request is counted from its arrival to its answer, shortened by the rounding.
 */
function mostAtOnce(entries: readonly RequestLogEntry[]): number {
  const ROUNDING_MS = 2;
  const events = entries.flatMap((entry) => {
    const start = Date.parse(entry.time);
    return [
      { at: start + ROUNDING_MS, step: 1 },
      { at: start + entry.durationMs! - ROUNDING_MS, step: -1 },
    ];
  });
  events.sort((a, b) => a.at - b.at || a.step - b.step);
  let current = 0;
  let most = 0;
  for (const event of events) most = Math.max(most, (current += event.step));
  return most;
}

/** Woodgrove's alerts: a backfill of three slices of two 1,000-alert pages (CANOPY_SYNC_BACKFILL_PAGES below). */
const WOODGROVE_ALERTS = 5_000;

const tenantIdOf = async (entraTenantId: string) =>
  (await db.customerTenant.findUniqueOrThrow({ where: { entraTenantId }, select: { id: true } })).id;
const syncJobs = (tenantId: string) =>
  db.$queryRaw<{ id: string; state: string; startAfter: Date; priority: number; data: Record<string, unknown> }[]>`
    SELECT id::text, state, start_after AS "startAfter", priority, data FROM pgboss.job
     WHERE name = 'sync-tenant-alerts' AND singleton_key = ${tenantId} ORDER BY created_on`;
const dropSyncJobs = () => db.$executeRaw`DELETE FROM pgboss.job WHERE name = 'sync-tenant-alerts'`;

describe('the scheduler', () => {
  it("queues each tenant's job to start at its slot; a first sync starts at once, and Sync now hurries a waiting job", async () => {
    await canopy.call('createSyncQueue');
    await dropSyncJobs();
    await world.control('PATCH', `/tenants/${WOODGROVE}`, { defender: { alertCount: WOODGROVE_ALERTS } });
    await world.control('POST', `/tenants/${WOODGROVE}/consent`);
    const woodgrove = await connect(WOODGROVE, ['MDE_ALERTS']);
    const northwind = await tenantIdOf(NORTHWIND);
    // Room before the next tick of the 2-minute schedule, so that a run 20 s on is due before it.
    await until('the first part of an interval', () => Date.now() % 120_000 < 90_000);
    const slot = new Date(Date.now() + 20_000);
    await db.tenantSourceSync.updateMany({ data: { nextRunAt: new Date(Date.now() + 3_600_000) } });
    await db.tenantSourceSync.updateMany({ where: { tenantId: northwind }, data: { nextRunAt: slot } });

    const summary = await canopy.call<ScheduleSummary>('scheduleAlertSync');
    expect(summary).toMatchObject({ enqueued: 2, alreadyQueued: 0 });
    // Northwind, synced before: at its slot, as an incremental sync.
    const [scheduled] = await syncJobs(northwind);
    expect(scheduled).toMatchObject({
      state: 'created',
      priority: 10,
      data: { tenantId: northwind, dueBy: slot.toISOString() },
    });
    expect(scheduled!.startAfter.getTime()).toBe(slot.getTime());
    // Woodgrove, never synced: its backfill at once, behind incremental syncs.
    const [backfill] = await syncJobs(woodgrove);
    expect(backfill).toMatchObject({ state: 'created', priority: 0, data: { tenantId: woodgrove } });
    expect(backfill!.startAfter.getTime()).toBeLessThanOrEqual(Date.now());

    // Sync now: the waiting job itself, made to start now, every feed, ahead of the rest.
    const requested = await canopy.call<SyncRequestResult>('requestSync', { tenantId: northwind, actor });
    expect(requested).toEqual({ outcome: 'queued', jobId: scheduled!.id });
    const [hurried] = await syncJobs(northwind);
    expect(hurried).toMatchObject({ id: scheduled!.id, priority: 20, data: { tenantId: northwind, now: true } });
    expect(hurried!.startAfter.getTime()).toBeLessThanOrEqual(Date.now());
    await dropSyncJobs();
  }, 120_000);
});

describe('a worker with one sync slot', () => {
  let worker: RunningWorker | undefined;

  beforeAll(async () => {
    worker = await world.startWorker({
      CANOPY_SYNC_CONCURRENCY: '1',
      CANOPY_SYNC_BACKFILL_PAGES: '2',
      // The test queues the work itself.
      CANOPY_SYNC_SCHEDULE: '0 0 1 1 *',
      CANOPY_HEALTH_CHECK_SCHEDULE: '0 0 1 1 *',
    });
  }, 120_000);

  it("syncs a connected tenant's new alert while another tenant's large backfill is still going", async () => {
    const woodgrove = await tenantIdOf(WOODGROVE);
    const northwind = await tenantIdOf(NORTHWIND);
    const woodgroveFeed = () =>
      db.tenantSourceSync.findUnique({ where: { tenantId_source: { tenantId: woodgrove, source: 'MDE_ALERTS' } } });
    expect(await woodgroveFeed()).toBeNull();
    // Slow pages, so the backfill is seen going.
    await world.control('PUT', `/defender/tenants/${WOODGROVE}/faults`, { apis: ['mde'], latencyMs: 1_000 });
    try {
      // Only Woodgrove is due: its backfill takes the worker's one slot.
      await db.tenantSourceSync.updateMany({ data: { nextRunAt: new Date(Date.now() + 3_600_000) } });
      expect(await canopy.call<ScheduleSummary>('scheduleAlertSync')).toMatchObject({ enqueued: 1 });
      await until(
        'the backfill to store its first page',
        async () => (await woodgroveFeed())?.runId && (await woodgroveFeed())!.fetched > 0,
      );

      // A new alert at Northwind, whose sync comes due now.
      const northwindBefore = await db.alert.count({ where: { tenantId: northwind, source: 'MDE' } });
      await world.control('POST', `/defender/tenants/${NORTHWIND}/alerts`, { count: 1, source: 'endpoint' });
      await db.tenantSourceSync.updateMany({ where: { tenantId: northwind }, data: { nextRunAt: new Date() } });
      await canopy.call<ScheduleSummary>('scheduleAlertSync');
      const [incremental] = await syncJobs(northwind);
      expect(incremental).toMatchObject({ priority: 10 });
      await until('the incremental sync to finish', async () =>
        (await syncJobs(northwind)).some((job) => job.id === incremental!.id && job.state === 'completed'),
      );

      // Done, with the backfill still under way.
      expect(await db.alert.count({ where: { tenantId: northwind, source: 'MDE' } })).toBe(northwindBefore + 1);
      const midway = await woodgroveFeed();
      expect(midway!.backfillCompletedAt).toBeNull();
      expect(await db.alert.count({ where: { tenantId: woodgrove } })).toBeLessThan(WOODGROVE_ALERTS);

      // And the backfill goes on to the end, slice after slice.
      await until('the backfill to complete', async () => (await woodgroveFeed())?.backfillCompletedAt);
      expect(await db.alert.count({ where: { tenantId: woodgrove } })).toBe(WOODGROVE_ALERTS);
      const slices = worker!.lines.filter((line) => line.includes(`tenant ${woodgrove}: MDE_ALERTS partial: 2 pages`));
      expect(slices).toHaveLength(2);
    } finally {
      await world.control('DELETE', `/defender/tenants/${WOODGROVE}/faults`);
    }
  }, 300_000);

  it("checks each tenant's health in its own job: a tenant whose sign-in hangs holds up no other", async () => {
    const litware = await tenantIdOf(LITWARE);
    const checked = await db.customerTenant.findMany({
      where: { status: { in: ['CONNECTED', 'MISSING_PERMISSIONS', 'REVOKED'] } },
      select: { id: true },
    });
    expect(checked.length).toBeGreaterThanOrEqual(4);
    const checks = () =>
      db.$queryRaw<{ tenantId: string; state: string }[]>`
        SELECT singleton_key AS "tenantId", state FROM pgboss.job WHERE name = 'check-tenant-health'`;
    await world.control('PUT', `/tenants/${LITWARE}/token-faults`, { latencyMs: 20_000 });
    try {
      const boss = createBoss(world.databaseUrl);
      await boss.start();
      await boss.send('tenant-health-check', {});
      await boss.stop({ graceful: false, close: true });
      const others = await until('every other tenant checked', async () => {
        const jobs = await checks();
        const done = jobs.filter((job) => job.tenantId !== litware && job.state === 'completed');
        return done.length === checked.length - 1 ? jobs : null;
      });
      expect(others.map((job) => job.tenantId).sort()).toEqual(checked.map((tenant) => tenant.id).sort());
      expect(others.find((job) => job.tenantId === litware)!.state).toBe('active');
    } finally {
      await world.control('DELETE', `/tenants/${LITWARE}/token-faults`);
    }
    await until('Litware checked', async () =>
      (await checks()).some((job) => job.tenantId === litware && job.state === 'completed'),
    );
  }, 180_000);
});
