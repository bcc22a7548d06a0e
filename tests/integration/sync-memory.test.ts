// A 100,000-alert tenant streams through the sync: Canopy's sync in a child process against a real
// PostgreSQL and the simulator over https, its live heap measured between pages. Runtime: about
// two minutes on a 2-core machine (generating the alerts in the simulator, then 100 pages).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@/lib/db/client';
import type { SyncAlertsResult } from '@/lib/defender/sync-tenant-feeds';
import type { RegisterTenantResult } from '@/lib/tenants/register-tenant';
import { applyMigrations } from '@/scripts/db/apply-migrations';
import { startEmbeddedPostgres, type RunningPostgres } from '@/scripts/db/embedded-postgres';
import { startSimulator } from '../../simulator';
import { startCanopyDriver, type CanopyDriver } from './support/canopy-driver-client';

const require = createRequire(import.meta.url);
const LITWARE = '627bf0fe-8288-406a-a18b-79e8054a20e1';
const ALERTS = 100_000;
/**
 * Live heap above the baseline allowed between two pages. One page of 1,000 alerts with evidence
 * is a few MB of text and some 10–20 MB as objects. With every page kept until the run ends (the
 * mistake this test is for) the live heap grew by 393 MB, and the test failed.
 */
const MAX_GROWTH_MB = 100;

let tempDir: string;
let postgres: RunningPostgres;
let db: Db;
let simulator: Awaited<ReturnType<typeof startSimulator>>;
let canopy: CanopyDriver;
let canopyEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'canopy-sync-memory-test-'));
  postgres = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'postgres') });
  await applyMigrations({ databaseUrl: postgres.databaseUrl });
  db = createDb(postgres.databaseUrl);
  simulator = await startSimulator({ port: 0, dataDir: path.join(tempDir, 'simulator'), log: false });
  canopyEnv = {
    PATH: process.env.PATH,
    NODE_EXTRA_CA_CERTS: simulator.caCertPath,
    DATABASE_URL: postgres.databaseUrl,
    CANOPY_AUTH_SECRET: 'x'.repeat(40),
    MICROSOFT_CLOUD: 'simulator',
    SIMULATOR_URL: simulator.origin,
    ENTRA_CLIENT_ID: simulator.world.application.clientId,
    ENTRA_TENANT_ID: simulator.world.application.homeTenantId,
    ENTRA_CLIENT_SECRET: simulator.world.application.clientSecrets[0]!.value!,
    // The simulator's alerts span the 30 days before its start hour: 31 days reach them all.
    CANOPY_ALERT_BACKFILL_DAYS: '31',
    // The whole backfill in one run: the memory of one long run is what is measured.
    CANOPY_SYNC_BACKFILL_PAGES: '1000',
  } as unknown as NodeJS.ProcessEnv;
  canopy = await startCanopyDriver(canopyEnv);
}, 120_000);

afterAll(async () => {
  await canopy?.stop();
  await db?.$disconnect();
  await simulator?.stop();
  await postgres?.stop();
  await rm(tempDir, { recursive: true, force: true });
});

describe('a tenant with 100,000 alerts', () => {
  it('syncs in memory bounded by the page, not the tenant', async () => {
    const patched = await canopy.call<{ status: number; body: string }>('fetch', {
      url: `${simulator.origin}/_control/tenants/${LITWARE}`,
      method: 'PATCH',
      headers: { authorization: `Bearer ${simulator.controlToken}` },
      json: { defender: { alertCount: ALERTS } },
    });
    expect(patched.status).toBe(200);
    const actor = await db.staffUser.create({
      data: { entraObjectId: '3b5d7f9a-1c2e-4d6f-8a0b-2c4e6f8a0b1c', name: 'Avery Admin' },
      select: { id: true, name: true },
    });
    const registered = await canopy.call<RegisterTenantResult>('register', {
      input: { tenant: LITWARE, displayName: 'Litware', adminEmails: '', notes: '', dataSources: ['MDE_ALERTS'] },
      actor,
    });
    if (!registered.ok) throw new Error(registered.error);
    await canopy.call('check', { tenantId: registered.tenant.id, purpose: 'health' });

    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        require.resolve('tsx/cli'),
        '--conditions=react-server',
        'tests/integration/support/sync-heap-probe.ts',
        registered.tenant.id,
      ],
      { env: canopyEnv, encoding: 'utf8', timeout: 600_000, maxBuffer: 2 ** 20 },
    );
    const probe = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      result: SyncAlertsResult;
      baselineMb: number;
      peakMb: number;
      samples: number;
    };
    expect(probe.result).toMatchObject({
      outcome: 'succeeded',
      counts: { fetched: ALERTS, inserted: ALERTS, malformed: 0, pages: 101 },
    });
    expect(await db.alert.count({ where: { tenantId: registered.tenant.id } })).toBe(ALERTS);
    // Measured before each of the 101 requests (and once at the end).
    expect(probe.samples).toBeGreaterThanOrEqual(101);
    expect(probe.peakMb - probe.baselineMb).toBeLessThan(MAX_GROWTH_MB);
  }, 600_000);
});
