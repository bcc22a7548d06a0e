/**
 * Benchmark of Canopy's Defender for Endpoint alert sync: a first sync (backfill) of one tenant
 * with 10,000 alerts from the simulator over https into an embedded PostgreSQL, then the batch
 * upsert alone at several batch sizes. Prints numbers only (no pass/fail):
 *
 *   npx tsx scripts/bench/sync-alerts.ts [--alerts 10000] [--page-size 1000]
 *
 * Canopy's side runs in a child process started with NODE_EXTRA_CA_CERTS (the simulator's CA), as
 * Canopy's server trusts it; the parent starts PostgreSQL and the simulator.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { DEFAULT_WORLD_FILE, startSimulator } from '../../simulator/index';
import type { worldSchema } from '../../simulator/world/schema';
import { applyMigrations } from '../db/apply-migrations';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { canopyScriptArgs } from '../lib/canopy-script';
import { benchCanopyEnv } from './lib/canopy-env';
import { cpuSecondsOfTree, ownCpuSeconds } from './lib/process-tree';

const LITWARE = '627bf0fe-8288-406a-a18b-79e8054a20e1';
const BATCH_SIZES = [100, 250, 500, 1000, 2000];
const perAlert = (seconds: number, count: number) => `${Math.round((seconds * 1e6) / count)} µs`;

const { values } = parseArgs({
  options: {
    alerts: { type: 'string', default: '10000' },
    'page-size': { type: 'string', default: '1000' },
    child: { type: 'boolean', default: false },
  },
});
const alertCount = Number(values.alerts);
const pageSize = Number(values['page-size']);

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (count: number, ms: number) => `${Math.round(count / (ms / 1000)).toLocaleString('en')} alerts/s`;

/** Canopy's side: the sync as the worker runs it, then the upsert alone. */
async function child(): Promise<void> {
  const { getDb, withPgTransaction } = await import('@/lib/db/client');
  const { syncTenantFeed } = await import('@/lib/defender/sync-tenant-feeds');
  const { mdeAlertRow, mdeAlertSchema } = await import('@/lib/defender/mde-alert-schema');
  const { upsertAlerts } = await import('@/lib/defender/upsert-alerts');
  const db = getDb();
  const newTenant = (name: string) =>
    db.customerTenant.create({
      data: {
        entraTenantId: name === 'litware' ? LITWARE : crypto.randomUUID(),
        displayName: name,
        dataSources: ['MDE_ALERTS'],
        status: 'CONNECTED',
        permissions: [{ dataSource: 'MDE_ALERTS', granted: ['Alert.Read.All'] }],
      },
      select: { id: true },
    });

  // 1. The first sync of a tenant: list pages (https, JSON, validation) and batch upserts.
  const tenant = await newTenant('litware');
  let started = performance.now();
  const result = await syncTenantFeed(tenant.id, 'MDE_ALERTS', { pageSize });
  const syncMs = performance.now() - started;
  if (result.outcome !== 'succeeded') throw new Error(`sync ended ${JSON.stringify(result)}`);
  console.log(
    `backfill of ${result.counts.fetched.toLocaleString('en')} alerts in ${result.counts.pages} pages of ${pageSize}: ${seconds(syncMs)}, ${rate(result.counts.fetched, syncMs)}`,
  );
  started = performance.now();
  const again = await syncTenantFeed(tenant.id, 'MDE_ALERTS', { pageSize });
  if (again.outcome !== 'succeeded') throw new Error(`sync ended ${JSON.stringify(again)}`);
  console.log(
    `next run (nothing changed, ${again.counts.fetched} alerts of the overlap re-read, ${again.counts.updated} written): ${seconds(performance.now() - started)}`,
  );

  // 2. The upsert alone, on the same alerts, per batch size: new rows, a re-read (no change), a change.
  // CPU per alert as well as wall time: the machine may be running other work.
  const postmaster = Number(process.env.BENCH_POSTGRES_PID);
  const cpu = () => ({
    canopy: ownCpuSeconds(),
    postgres: cpuSecondsOfTree(postmaster),
  });
  const stored = await db.alert.findMany({ where: { tenantId: tenant.id }, select: { payload: true } });
  const rows = stored.map(({ payload }) => mdeAlertRow(mdeAlertSchema.parse(payload)));
  const payloadKb = rows.reduce((sum, row) => sum + JSON.stringify(row.payload).length, 0) / rows.length / 1024;
  const changed = rows.map((row) => ({
    ...row,
    status: 'Resolved',
    lastUpdateTime: new Date(row.lastUpdateTime.getTime() + 1),
  }));
  console.log(
    `\nupsert of ${rows.length.toLocaleString('en')} alerts (payloads with evidence, ${payloadKb.toFixed(1)} KB on average), per batch size:`,
  );
  console.log(
    `${'batch'.padStart(6)}  ${'insert'.padStart(26)}  ${'CPU/alert: Node'.padStart(15)}  ${'PostgreSQL'.padStart(10)}  ${'same again'.padStart(10)}  ${'changed'.padStart(10)}`,
  );
  for (const batchSize of BATCH_SIZES) {
    const target = await newTenant(`bench ${batchSize}`);
    const time = async (input: typeof rows) => {
      const t0 = performance.now();
      await withPgTransaction(db, (tx) => upsertAlerts(tx, target.id, input, { batchSize }));
      return performance.now() - t0;
    };
    const before = cpu();
    const insert = await time(rows);
    const after = cpu();
    const same = await time(rows);
    const change = await time(changed);
    const perBatch = insert / Math.ceil(rows.length / batchSize);
    console.log(
      `${String(batchSize).padStart(6)}  ${seconds(insert).padStart(8)} (${perBatch.toFixed(0).padStart(4)} ms/batch)  ${rate(rows.length, insert).padStart(14)}  ${perAlert(after.canopy - before.canopy, rows.length).padStart(15)}  ${perAlert(after.postgres - before.postgres, rows.length).padStart(10)}  ${seconds(same).padStart(10)}  ${seconds(change).padStart(10)}`,
    );
  }

  // 3. For comparison: Prisma's createMany (inserts only; it cannot update).
  const plain = await newTenant('createMany');
  started = performance.now();
  for (let start = 0; start < rows.length; start += 500) {
    await db.alert.createMany({
      data: rows.slice(start, start + 500).map((row) => ({ ...row, tenantId: plain.id })),
      skipDuplicates: true,
    });
  }
  const createManyMs = performance.now() - started;
  console.log(
    `\nPrisma createMany, batches of 500 (inserts only): ${seconds(createManyMs)}, ${rate(rows.length, createManyMs)}`,
  );
  await db.$disconnect();
}

/** The infrastructure: PostgreSQL, the simulator with one tenant of `alertCount` alerts, the child. */
async function parent(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'canopy-bench-sync-'));
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
  try {
    await applyMigrations({ databaseUrl: postgres.databaseUrl });
    const world = JSON.parse(await readFile(DEFAULT_WORLD_FILE, 'utf8')) as z.input<typeof worldSchema>;
    const litware = world.tenants.find((tenant) => tenant.id === LITWARE)!;
    litware.defender = { ...litware.defender, alertCount };
    const simulator = await startSimulator({ port: 0, dataDir: path.join(dataDir, 'simulator'), world, log: false });
    try {
      console.log(`Alert sync benchmark: 1 tenant × ${alertCount.toLocaleString('en')} alerts, pages of ${pageSize}`);
      const child = spawn(
        process.execPath,
        canopyScriptArgs('scripts/bench/sync-alerts.ts', ['--child', ...process.argv.slice(2)]),
        {
          stdio: 'inherit',
          // The whole backfill in one run: this times the reading and writing, not the slicing
          // that lets other tenants' syncs go in between.
          env: {
            ...benchCanopyEnv(simulator, postgres.databaseUrl),
            CANOPY_SYNC_BACKFILL_PAGES: '1000',
            BENCH_POSTGRES_PID: String(postgres.pid),
          },
        },
      );
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      if (code !== 0) process.exitCode = 1;
    } finally {
      await simulator.stop();
    }
  } finally {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await (values.child ? child() : parent());
