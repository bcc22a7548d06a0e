/**
 * Benchmark of the simulator's Defender APIs at scale: 1,000 tenants × 1,000 alerts, over real
 * HTTPS against an in-process simulator. Prints numbers only (no pass/fail):
 *
 *   npx tsx scripts/bench/simulator-defender.ts [--tenants 1000] [--alerts 1000] [--queries 2000] [--budget <alerts>]
 *
 * `--budget` is the alert cache size (default: the simulator's); tenants beyond it are
 * regenerated on access, which is what the cold numbers measure.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDefenderState, DEFAULT_CACHE_ALERT_BUDGET } from '../../simulator/defender/state';
import { mintAppOnlyAccessToken } from '../../simulator/entra/app-only-token';
import { startSimulator } from '../../simulator/index';
import { Random } from '../../simulator/defender/data/random';
import { benchTenantId as guidFor, buildBenchWorld } from './lib/bench-world';

const { values } = parseArgs({
  options: {
    tenants: { type: 'string', default: '1000' },
    alerts: { type: 'string', default: '1000' },
    queries: { type: 'string', default: '2000' },
    budget: { type: 'string' },
  },
});
const tenantCount = Number(values.tenants);
const alertCount = Number(values.alerts);
const queryCount = Number(values.queries);
const budget = values.budget === undefined ? DEFAULT_CACHE_ALERT_BUDGET : Number(values.budget);

const MDE = 'https://api.securitycenter.microsoft.com';
const XDR = 'https://api.security.microsoft.com';
const GRAPH = 'https://graph.microsoft.com';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summarize(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(
    `${label.padEnd(58)} n=${String(sorted.length).padStart(5)}  p50 ${fmt(percentile(sorted, 50)).padStart(9)}  p95 ${fmt(percentile(sorted, 95)).padStart(9)}  max ${fmt(sorted.at(-1)!).padStart(9)}`,
  );
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'canopy-bench-'));
  let now = Date.UTC(2026, 4, 10, 12, 30);
  const clock = () => now;
  const world = await buildBenchWorld({ tenants: tenantCount, alerts: alertCount });
  const sim = await startSimulator({ port: 0, dataDir, world, log: false, clock });
  sim.services.defender = createDefenderState(clock, { cacheAlertBudget: budget });
  const agent = new Agent({ ca: await readFile(sim.caCertPath, 'utf8'), keepAlive: true });

  const tokens = new Map<string, string>();
  async function token(tid: string, aud: string, roles: string[]): Promise<string> {
    const key = `${tid}|${aud}`;
    let value = tokens.get(key);
    if (!value) {
      value = (
        await mintAppOnlyAccessToken(
          {
            tenantId: tid,
            audience: aud,
            appId: sim.world.application.clientId,
            appDisplayName: 'Bench',
            servicePrincipalId: guidFor(999_999),
            roles,
            credential: 'secret',
            lifetimeSeconds: 7 * 86_400,
          },
          { keys: sim.services.keys, clock },
        )
      ).token;
      tokens.set(key, value);
    }
    return value;
  }

  async function timed(pathAndQuery: string, bearer: string): Promise<{ ms: number; bytes: number }> {
    // One simulated second per request keeps every (tenant, app) under its per-minute limit.
    now += 1000;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        `${sim.origin}${pathAndQuery}`,
        { agent, headers: { authorization: `Bearer ${bearer}` } },
        (res) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`${pathAndQuery} answered ${res.statusCode}`));
            else resolve({ ms: performance.now() - started, bytes });
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  const tenantIds = world.tenants.slice(1).map((tenant) => tenant.id);
  const random = new Random('bench');
  console.log(
    `Defender simulator benchmark: ${tenantCount} tenants × ${alertCount} alerts, alert cache budget ${budget.toLocaleString('en')} (${Math.floor(budget / alertCount)} tenants)`,
  );
  const memory0 = process.memoryUsage();

  // 1. Cold tenants: the first request generates the tenant.
  const cold: number[] = [];
  const coldFull: number[] = [];
  for (let i = 0; i < 50; i++) {
    const tid = tenantIds[i]!;
    cold.push((await timed('/mde/api/alerts?$top=100', await token(tid, MDE, ['Alert.Read.All']))).ms);
  }
  for (let i = 50; i < 70; i++) {
    const tid = tenantIds[i]!;
    coldFull.push((await timed('/mde/api/alerts', await token(tid, MDE, ['Alert.Read.All']))).ms);
  }
  summarize('cold tenant: first page (MDE $top=100)', cold);
  summarize(`cold tenant: whole list (MDE, all ${alertCount} alerts)`, coldFull);

  // 2. Touch every tenant once (fills the cache up to its budget, evicting the rest).
  const touchStarted = performance.now();
  for (const tid of tenantIds) await timed('/mde/api/alerts?$top=1', await token(tid, MDE, ['Alert.Read.All']));
  console.log(
    `touched all ${tenantCount} tenants in ${((performance.now() - touchStarted) / 1000).toFixed(1)} s; cached tenants ${sim.services.defender.tenants.cachedTenantCount}, cached alerts ${sim.services.defender.tenants.cachedAlertCount.toLocaleString('en')}`,
  );

  // 3. Filtered queries spread over all tenants (cold or warm as the LRU has it) and over cached ones only.
  const since = new Date(now - 24 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const queries: [string, string, string[], string][] = [
    [
      'MDE lastUpdateTime ge (last day), $top=100',
      MDE,
      ['Alert.Read.All'],
      `/mde/api/alerts?$filter=lastUpdateTime+ge+${since}&$top=100`,
    ],
    [
      "MDE status eq 'New' and severity eq 'High'",
      MDE,
      ['Alert.Read.All'],
      `/mde/api/alerts?$filter=${encodeURIComponent("status eq 'New' and severity eq 'High'")}`,
    ],
    [
      'XDR incidents lastUpdateTime ge (last day), $top=50',
      XDR,
      ['Incident.Read.All'],
      `/xdr/api/incidents?$filter=lastUpdateTime+ge+${since}&$top=50`,
    ],
    [
      "Graph alerts_v2 status eq 'new', $top=50",
      GRAPH,
      ['SecurityAlert.Read.All'],
      `/graph/v1.0/security/alerts_v2?$filter=${encodeURIComponent("status eq 'new'")}&$top=50`,
    ],
  ];
  const cachedIds = tenantIds.slice(-Math.min(sim.services.defender.tenants.cachedTenantCount, tenantIds.length));
  for (const [label, aud, roles, query] of queries) {
    const anyTenant: number[] = [];
    const warm: number[] = [];
    const per = Math.max(1, Math.floor(queryCount / queries.length));
    for (let i = 0; i < per; i++) {
      const tid = tenantIds[random.int(0, tenantIds.length - 1)]!;
      anyTenant.push((await timed(query, await token(tid, aud, roles))).ms);
    }
    // Warm: a small working set that stays cached.
    const working = cachedIds.slice(-Math.min(50, cachedIds.length));
    for (const tid of working) await timed(query, await token(tid, aud, roles));
    for (let i = 0; i < per; i++) {
      const tid = working[random.int(0, working.length - 1)]!;
      warm.push((await timed(query, await token(tid, aud, roles))).ms);
    }
    summarize(`${label} — random of ${tenantCount}`, anyTenant);
    summarize(`${label} — cached tenants`, warm);
  }

  global.gc?.();
  const memory = process.memoryUsage();
  console.log(
    `memory: rss ${mb(memory.rss)} (start ${mb(memory0.rss)}), heap used ${mb(memory.heapUsed)} (start ${mb(memory0.heapUsed)}); tenants generated ${sim.services.defender.tenants.stats.generated}, evicted ${sim.services.defender.tenants.stats.evicted}`,
  );

  agent.destroy();
  await sim.stop();
  await rm(dataDir, { recursive: true, force: true });
}

await main();
