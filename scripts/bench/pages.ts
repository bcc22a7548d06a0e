/**
 * Benchmark of the alerts pages at scale: a fresh stack (embedded PostgreSQL, the simulator, the
 * worker and the production build, as the e2e tests run it), filled with connected tenants and
 * stored alerts directly in SQL, then timed over HTTP as a signed-in analyst:
 *
 *   npm run build && npx tsx scripts/bench/pages.ts [--alerts 1000000] [--tenants 1000]
 *     [--connections 20] [--seconds 15] [--out bench-results/pages.json]
 *
 * Prints p50/p95/p99 per view under saturation (`--connections` callers, no think time) and at a
 * staff's pace (20 users, one request every 3 s each), the web server's peak RSS, and a CSV
 * export of every alert (time, and the server's memory during it), and writes them as JSON.
 * Numbers only: no pass/fail. The scheduled sync and health check are turned off so only the
 * pages load the machine.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import pg from 'pg';
import { findFreePort } from '../db/local-postgres-address';
import { startStack } from '../lib/start-stack';
import { generateAlerts } from './lib/generate-alerts';
import { paced, saturate, type LatencySummary } from './lib/latency';
import { mb, peakRssOfTree, pidListeningOn, rssOfTree } from './lib/process-tree';

const { values } = parseArgs({
  options: {
    alerts: { type: 'string', default: '1000000' },
    tenants: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '15' },
    out: { type: 'string', default: 'bench-results/pages.json' },
  },
});
const alertCount = Number(values.alerts);
const tenantCount = Number(values.tenants);
const connections = Number(values.connections);
const seconds = Number(values.seconds);

if (!existsSync('.next/BUILD_ID')) {
  console.error('No production build: run `npm run build` first (the benchmark serves it with `next start`).');
  process.exit(1);
}

/** Signs in through Canopy's sign-in page and the simulator's account picker; returns the Cookie header. */
async function signIn(canopyUrl: string, displayName: string): Promise<string> {
  const browser = await chromium.launch({
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium',
  });
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(`${canopyUrl}/signin`);
    await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
    await page.getByRole('button', { name: new RegExp(displayName) }).click();
    await page.waitForURL((url) => url.origin === new URL(canopyUrl).origin && !url.pathname.startsWith('/signin'));
    const cookies = await context.cookies(canopyUrl);
    return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  } finally {
    await browser.close();
  }
}

/**
 * Downloads `/alerts/export` (every alert, no filter) as a browser would, reading as it arrives,
 * while sampling the web server's resident memory: a streamed export keeps it flat.
 */
async function timeExport(canopyUrl: string, cookie: string, serverPid: number | undefined) {
  const rss = () => (serverPid === undefined ? null : mb(rssOfTree(serverPid)));
  const rssBeforeMb = rss();
  let rssMaxMb = rssBeforeMb ?? 0;
  const sampler = setInterval(() => (rssMaxMb = Math.max(rssMaxMb, rss() ?? 0)), 250);
  const started = performance.now();
  try {
    const response = await fetch(`${canopyUrl}/alerts/export`, { headers: { cookie } });
    if (response.status !== 200 || !response.body) throw new Error(`export answered ${response.status}`);
    let bytes = 0;
    let lines = 0;
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      bytes += read.value.byteLength;
      for (const byte of read.value) if (byte === 0x0a) lines++;
    }
    return {
      // The header line is not an alert. (A field with a line break would count twice; the
      // generated alerts have none.)
      rows: lines - 1,
      megabytes: Math.round(bytes / 1e6),
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      rssBeforeMb,
      rssMaxMb: serverPid === undefined ? null : rssMaxMb,
    };
  } finally {
    clearInterval(sampler);
  }
}

async function main() {
  // Off for the run: the generated tenants do not exist at the simulator, and only pages should load the machine.
  process.env.CANOPY_SYNC_SCHEDULE = '0 0 1 1 *';
  process.env.CANOPY_HEALTH_CHECK_SCHEDULE = '0 0 1 1 *';
  const dataDir = await mkdtemp(path.join(tmpdir(), 'canopy-bench-pages-'));
  const stack = await startStack({
    server: 'start',
    mode: 'test',
    canopyPort: await findFreePort(),
    simulatorPort: await findFreePort(),
    dataDir,
    echo: null,
  });
  try {
    console.log(
      `Generating ${tenantCount.toLocaleString('en')} tenants and ${alertCount.toLocaleString('en')} alerts…`,
    );
    const started = performance.now();
    await generateAlerts(stack.databaseUrl, {
      tenants: tenantCount,
      alerts: alertCount,
      onProgress: (done) => process.stdout.write(`\r  ${done.toLocaleString('en')} alerts`),
    });
    console.log(`\n  done in ${((performance.now() - started) / 1000).toFixed(0)} s`);

    const db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const { rows: sample } = await db.query<{ id: string; tenant_id: string }>(
      'SELECT id::text, tenant_id::text FROM alert TABLESAMPLE SYSTEM (1) LIMIT 500',
    );
    const { rows: size } = await db.query<{ size: string }>(
      'SELECT pg_size_pretty(pg_database_size(current_database())) AS size',
    );
    await db.end();

    const cookie = await signIn(stack.canopyUrl, 'Sam Analyst');
    const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
    const get = (pathAndQuery: () => string) => async () => {
      const response = await fetch(`${stack.canopyUrl}${pathAndQuery()}`, { headers: { cookie }, redirect: 'manual' });
      await response.arrayBuffer();
      return response.status === 200;
    };
    const views: Record<string, () => Promise<boolean>> = {
      'alerts (newest)': get(() => '/alerts'),
      'alerts, severity High': get(() => '/alerts?severity=High'),
      'alerts, one tenant': get(() => `/alerts?tenant=${pick(sample).tenant_id}`),
      'alerts, text search': get(
        () => `/alerts?q=${encodeURIComponent(`ws-${Math.floor(Math.random() * 7919)}.corp`)}`,
      ),
      'alert detail': get(() => `/alerts/${pick(sample).id}`),
    };

    // The page's weight: at a thousand tenants a line or option per tenant adds up.
    const alertsPage = await fetch(`${stack.canopyUrl}/alerts`, { headers: { cookie } });
    const alertsPageBytes = (await alertsPage.arrayBuffer()).byteLength;
    console.log(`/alerts: ${alertsPageBytes.toLocaleString('en')} bytes of HTML`);

    const results: Record<string, { saturated: LatencySummary; paced: LatencySummary }> = {};
    for (const [name, probe] of Object.entries(views)) {
      if (!(await probe())) throw new Error(`${name}: the page did not answer 200`);
      const saturated = await saturate(probe, { connections, seconds });
      const staff = await paced(probe, { users: 20, intervalSeconds: 3, seconds });
      results[name] = { saturated, paced: staff };
      console.log(
        `${name.padEnd(24)} ${connections} conn: p50 ${saturated.p50} p95 ${saturated.p95} p99 ${saturated.p99} ms (${saturated.throughput}/s, ${saturated.errors} errors)` +
          ` | 20 users: p50 ${staff.p50} p95 ${staff.p95} p99 ${staff.p99} ms`,
      );
    }
    // Peak resident memory of the web server over the page loads (VmHWM of `next start`'s process).
    const serverPid = pidListeningOn(Number(new URL(stack.canopyUrl).port));
    const webPeakRssMb = serverPid === undefined ? null : mb(peakRssOfTree(serverPid));
    console.log(`Web server peak RSS: ${webPeakRssMb ?? 'not found'} MB`);
    const csvExport = await timeExport(stack.canopyUrl, cookie, serverPid);
    console.log(
      `CSV export of every alert: ${csvExport.rows.toLocaleString('en')} rows, ${csvExport.megabytes} MB in ${csvExport.seconds} s;` +
        ` web server RSS ${csvExport.rssBeforeMb ?? '?'} MB before, at most ${csvExport.rssMaxMb ?? '?'} MB during`,
    );
    const report = {
      at: new Date().toISOString(),
      alerts: alertCount,
      tenants: tenantCount,
      connections,
      seconds,
      databaseSize: size[0]!.size,
      alertsPageBytes,
      webPeakRssMb,
      views: results,
      csvExport,
    };
    await mkdir(path.dirname(values.out), { recursive: true });
    await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`Database ${report.databaseSize}. Written to ${values.out}.`);
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
