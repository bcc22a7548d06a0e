// The rollup over every tenant (`alert_daily_total`) against a real PostgreSQL: after refreshes of
// several tenants at once, after their alerts change, and after tenants are removed (the trigger),
// it must equal a full recount of the primary alerts by day and severity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshAlertRollup } from '@/lib/alerts/refresh-alert-rollup';
import type { Db } from '@/lib/db/client';
import { generateAlerts } from '../../scripts/bench/lib/generate-alerts';
import { startIntegrationWorld, type IntegrationWorld } from './support/integration-world';

let world: IntegrationWorld;
let db: Db;
let tenants: string[];

beforeAll(async () => {
  world = await startIntegrationWorld({ name: 'daily-total' });
  await generateAlerts(world.databaseUrl, { tenants: 6, alerts: 6_000 });
  db = world.db;
  // The generator fills the rollups as the sync would; start from none, as before a first sync.
  await db.$executeRaw`TRUNCATE alert_daily_count, alert_daily_total, alert_tenant_total`;
  tenants = (await db.customerTenant.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((t) => t.id);
}, 120_000);

afterAll(() => world?.stop());

/** `day rank count` lines of the total, leaving out rows that fell to zero. */
async function totalRows() {
  const rows = await db.$queryRaw<{ line: string }[]>`
    SELECT to_char(day, 'YYYY-MM-DD') || ' ' || severity_rank || ' ' || count AS line
      FROM alert_daily_total WHERE count <> 0 ORDER BY day, severity_rank`;
  return rows.map((row) => row.line);
}

/** `tenant rank count` lines of the per-tenant totals, and the same counted from the alert table. */
async function tenantTotals() {
  const rows = await db.$queryRaw<{ line: string }[]>`
    SELECT tenant_id || ' ' || severity_rank || ' ' || count AS line FROM alert_tenant_total ORDER BY 1`;
  return rows.map((row) => row.line);
}
async function tenantRecount() {
  const rows = await db.$queryRaw<{ line: string }[]>`
    SELECT tenant_id || ' ' || severity_rank || ' ' || count(*) AS line
      FROM alert WHERE is_primary GROUP BY tenant_id, severity_rank ORDER BY 1`;
  return rows.map((row) => row.line);
}

/** The same lines counted from the alert table. */
async function recount() {
  const rows = await db.$queryRaw<{ line: string }[]>`
    SELECT to_char(alert_creation_time::date, 'YYYY-MM-DD') || ' ' || severity_rank || ' ' || count(*) AS line
      FROM alert WHERE is_primary
     GROUP BY alert_creation_time::date, severity_rank ORDER BY alert_creation_time::date, severity_rank`;
  return rows.map((row) => row.line);
}

const refreshAll = (ids: string[]) =>
  Promise.all(ids.flatMap((id) => [refreshAlertRollup(db, id), refreshAlertRollup(db, id)]));

describe('the daily total over every tenant', () => {
  it('equals a recount after concurrent refreshes of several tenants', async () => {
    expect(await totalRows()).toEqual([]);
    await refreshAll(tenants);
    const expected = await recount();
    expect(expected.length).toBeGreaterThan(100);
    expect(await totalRows()).toEqual(expected);
    expect(await tenantTotals()).toEqual(await tenantRecount());
  });

  it('follows changed alerts: a new day, another severity, a detection no longer primary', async () => {
    const [first, second, third] = tenants;
    await db.$executeRaw`UPDATE alert SET severity_rank = 4 WHERE tenant_id = ${first}::uuid AND severity_rank = 1`;
    await db.$executeRaw`
      UPDATE alert SET alert_creation_time = alert_creation_time - interval '40 days'
       WHERE tenant_id = ${second}::uuid AND id % 3 = 0`;
    await db.$executeRaw`UPDATE alert SET is_primary = false WHERE tenant_id = ${third}::uuid AND id % 2 = 0`;
    const expected = await recount();
    expect(await totalRows()).not.toEqual(expected);
    await refreshAll(tenants);
    expect(await totalRows()).toEqual(expected);
    expect(await tenantTotals()).toEqual(await tenantRecount());
  });

  it('subtracts removed tenants, however they are deleted, also while others refresh', async () => {
    const [removed, alsoRemoved, ...kept] = tenants;
    await db.$executeRaw`UPDATE alert SET severity_rank = 0 WHERE tenant_id = ANY(${kept}::uuid[]) AND id % 5 = 0`;
    await Promise.all([
      db.customerTenant.delete({ where: { id: removed! } }),
      db.$executeRaw`DELETE FROM customer_tenant WHERE id = ${alsoRemoved}::uuid`,
      refreshAll(kept),
    ]);
    expect(await db.customerTenant.count()).toBe(kept.length);
    expect(await totalRows()).toEqual(await recount());
    expect(await tenantTotals()).toEqual(await tenantRecount());
  });
});
