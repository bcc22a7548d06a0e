// What keeps the alerts page live without a reload: the count behind the "N new alerts" banner and
// "Sync now" (its job, queued once per tenant, and its progress), against a real PostgreSQL, the
// simulator over https and a real worker. Canopy's use cases run in the driver child process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAlertCursor, NEW_ALERTS_LIMIT } from '@/lib/alerts/alert-list-query';
import type { Db } from '@/lib/db/client';
import type { SyncProgress } from '@/lib/defender/get-sync-progress';
import type { SyncRequestResult } from '@/lib/defender/request-tenant-sync';
import type { SyncAlertsResult } from '@/lib/defender/sync-tenant-feeds';
import type { CanopyDriver } from './support/canopy-driver-client';
import {
  startIntegrationWorld,
  TENANTS,
  until,
  type IntegrationWorld,
  type RunningWorker,
} from './support/integration-world';

const { litware: LITWARE, northwind: NORTHWIND, fabrikam: FABRIKAM, relecloud: RELECLOUD } = TENANTS;

let world: IntegrationWorld;
let db: Db;
let canopy: CanopyDriver;
let actor: { id: string; name: string };

beforeAll(async () => {
  world = await startIntegrationWorld({
    name: 'alerts-live',
    simulator: true,
    driver: true,
  });
  ({ db, driver: canopy } = world);
  actor = await world.createStaffUser('Sam Analyst');
}, 120_000);

afterAll(() => world?.stop());

/** Relecloud's alerts: three 1,000-alert pages, so a first sync of one page a job takes three jobs. */
const RELECLOUD_ALERTS = 2_500;

const register = (entraTenantId: string) => world.registerTenant(entraTenantId, { actor, dataSources: ['MDE_ALERTS'] });

/** Registered and checked as "Check now" does: Connected. */
const connect = (entraTenantId: string) => world.connectTenant(entraTenantId, { actor, dataSources: ['MDE_ALERTS'] });

describe('the count behind the "N new alerts" banner', () => {
  let litware: string;
  /** Litware's primary alerts as the list orders them: newest change first, then id. */
  let listed: { id: bigint; lastUpdateTime: Date; severity: string }[];
  const count = (query: Record<string, string>, since: string | null) =>
    canopy.call<number>('countNewerAlerts', { query, since });
  const cursorOf = (index: number) =>
    encodeAlertCursor({ sort: 'updated', time: listed[index]!.lastUpdateTime, rank: 0, id: listed[index]!.id });

  beforeAll(async () => {
    await world.control('POST', `/defender/tenants/${LITWARE}/alerts`, { count: 150, source: 'endpoint' });
    await world.control('POST', `/defender/tenants/${LITWARE}/alerts`, {
      count: 3,
      source: 'endpoint',
      severity: 'High',
    });
    litware = await connect(LITWARE);
    const result = await canopy.call<SyncAlertsResult>('syncAlerts', { tenantId: litware });
    expect(result.outcome).toBe('succeeded');
    listed = await db.alert.findMany({
      where: { tenantId: litware, isPrimary: true },
      orderBy: [{ lastUpdateTime: 'desc' }, { id: 'desc' }],
      select: { id: true, lastUpdateTime: true, severity: true },
    });
    expect(listed.length).toBeGreaterThan(NEW_ALERTS_LIMIT + 50);
  }, 120_000);

  it('counts the alerts above the newest one shown, by (last update, id), under the same filters', async () => {
    expect(await count({}, cursorOf(0))).toBe(0);
    expect(await count({}, cursorOf(3))).toBe(3);
    expect(await count({ tenant: litware }, cursorOf(7))).toBe(7);
    expect(await count({ tenant: '00000000-0000-4000-8000-000000000000' }, cursorOf(7))).toBe(0);
    const highAbove = listed.slice(0, 40).filter((alert) => alert.severity === 'High').length;
    expect(highAbove).toBeGreaterThanOrEqual(3);
    expect(await count({ severity: 'High' }, cursorOf(40))).toBe(highAbove);
  });

  it('counts an alert at the same time as the cursor only when its id is higher, and never a duplicate copy', async () => {
    // Two alerts changed in the same millisecond: the keyset order breaks the tie by id.
    const [first, second] = [listed[10]!, listed[11]!];
    await db.alert.update({ where: { id: second.id }, data: { lastUpdateTime: first.lastUpdateTime } });
    const low = second.id < first.id ? second : first;
    expect(
      await count({}, encodeAlertCursor({ sort: 'updated', time: first.lastUpdateTime, rank: 0, id: low.id })),
    ).toBe(11);
    // A detection's other copy (is_primary false) is listed once: not counted either.
    await db.alert.update({ where: { id: listed[2]!.id }, data: { isPrimary: false } });
    try {
      expect(await count({}, cursorOf(5))).toBe(4);
    } finally {
      await db.alert.update({ where: { id: listed[2]!.id }, data: { isPrimary: true } });
      await db.alert.update({ where: { id: second.id }, data: { lastUpdateTime: second.lastUpdateTime } });
    }
  });

  it('stops at the banner’s limit (shown as "99+"), and counts everything when the page showed nothing', async () => {
    expect(await count({}, cursorOf(150))).toBe(NEW_ALERTS_LIMIT);
    expect(await count({}, null)).toBe(NEW_ALERTS_LIMIT);
    expect(await count({ severity: 'High' }, null)).toBe(
      Math.min(NEW_ALERTS_LIMIT, listed.filter((alert) => alert.severity === 'High').length),
    );
  });
});

describe('"Sync now"', () => {
  let northwind: string;
  const request = (tenantId: string) => canopy.call<SyncRequestResult>('requestSync', { tenantId, actor });
  const waitingJobs = (tenantId: string) =>
    db.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM pgboss.job WHERE name = 'sync-tenant-alerts' AND singleton_key = ${tenantId} AND state = 'created'`;

  beforeAll(async () => {
    northwind = await connect(NORTHWIND);
  });

  it('is refused while no worker has created the sync queue, and for a tenant that is not connected', async () => {
    expect(await request(northwind)).toEqual({
      outcome: 'refused',
      reason: 'The background worker has not started yet; try again in a minute.',
    });
    await canopy.call('createSyncQueue');
    const fabrikam = await register(FABRIKAM);
    expect(await request(fabrikam)).toEqual({
      outcome: 'refused',
      reason: 'The tenant is not connected, so Canopy cannot read its alerts.',
    });
    expect(await request('00000000-0000-4000-8000-000000000000')).toEqual({ outcome: 'not-found' });
    expect(await waitingJobs(fabrikam)).toEqual([]);
  });

  it('queues one job per tenant however often it is asked, at once whatever the schedule and backoff', async () => {
    await canopy.call('createSyncQueue');
    // Failing, backed off until next year: the schedule would leave it alone.
    await db.tenantSourceSync.create({
      data: {
        tenantId: northwind,
        source: 'MDE_ALERTS',
        status: 'FAILED',
        consecutiveFailures: 4,
        nextRunAt: new Date(Date.now() + 365 * 86_400_000),
      },
    });
    const [first, second] = await Promise.all([request(northwind), request(northwind)]);
    const third = await request(northwind);
    expect(first.outcome).toBe('queued');
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(await waitingJobs(northwind)).toEqual([{ id: (first as { jobId: string }).jobId }]);
    const audited = await db.auditEvent.findMany({
      where: { action: 'alerts.sync-requested', tenantId: NORTHWIND },
      select: { actorName: true, detail: true },
    });
    expect(audited.map((event) => event.actorName)).toEqual(['Sam Analyst', 'Sam Analyst', 'Sam Analyst']);
    expect(audited.filter((event) => (event.detail as { alreadyQueued: boolean }).alreadyQueued)).toHaveLength(2);
  });

  it('reports queued, then running with the time and items read, then done with the alerts it stored', async () => {
    const { jobId } = (await request(northwind)) as { jobId: string };
    const progress = () => canopy.call<SyncProgress | null>('syncProgress', { tenantId: northwind, jobId });
    expect(await progress()).toEqual({ phase: 'queued' });
    // Another tenant's id with this job: nothing to see.
    expect(await canopy.call('syncProgress', { tenantId: actor.id, jobId })).toBeNull();

    // Slow answers, so the run is seen running.
    await world.control('PUT', `/defender/tenants/${NORTHWIND}/faults`, { apis: ['mde'], latencyMs: 1_500 });
    try {
      await startWorker();
      const running = await until('the run', async () => {
        const now = await progress();
        return now?.phase === 'running' ? now : null;
      });
      expect(running.runningForSeconds).toBeGreaterThanOrEqual(0);
      const done = await until('the end of the run', async () => {
        const now = await progress();
        return now && now.phase !== 'running' && now.phase !== 'queued' ? now : null;
      });
      const stored = await db.alert.count({ where: { tenantId: northwind, isPrimary: true } });
      expect(stored).toBeGreaterThan(0);
      expect(done).toEqual({ phase: 'done', complete: true, changed: stored });
    } finally {
      await world.control('DELETE', `/defender/tenants/${NORTHWIND}/faults`);
    }

    // The next request picks up an alert added since: one new, the rest unchanged.
    await world.control('POST', `/defender/tenants/${NORTHWIND}/alerts`, { count: 1, source: 'endpoint' });
    const next = (await request(northwind)) as { jobId: string };
    expect(next.jobId).not.toBe(jobId);
    const after = await until('the second run', async () => {
      const now = await canopy.call<SyncProgress | null>('syncProgress', { tenantId: northwind, jobId: next.jobId });
      return now?.phase === 'done' ? now : null;
    });
    expect(after).toEqual({ phase: 'done', complete: true, changed: 1 });
  }, 180_000);
});

describe('"Sync now" of a first sync that goes on in further jobs', () => {
  it('reports running across its slices, with what each feed read and stored so far, then done with every alert', async () => {
    await world.control('PATCH', `/tenants/${RELECLOUD}`, { defender: { alertCount: RELECLOUD_ALERTS } });
    const relecloud = await connect(RELECLOUD);
    await startWorker();
    // Slow pages, so each slice is seen.
    await world.control('PUT', `/defender/tenants/${RELECLOUD}/faults`, { apis: ['mde'], latencyMs: 1_000 });
    try {
      const requested = await canopy.call<SyncRequestResult>('requestSync', { tenantId: relecloud, actor });
      const { jobId } = requested as { jobId: string };
      const seen: SyncProgress[] = [];
      const done = await until(
        'the end of the first sync',
        async () => {
          const now = await canopy.call<SyncProgress | null>('syncProgress', { tenantId: relecloud, jobId });
          if (now) seen.push(now);
          return now && now.phase !== 'running' && now.phase !== 'queued' ? now : null;
        },
        180_000,
      );
      expect(done).toEqual({ phase: 'done', complete: true, changed: RELECLOUD_ALERTS });
      expect(await db.alert.count({ where: { tenantId: relecloud } })).toBe(RELECLOUD_ALERTS);
      // One job per slice (one page each): the request's job, then two more. The progress reads
      // the feed, written in the last job's transaction; pg-boss completes that job just after.
      const jobs = await until('every slice’s job completed', async () => {
        const rows = await db.$queryRaw<{ id: string; state: string }[]>`
          SELECT id::text, state FROM pgboss.job WHERE name = 'sync-tenant-alerts' AND singleton_key = ${relecloud} ORDER BY created_on`;
        return rows.every((job) => job.state === 'completed') ? rows : null;
      });
      expect(jobs.map((job) => job.state)).toEqual(['completed', 'completed', 'completed']);
      expect(jobs.map((job) => job.id)).toContain(jobId);

      // Running all along, each slice's pages added to the last's: 1,000 alerts, then 2,000.
      const running = seen.filter((progress) => progress.phase === 'running');
      expect(seen.slice(seen.indexOf(running[0]!), -1)).toEqual(running);
      const readSoFar = new Set(running.flatMap((progress) => progress.feeds.map((feed) => feed.itemsRead)));
      expect(readSoFar).toContain(1_000);
      expect(readSoFar).toContain(2_000);
      // Stored: what the two slices read, less an alert the second one read again (same time).
      const second = running.find((progress) => progress.feeds[0]?.itemsRead === 2_000);
      expect(second).toMatchObject({
        feeds: [{ feed: 'MDE_ALERTS', label: 'Defender for Endpoint alerts', itemsRead: 2_000 }],
      });
      expect(second!.feeds[0]!.stored).toBeGreaterThan(1_000);
    } finally {
      await world.control('DELETE', `/defender/tenants/${RELECLOUD}/faults`);
    }
  }, 240_000);
});

let worker: Promise<RunningWorker> | undefined;
/**
 * The worker (started once, by the first test that needs it): it syncs only what is asked of it
 * (no scheduled syncs), and a first sync one page a job.
 */
const startWorker = () =>
  (worker ??= world.startWorker({ CANOPY_SYNC_SCHEDULE: '0 0 1 1 *', CANOPY_SYNC_BACKFILL_PAGES: '1' }));
