/**
 * `npm run bench`: the sync at scale, then the pages benchmark (scripts/bench/pages.ts). For each
 * source set and worker count, a fresh run: embedded PostgreSQL with Canopy's migrations, the
 * simulator over https with generated tenants (each with an upstream latency), the tenants
 * registered as Connected with their roles, and `npm run worker` processes. Then:
 *
 * 1. initial sync: one `schedule-alert-sync` job (what the worker's cron sends; the cron itself
 *    runs every minute here) until every feed of every tenant has read its backfill;
 * 2. incremental sync: fresh workers, "Sync now" for every tenant (its job and priority), with
 *    no upstream change: rows written (pg_stat_user_tables) should be 0, and the CPU it cost
 *    the workers and PostgreSQL is the price of a tenant's run with nothing new;
 * 3. live (`--live-minutes`): fresh workers while the simulator adds alerts to every tenant;
 *    freshness is an alert's first stored time minus its creation time upstream.
 *
 *   npm run bench -- [--tenants 1000] [--alerts 1000] [--workers 1,2,4] [--sources mde,all]
 *     [--latency-ms 100] [--live-minutes 3] [--live-rate 1] [--skip-pages] [--out bench-results/sync.json]
 *     [--pg shared_buffers=2GB ...]   (PostgreSQL settings; repeat for several)
 *     [--cpu-prof-dir DIR]   (each worker writes a V8 CPU profile there when it stops)
 *
 * Prints tables and writes JSON. Numbers only: no pass/fail. The health check is off (it asks for
 * fresh tokens by design), so every token request counted is the sync's.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDb } from '@/lib/db/client';
import type { DataSource } from '@/lib/generated/prisma/enums';
import { hurryWaitingJob } from '@/lib/defender/request-tenant-sync';
import { createBoss } from '@/lib/jobs/boss';
import { QUEUES, SYNC_PRIORITY, type SyncTenantAlertsJob } from '@/lib/jobs/queues';
import { msFromTicks, ticksFromMs } from '../../simulator/defender/data/ticks';
import { setLiveRate } from '../../simulator/defender/state';
import { startSimulator, type RunningSimulator } from '../../simulator/index';
import { applyMigrations } from '../db/apply-migrations';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { startProcess, type RunningProcess } from '../lib/child-process';
import { isWorkerReady, WORKER_NODE_FLAGS, workerArgs } from '../lib/canopy-script';
import { benchTenantId, buildBenchWorld } from './lib/bench-world';
import { benchCanopyEnv } from './lib/canopy-env';
import { percentile } from './lib/latency';
import { cpuSecondsOfTree, mb, ownCpuSeconds, peakRssOfTree } from './lib/process-tree';
import * as database from './lib/sync-database';
import { UpstreamCallRecorder, type UpstreamSummary } from './lib/upstream-calls';

const { values } = parseArgs({
  options: {
    tenants: { type: 'string', default: '1000' },
    alerts: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '1,2,4' },
    sources: { type: 'string', default: 'mde,all' },
    'latency-ms': { type: 'string', default: '100' },
    'live-minutes': { type: 'string', default: '3' },
    'live-rate': { type: 'string', default: '1' },
    'timeout-minutes': { type: 'string', default: '20' },
    'simulator-port': { type: 'string', default: '8973' },
    'skip-pages': { type: 'boolean', default: false },
    'cpu-prof-dir': { type: 'string' },
    pg: { type: 'string', multiple: true, default: [] },
    out: { type: 'string', default: 'bench-results/sync.json' },
  },
});
const tenantCount = Number(values.tenants);
const alertCount = Number(values.alerts);
const latencyMs = Number(values['latency-ms']);
const liveMinutes = Number(values['live-minutes']);
const liveRate = Number(values['live-rate']);
const timeoutMs = Number(values['timeout-minutes']) * 60_000;
const cpuProfDir = values['cpu-prof-dir'];
const postgresSettings = Object.fromEntries(
  values.pg.map((setting) => {
    const [name, value] = setting.split('=');
    if (!name || value === undefined)
      throw new Error(`--pg takes name=value, e.g. --pg shared_buffers=2GB: ${setting}`);
    return [name, value];
  }),
);

type Sources = 'mde' | 'all';
const SOURCES: Record<
  Sources,
  { feeds: number; dataSources: DataSource[]; permissions: { dataSource: DataSource; granted: string[] }[] }
> = {
  mde: {
    feeds: 1,
    dataSources: ['MDE_ALERTS'],
    permissions: [{ dataSource: 'MDE_ALERTS', granted: ['Alert.Read.All'] }],
  },
  all: {
    feeds: 4, // MDE alerts, XDR incidents, Graph alerts and Graph incidents
    dataSources: ['MDE_ALERTS', 'XDR_INCIDENTS', 'GRAPH_SECURITY'],
    permissions: [
      { dataSource: 'MDE_ALERTS', granted: ['Alert.Read.All'] },
      { dataSource: 'XDR_INCIDENTS', granted: ['Incident.Read.All'] },
      { dataSource: 'GRAPH_SECURITY', granted: ['SecurityAlert.Read.All', 'SecurityIncident.Read.All'] },
    ],
  },
};
const GRANTED_APP_ROLES = [
  'WindowsDefenderATP/Alert.Read.All',
  'Microsoft Threat Protection/Incident.Read.All',
  'Microsoft Graph/SecurityAlert.Read.All',
  'Microsoft Graph/SecurityIncident.Read.All',
];

const sourceList = values.sources.split(',').map((s) => s.trim() as Sources);
const workerCounts = values.workers.split(',').map(Number);
if (sourceList.some((s) => !(s in SOURCES)) || workerCounts.some((n) => !(n >= 1)))
  throw new Error('--sources takes mde and/or all, --workers positive counts (e.g. 1,2,4)');

const seconds = (ms: number) => Math.round(ms / 100) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const load = () => loadavg().map((n) => Math.round(n * 100) / 100);

async function startWorkers(count: number, env: NodeJS.ProcessEnv): Promise<RunningProcess[]> {
  const workers = Array.from({ length: count }, (_, i) =>
    startProcess({
      name: `worker ${i + 1}`,
      command: process.execPath,
      args: cpuProfDir
        ? // tsx's CLI runs the script in a child node; loaded as a hook instead, the profile is the worker's.
          [
            ...WORKER_NODE_FLAGS,
            '--cpu-prof',
            `--cpu-prof-dir=${cpuProfDir}`,
            '--import',
            'tsx',
            '--conditions=react-server',
            'scripts/worker.ts',
          ]
        : workerArgs(),
      env,
      readyWhen: isWorkerReady,
      // Job lines are many; only trouble is shown.
      onLine: (line) => /error|fail|warn/i.test(line) && console.log(`    [worker ${i + 1}] ${line}`),
    }),
  );
  await Promise.all(workers.map((worker) => worker.ready));
  return workers;
}

/** Stops the workers and waits for their sessions to end (their table statistics are then written). */
async function stopWorkers(workers: RunningProcess[], db: pg.Client): Promise<void> {
  await Promise.all(workers.map((worker) => worker.stop()));
  await database.waitForNoOtherSessions(db);
}

/**
 * CPU seconds spent since it was made, by the workers, by PostgreSQL, and by this process (the
 * simulator, which Microsoft's side would run on its own machines, and the progress queries).
 */
function cpuMeter(workers: RunningProcess[], postgresPid: number) {
  const now = () => ({
    workers: workers.reduce((sum, worker) => sum + cpuSecondsOfTree(worker.pid), 0),
    postgres: cpuSecondsOfTree(postgresPid),
    simulator: ownCpuSeconds(),
  });
  const start = now();
  return {
    seconds: () => {
      const end = now();
      return {
        workers: seconds((end.workers - start.workers) * 1000),
        postgres: seconds((end.postgres - start.postgres) * 1000),
        simulator: seconds((end.simulator - start.simulator) * 1000),
      };
    },
  };
}

async function withSender<T>(databaseUrl: string, work: (boss: ReturnType<typeof createBoss>) => Promise<T>) {
  const boss = createBoss(databaseUrl, { supervise: false, schedule: false, max: 2 });
  await boss.start();
  try {
    return await work(boss);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** Live mode for `liveMinutes`, then until every alert created meanwhile is stored (or a timeout). */
async function measureFreshness(simulator: RunningSimulator, db: pg.Client, sources: Sources) {
  const state = simulator.services.defender;
  const start = Date.now();
  // Tenants start one after another over one interval between events, so their alerts arrive
  // spread out (as they would) rather than all at the same instant.
  for (let i = 1; i <= tenantCount; i++) {
    setLiveRate(state, liveRate, benchTenantId(i));
    await sleep(60_000 / liveRate / tenantCount);
  }
  await sleep(liveMinutes * 60_000);
  for (let i = 1; i <= tenantCount; i++) setLiveRate(state, 0, benchTenantId(i));
  const end = Date.now();
  // Every alert the live mode created, by id, with its creation time; Defender for Endpoint's
  // API lists only endpoint alerts, the others come through XDR and Graph.
  const created = new Map<string, number>();
  for (let i = 1; i <= tenantCount; i++) {
    const tenant = simulator.services.world.resolveTenant(benchTenantId(i))!;
    for (const alert of state.tenants.get(tenant).alertsById.values()) {
      const at = alert.alertCreationTime;
      if (at >= ticksFromMs(start) && at <= ticksFromMs(end) && (sources === 'all' || alert.source === 'endpoint'))
        created.set(alert.id, msFromTicks(at));
    }
  }
  const deadline = Date.now() + 5 * 60_000;
  let stored = await database.firstStored(db, start);
  while ([...created.keys()].some((id) => !stored.has(id)) && Date.now() < deadline) {
    await sleep(5000);
    stored = await database.firstStored(db, start);
  }
  const delays = [...created]
    .filter(([id]) => stored.has(id))
    .map(([id, at]) => stored.get(id)! - at)
    .sort((a, b) => a - b);
  return {
    minutes: liveMinutes,
    ratePerTenantPerMinute: liveRate,
    created: created.size,
    stored: delays.length,
    p50Seconds: seconds(percentile(delays, 50)),
    p95Seconds: seconds(percentile(delays, 95)),
    maxSeconds: seconds(delays.at(-1) ?? Number.NaN),
  };
}

async function run(sources: Sources, workerCount: number, baseDir: string) {
  const runDir = await mkdtemp(path.join(baseDir, 'run-'));
  // pg_stat_statements: where PostgreSQL's time goes, printed after the initial sync.
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(runDir, 'postgres'),
    settings: { shared_preload_libraries: 'pg_stat_statements', ...postgresSettings },
  });
  const world = await buildBenchWorld({ tenants: tenantCount, alerts: alertCount, grantedAppRoles: GRANTED_APP_ROLES });
  const simulator = await startSimulator({
    port: Number(values['simulator-port']),
    dataDir: path.join(baseDir, 'simulator'),
    world,
    log: false,
  });
  const recorder = new UpstreamCallRecorder(simulator.services.requestLog);
  const db = new pg.Client({ connectionString: postgres.databaseUrl });
  let workers: RunningProcess[] = [];
  try {
    await applyMigrations({ databaseUrl: postgres.databaseUrl });
    await db.connect();
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    for (let i = 1; i <= tenantCount; i++) simulator.services.defender.faults.set(benchTenantId(i), { latencyMs });
    const canopy = createDb(postgres.databaseUrl);
    await canopy.customerTenant.createMany({
      data: Array.from({ length: tenantCount }, (_, i) => ({
        entraTenantId: benchTenantId(i + 1),
        displayName: `Bench tenant ${i + 1}`,
        dataSources: SOURCES[sources].dataSources,
        status: 'CONNECTED' as const,
        permissions: SOURCES[sources].permissions,
      })),
    });
    const tenantIds = (await canopy.customerTenant.findMany({ select: { id: true } })).map((tenant) => tenant.id);
    await canopy.$disconnect();
    const env = benchCanopyEnv(simulator, postgres.databaseUrl, {
      CANOPY_SYNC_SCHEDULE: '* * * * *',
      CANOPY_HEALTH_CHECK_SCHEDULE: '0 0 1 1 *',
    });
    const expected = tenantCount * SOURCES[sources].feeds;
    const loadBefore = load();

    // 1. Initial sync.
    console.log(`  initial sync (${expected} feeds)…`);
    workers = await startWorkers(workerCount, env);
    await database.resetStatements(db);
    const cpu = cpuMeter(workers, postgres.pid);
    const initialStart = Date.now();
    await withSender(postgres.databaseUrl, (boss) => boss.send(QUEUES.scheduleAlertSync, {}));
    const initial = await database.waitForFeeds(db, { sinceMs: initialStart, expected, timeoutMs });
    const initialMs = (initial.lastFinishedMs ?? Date.now()) - initialStart;
    const initialCpu = cpu.seconds();
    const initialStatements = await database.topStatements(db, 8);
    const workerPeakRss = workers.map((worker) => mb(peakRssOfTree(worker.pid)));
    const loadAfterInitial = load();
    await stopWorkers(workers, db);
    const afterInitial = await database.rowCounts(db);
    const writesBefore = await database.tableWrites(db);
    const initialCalls = recorder.summary();
    const incrementalMark = recorder.mark();

    // 2. Incremental sync, nothing changed upstream.
    console.log('  incremental sync…');
    workers = await startWorkers(workerCount, env);
    const incrementalCpu = cpuMeter(workers, postgres.pid);
    const incrementalStart = Date.now();
    await withSender(postgres.databaseUrl, async (boss) => {
      // As "Sync now" sends it (every feed, due or not), without its audit event: a tenant whose
      // scheduled job already waits (the cron ran during the initial sync) gets that job made
      // into a Sync now, rather than none (its singleton key refuses a second).
      const canopy = createDb(postgres.databaseUrl);
      try {
        for (const tenantId of tenantIds) {
          const job: SyncTenantAlertsJob = { tenantId, now: true };
          const sent = await boss.send(QUEUES.syncTenantAlerts, job, {
            singletonKey: tenantId,
            priority: SYNC_PRIORITY.syncNow,
          });
          if (sent === null) await hurryWaitingJob(canopy, tenantId);
        }
      } finally {
        await canopy.$disconnect();
      }
    });
    const incremental = await database.waitForFeeds(db, { sinceMs: incrementalStart, expected, timeoutMs });
    const incrementalMs = (incremental.lastFinishedMs ?? Date.now()) - incrementalStart;
    const incrementalCpuSeconds = incrementalCpu.seconds();
    await stopWorkers(workers, db);
    const rowsWritten = database.writesBetween(writesBefore, await database.tableWrites(db));
    const incrementalCalls = recorder.summary(incrementalMark);

    // 3. Live mode: freshness.
    let freshness = null;
    if (liveMinutes > 0) {
      console.log(`  live mode, ${liveRate} alert(s) per tenant per minute for ${liveMinutes} min…`);
      workers = await startWorkers(workerCount, env);
      freshness = await measureFreshness(simulator, db, sources);
      await stopWorkers(workers, db);
    }
    workers = [];
    const final = await database.rowCounts(db);
    return {
      sources,
      workers: workerCount,
      tenants: tenantCount,
      alertsPerTenant: alertCount,
      upstreamLatencyMs: latencyMs,
      load: { before: loadBefore, afterInitialSync: loadAfterInitial, end: load() },
      initialSync: {
        finished: initial.finished,
        failedFeeds: initial.failed,
        seconds: seconds(initialMs),
        alerts: afterInitial.alerts,
        incidents: afterInitial.incidents,
        rowsPerSecond: Math.round((afterInitial.alerts + afterInitial.incidents) / (initialMs / 1000)),
        /**
         * Row versions written over stored rows (the database is fresh, so all the initial sync's):
         * a copy demoted when its better source came later, or an item read twice.
         */
        rowsRewritten: writesBefore.alert.updated + writesBefore.incident.updated,
        cpuSeconds: initialCpu,
        topStatements: initialStatements,
        upstream: initialCalls,
      },
      incrementalSync: {
        finished: incremental.finished,
        seconds: seconds(incrementalMs),
        cpuSeconds: incrementalCpuSeconds,
        rowsWritten,
        upstream: incrementalCalls,
      },
      freshness,
      /** Whole run (all phases): tokens are shared through the database, so fresh workers reuse them. */
      upstream: recorder.summary(),
      workerPeakRssMb: workerPeakRss,
      databaseMb: { afterInitialSync: mb(afterInitial.bytes), end: mb(final.bytes) },
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    recorder.stop();
    await db.end().catch(() => undefined);
    await simulator.stop();
    await postgres.stop();
    await rm(runDir, { recursive: true, force: true });
  }
}

type RunResult = Awaited<ReturnType<typeof run>>;

function printTables(runs: RunResult[]): void {
  const rows = (header: string[], lines: string[][]) => {
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]!.length)));
    for (const line of [header, ...lines]) console.log(line.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
  };
  const calls = (upstream: UpstreamSummary) =>
    (['mde', 'xdr', 'graph'] as const)
      .filter((api) => upstream.callsPerTenant[api])
      .map((api) => `${api} ${upstream.callsPerTenant[api]!.mean}`)
      .join(', ');
  const peaks = (upstream: UpstreamSummary) =>
    (['mde', 'xdr', 'graph'] as const)
      .filter((api) => upstream.peakPerMinute[api])
      .map((api) => `${api} ${upstream.peakPerMinute[api]!.calls}/${upstream.peakPerMinute[api]!.limit}`)
      .join(', ');
  console.log('\nSync');
  rows(
    [
      'sources',
      'workers',
      'initial s',
      'rows',
      'rows/s',
      'rewritten',
      'initial CPU s: workers/PG/simulator',
      'incr. s',
      'incr. CPU s: workers/PG',
      'incr. written',
      'fresh p50/p95 s',
      'worker RSS MB',
      'DB MB',
      'load 1m',
    ],
    runs.map((r) => [
      r.sources,
      String(r.workers),
      `${r.initialSync.seconds}${r.initialSync.finished ? '' : ' (unfinished)'}`,
      String(r.initialSync.alerts + r.initialSync.incidents),
      String(r.initialSync.rowsPerSecond),
      String(r.initialSync.rowsRewritten),
      `${r.initialSync.cpuSeconds.workers}/${r.initialSync.cpuSeconds.postgres}/${r.initialSync.cpuSeconds.simulator}`,
      String(r.incrementalSync.seconds),
      `${r.incrementalSync.cpuSeconds.workers}/${r.incrementalSync.cpuSeconds.postgres}`,
      String(r.incrementalSync.rowsWritten),
      r.freshness ? `${r.freshness.p50Seconds}/${r.freshness.p95Seconds}` : '-',
      r.workerPeakRssMb.join('+'),
      String(r.databaseMb.afterInitialSync),
      r.load.afterInitialSync[0]!.toFixed(2),
    ]),
  );
  console.log('\nUpstream (whole run; per tenant)');
  rows(
    [
      'sources',
      'workers',
      'calls/tenant (initial)',
      'tokens per (tenant, resource)',
      'peak calls/min vs limit',
      'MDE peak/h',
      'non-2xx',
    ],
    runs.map((r) => [
      r.sources,
      String(r.workers),
      calls(r.initialSync.upstream),
      `${r.upstream.tokensPerTenantResource.min}–${r.upstream.tokensPerTenantResource.max} (${r.upstream.tokensPerTenantResource.pairsAboveOne} pairs > 1)`,
      peaks(r.upstream),
      `${r.upstream.mdePeakPerHour.calls}/${r.upstream.mdePeakPerHour.limit}`,
      JSON.stringify(r.upstream.errorStatuses),
    ]),
  );
  for (const r of runs) {
    console.log(`\nPostgreSQL's busiest statements in the initial sync (${r.sources}, ${r.workers} worker(s))`);
    rows(
      ['total s', 'calls', 'mean ms', 'statement'],
      r.initialSync.topStatements.map((statement) => [
        seconds(statement.totalMs).toFixed(1),
        String(statement.calls),
        statement.meanMs.toFixed(1),
        statement.query.padEnd(160),
      ]),
    );
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const baseDir = await mkdtemp(path.join(tmpdir(), 'canopy-bench-sync-'));
  const runs: RunResult[] = [];
  try {
    for (const sources of sourceList) {
      for (const workerCount of workerCounts) {
        console.log(
          `Sync: ${tenantCount} tenants × ${alertCount} alerts, ${sources === 'mde' ? 'MDE only' : 'MDE, XDR and Graph'}, ${workerCount} worker(s), ${latencyMs} ms upstream latency (load ${load().join(' ')})`,
        );
        runs.push(await run(sources, workerCount, baseDir));
        // After every run, so a long benchmark stopped early keeps what it measured.
        printTables(runs);
        const report = {
          at: new Date().toISOString(),
          cores: cpus().length,
          totalSeconds: seconds(Date.now() - started),
          runs,
        };
        await mkdir(path.dirname(values.out), { recursive: true });
        await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
        console.log(`\nWritten to ${values.out} (${report.totalSeconds} s so far).\n`);
      }
    }
  } finally {
    await rm(baseDir, { recursive: true, force: true });
  }

  if (!values['skip-pages']) {
    // The same shape stored: tenants × alerts rows, read by the production build.
    const args = [
      'run',
      'bench:pages',
      '--',
      '--tenants',
      String(tenantCount),
      '--alerts',
      String(tenantCount * alertCount),
    ];
    console.log(`\nnpm ${args.join(' ')}`);
    const code = await new Promise<number | null>((resolve) =>
      spawn('npm', args, { stdio: 'inherit' }).once('exit', resolve),
    );
    if (code !== 0) process.exitCode = 1;
  }
}

await main();
