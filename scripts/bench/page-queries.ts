/**
 * The alerts page's queries timed in the database alone, at `--connections` callers with no think
 * time: each view's list page, counts and chart, and the sync panel, on an
 * embedded PostgreSQL filled by the pages benchmark's generator.
 *
 *   npx tsx scripts/bench/page-queries.ts [--alerts 1000000] [--tenants 1000] [--connections 20]
 *     [--seconds 5] [--data-dir DIR]
 *
 * With `--data-dir`, a cluster already filled there is reused (generating a million alerts and
 * their indexes takes minutes). Prints p50/p95/p99 in milliseconds per query; no pass/fail.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { parseAlertListQuery } from '@/lib/alerts/alert-list-query';
import { alertCountSql, alertMatchSampleSql, alertsPerDaySql } from '@/lib/alerts/count-alerts';
import { listAlertTenantsSql } from '@/lib/alerts/list-alert-tenants';
import { alertPageSql } from '@/lib/alerts/list-alerts';
import { withTextSearch } from '@/lib/alerts/text-search';
import { createDb } from '@/lib/db/client';
import type { Prisma } from '@/lib/generated/prisma/client';
import { applyMigrations } from '../db/apply-migrations';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { generateAlerts } from './lib/generate-alerts';
import { saturate } from './lib/latency';

const { values } = parseArgs({
  options: {
    alerts: { type: 'string', default: '1000000' },
    tenants: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '5' },
    'data-dir': { type: 'string' },
  },
});
const connections = Number(values.connections);
const seconds = Number(values.seconds);

async function main() {
  const dataDir = values['data-dir'] ?? (await mkdtemp(path.join(tmpdir(), 'canopy-bench-queries-')));
  const filled = existsSync(path.join(dataDir, 'PG_VERSION'));
  const postgres = await startEmbeddedPostgres({ dataDir });
  const pool = new pg.Pool({ connectionString: postgres.databaseUrl, max: connections });
  // For the text search's lookup (withTextSearch), as the page makes it.
  const canopyDb = createDb(postgres.databaseUrl);
  // Idle clients see the server stop at the end; nothing to report then.
  pool.on('error', () => {});
  try {
    await applyMigrations({ databaseUrl: postgres.databaseUrl });
    if (!filled) {
      console.log(`Generating ${values.tenants} tenants and ${values.alerts} alerts…`);
      await generateAlerts(postgres.databaseUrl, { tenants: Number(values.tenants), alerts: Number(values.alerts) });
    }
    const { rows: sample } = await pool.query<{ tenant_id: string }>(
      'SELECT tenant_id::text FROM alert TABLESAMPLE SYSTEM (1) LIMIT 200',
    );
    const pick = () => sample[Math.floor(Math.random() * sample.length)]!.tenant_id;
    const views: Record<string, () => Record<string, string>> = {
      newest: () => ({}),
      'severity High': () => ({ severity: 'High' }),
      'one tenant': () => ({ tenant: pick() }),
      'status New': () => ({ status: 'New' }),
      'last 7 days': () => ({ range: '7d' }),
      'text search': () => ({ q: `ws-${Math.floor(Math.random() * 7919)}.corp` }),
    };
    const run = async (name: string, sql: () => Prisma.Sql | Promise<Prisma.Sql>) => {
      const summary = await saturate(
        async () => {
          const query = await sql();
          await pool.query(query.text, query.values);
          return true;
        },
        { connections, seconds, warmupSeconds: 1 },
      );
      console.log(`${name.padEnd(36)} p50 ${summary.p50} p95 ${summary.p95} p99 ${summary.p99} ms`);
    };
    for (const [view, params] of Object.entries(views)) {
      // A text search's values are looked up first, as the page does: each timing includes it.
      const query = () => withTextSearch(canopyDb, parseAlertListQuery(params()));
      await run(`${view}: list`, async () => alertPageSql(await query(), new Date()));
      await run(`${view}: counts by severity`, async () => alertCountSql(await query(), new Date()).bySeverity);
      await run(`${view}: counts by tenant`, async () => alertCountSql(await query(), new Date()).byTenant);
      await run(`${view}: match sample`, async () => alertMatchSampleSql(await query(), new Date()));
      await run(`${view}: chart`, async () => alertsPerDaySql(await query(), new Date()));
    }
    await run('sync panel', () => listAlertTenantsSql().panel);
  } finally {
    await pool.end();
    await canopyDb.$disconnect();
    await postgres.stop();
    if (!values['data-dir']) await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
