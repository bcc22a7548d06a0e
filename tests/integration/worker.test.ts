// The background worker as it runs in production: `npm run worker`'s exact command in a child
// process against a real PostgreSQL (and the simulator over https). It proves Canopy's server-only
// lib code runs outside Next (the react-server condition), that the session purge job does what it
// says, and that two workers verify a consent once.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/config/schema';
import type { CallbackResult } from '@/lib/consent/handle-callback';
import type { Db } from '@/lib/db/client';
import type { CreatedInvitation } from '@/lib/invitations/create-invitation';
import { createBoss } from '@/lib/jobs/boss';
import { runWorker } from '@/lib/jobs/run-worker';
import type { RegisterTenantResult } from '@/lib/tenants/register-tenant';
import { packageScriptArgs } from '../support/package-script';
import { ALL_DATA, startIntegrationWorld, TENANTS, until, type IntegrationWorld } from './support/integration-world';

let world: IntegrationWorld;
let db: Db;

beforeAll(async () => {
  world = await startIntegrationWorld({ name: 'worker', simulator: true, driver: true });
  ({ db } = world);
}, 60_000);

afterAll(() => world?.stop());

/** Resolves with the first output line matching `pattern`; rejects if the process exits first. */
function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        seen.push(line);
        if (pattern.test(line)) resolve(line);
      });
    }
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before ${pattern}:\n${seen.join('\n')}`)));
  });
}

describe('npm run worker', () => {
  it('runs lib code outside Next and purges ended and expired sessions, keeping live ones', async () => {
    const now = Date.now();
    const user = await db.staffUser.create({
      data: { entraObjectId: '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f', name: 'Avery Admin' },
      select: { id: true },
    });
    const [live] = await Promise.all(
      [
        { expiresAt: new Date(now + 3_600_000) },
        { expiresAt: new Date(now + 3_600_000), endedAt: new Date(now - 1000) },
        { expiresAt: new Date(now - 1000) },
      ].map((data) => db.staffSession.create({ data: { userId: user.id, role: 'ADMIN', ...data } })),
    );

    const worker = spawn(process.execPath, packageScriptArgs('worker'), { env: world.canopyEnv() });
    try {
      await waitForLine(worker, /Canopy worker ready/);
      const purged = waitForLine(worker, /purge-staff-sessions .*: deleted \d+/);
      const boss = createBoss(world.databaseUrl);
      await boss.start();
      await boss.send('purge-staff-sessions', {});
      await boss.stop({ graceful: false, close: true });
      expect(await purged).toMatch(/deleted 2 ended or expired staff sessions/);

      const remaining = await db.staffSession.findMany({ select: { id: true } });
      expect(remaining.map((s) => s.id)).toEqual([live!.id]);
      const schedules = await db.$queryRaw<
        { name: string; cron: string }[]
      >`SELECT name, cron FROM pgboss.schedule ORDER BY name`;
      expect(schedules).toEqual([
        { name: 'purge-staff-sessions', cron: '17 * * * *' },
        { name: 'schedule-alert-sync', cron: '*/2 * * * *' },
        { name: 'tenant-health-check', cron: '41 * * * *' },
      ]);
    } finally {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 90_000);

  it('starts several workers at once on a new database (their racing queue creation is retried)', async () => {
    await db.$executeRawUnsafe('CREATE DATABASE workers_together');
    const databaseUrl = new URL(world.databaseUrl);
    databaseUrl.pathname = '/workers_together';
    const config = { ...parseConfig(world.canopyEnv()), databaseUrl: databaseUrl.toString() };
    const started = await Promise.allSettled([1, 2, 3].map(() => runWorker({ config, log: () => {} })));
    for (const worker of started) if (worker.status === 'fulfilled') await worker.value.stop();
    expect(
      started.map((worker) =>
        worker.status === 'fulfilled' ? 'started' : String((worker.reason as { code?: string }).code ?? worker.reason),
      ),
    ).toEqual(['started', 'started', 'started']);
  }, 90_000);

  it('takes the next waiting job as soon as one ends, not after its polling interval', async () => {
    await db.$executeRawUnsafe('CREATE DATABASE worker_next_job');
    const databaseUrl = new URL(world.databaseUrl);
    databaseUrl.pathname = '/worker_next_job';
    // One sync slot, and a polling interval far longer than the wait below: the three jobs can
    // only all run within it if each ended job's slot asks for the next at once.
    const config = {
      ...parseConfig({ ...world.canopyEnv(), CANOPY_SYNC_CONCURRENCY: '1' }),
      databaseUrl: databaseUrl.toString(),
    };
    // A first start creates the queues; the jobs wait for the second.
    await (await runWorker({ config, log: () => {} })).stop();
    const boss = createBoss(config.databaseUrl);
    await boss.start();
    for (const key of ['first', 'second', 'third']) await boss.send('sync-tenant-alerts', {}, { singletonKey: key });
    await boss.stop({ graceful: false, close: true });

    const lines: string[] = [];
    const worker = await runWorker({ config, log: (line) => lines.push(line), pollingIntervalSeconds: 120 });
    try {
      const ran = () => lines.filter((line) => line.startsWith('sync-tenant-alerts ')).length;
      await until('three sync jobs run', () => ran() === 3, 30_000);
      expect(lines.filter((line) => line.endsWith(': ignored: no tenant id'))).toHaveLength(3);
    } finally {
      await worker.stop();
    }
  }, 90_000);

  it('is stopped by the server-only guard without the react-server condition (the guard is real)', () => {
    const result = spawnSync(
      process.execPath,
      packageScriptArgs('worker', { without: (arg) => arg.startsWith('--conditions') }),
      {
        env: world.canopyEnv(),
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('This module cannot be imported from a Client Component module');
  }, 90_000);
});

describe('verify-consent', () => {
  /** Registers a tenant, whose administrator then consents at Microsoft: Canopy's callback accepts it. */
  async function consentThroughCallback(entraTenantId: string): Promise<string> {
    const actor = await world.createStaffUser('Avery Admin');
    const registered = await world.driver.call<RegisterTenantResult>('register', {
      input: { tenant: entraTenantId, displayName: '', adminEmails: '', notes: '', dataSources: ALL_DATA },
      actor,
    });
    if (!registered.ok) throw new Error(registered.error);
    const tenantId = registered.tenant.id;
    const invitation = await world.driver.call<CreatedInvitation>('invite', { tenantId, actor });
    const token = new URL(invitation.url).pathname.split('/').at(-1)!;
    const started = await world.driver.call<{ ok: boolean; url: string }>('continue', { token });
    const state = new URL(started.url).searchParams.get('state')!;
    await world.control('POST', `/tenants/${entraTenantId}/consent`);
    const query = new URLSearchParams({ admin_consent: 'True', tenant: entraTenantId, state });
    expect(await world.driver.call<CallbackResult>('callback', { query: `?${query}` })).toMatchObject({
      status: 200,
      page: { kind: 'accepted' },
    });
    return tenantId;
  }

  /** Once the callback's verification job and any it led to have run. */
  const settled = (tenantId: string) =>
    until('the verification to settle', async () => {
      const [row] = await db.$queryRaw<{ waiting: bigint; done: bigint }[]>`
        SELECT count(*) FILTER (WHERE state NOT IN ('completed', 'failed', 'cancelled')) AS waiting,
               count(*) FILTER (WHERE state = 'completed') AS done
          FROM pgboss.job WHERE name = 'verify-consent' AND data->>'tenantId' = ${tenantId}`;
      return row!.waiting === 0n && row!.done > 0n;
    });

  const verifiedEvents = (entraTenantId: string) =>
    db.auditEvent.findMany({
      where: { tenantId: entraTenantId, action: 'tenant.verified' },
      select: { result: true, detail: true },
    });

  const statusOf = async (tenantId: string) =>
    (await db.customerTenant.findUniqueOrThrow({ where: { id: tenantId }, select: { status: true } })).status;

  const ONE_TRANSITION = [
    { result: 'SUCCESS', detail: expect.objectContaining({ statusBefore: 'CONSENTED', statusAfter: 'CONNECTED' }) },
  ];

  it('two workers after one consent callback verify the tenant once: one status change, one audit event, Connected', async () => {
    const workers = await Promise.all([world.startWorker(), world.startWorker()]);
    const tenantId = await consentThroughCallback(TENANTS.fabrikam);
    await settled(tenantId);
    expect(await statusOf(tenantId)).toBe('CONNECTED');
    expect(await verifiedEvents(TENANTS.fabrikam)).toEqual(ONE_TRANSITION);
    const connectedLines = workers.flatMap((worker) => worker.lines).filter((line) => / is now CONNECTED$/.test(line));
    expect(connectedLines).toHaveLength(1);
  }, 120_000);

  it('verifications of one tenant at once (a job delivered twice, "Check now" meanwhile) make one transition', async () => {
    const tenantId = await consentThroughCallback(TENANTS.woodgrove);
    await Promise.all([1, 2, 3].map(() => world.driver.call('check', { tenantId, purpose: 'verification' })));
    await settled(tenantId);
    expect(await statusOf(tenantId)).toBe('CONNECTED');
    expect(await verifiedEvents(TENANTS.woodgrove)).toEqual(ONE_TRANSITION);
  }, 120_000);
});
