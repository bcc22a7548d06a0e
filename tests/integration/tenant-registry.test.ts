// Registering customer tenants through Canopy's use case, against a real PostgreSQL and the
// simulator's discovery documents over https (a child process trusts the simulator's CA, as the
// server does): by domain and by GUID, unknown tenants, duplicates, and the append-only audit log.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db/client';
import type { RegisterTenantResult } from '@/lib/tenants/register-tenant';
import { startIntegrationWorld, TENANTS, type IntegrationWorld } from './support/integration-world';

const { northwind: NORTHWIND, litware: LITWARE } = TENANTS;

let world: IntegrationWorld;
let db: Db;
let simulator: IntegrationWorld['simulator'];
let actor: { id: string; name: string };

beforeAll(async () => {
  world = await startIntegrationWorld({ name: 'tenants', simulator: true, driver: true });
  ({ db, simulator } = world);
  actor = await world.createStaffUser('Avery Admin');
}, 60_000);

afterAll(() => world?.stop());

function register(input: Record<string, unknown>): Promise<RegisterTenantResult> {
  const fullInput = { displayName: '', adminEmails: '', notes: '', dataSources: ['MDE_ALERTS'], ...input };
  return world.driver.call('register', { input: fullInput, actor });
}

const auditActions = async () =>
  (
    await db.auditEvent.findMany({ orderBy: { id: 'asc' }, select: { action: true, tenantId: true, result: true } })
  ).map((e) => `${e.action} ${e.result} ${e.tenantId ?? '-'}`);

describe('registering customer tenants', () => {
  it('resolves a verified domain to its tenant GUID through discovery and records who did it', async () => {
    const result = await register({
      tenant: 'NorthwindTraders.onmicrosoft.com',
      displayName: 'Northwind',
      adminEmails: 'nadia@northwindtraders.example, NADIA@northwindtraders.example; it@northwindtraders.example',
      dataSources: ['MDE_ALERTS', 'GRAPH_SECURITY'],
    });
    expect(result).toMatchObject({ ok: true, tenant: { displayName: 'Northwind' } });
    const row = await db.customerTenant.findUniqueOrThrow({ where: { entraTenantId: NORTHWIND } });
    expect(row).toMatchObject({
      displayName: 'Northwind',
      domain: 'northwindtraders.onmicrosoft.com',
      adminEmails: ['nadia@northwindtraders.example', 'it@northwindtraders.example'],
      dataSources: ['MDE_ALERTS', 'GRAPH_SECURITY'],
      status: 'REGISTERED',
      createdById: actor.id,
    });
    expect(await auditActions()).toEqual([`tenant.registered SUCCESS ${NORTHWIND}`]);
  }, 60_000);

  it('refuses a second registration of the same tenant, by GUID or domain, pointing at the first', async () => {
    const first = await db.customerTenant.findUniqueOrThrow({ where: { entraTenantId: NORTHWIND } });
    for (const tenant of [NORTHWIND.toUpperCase(), 'northwindtraders.onmicrosoft.com']) {
      expect(await register({ tenant })).toEqual({
        ok: false,
        error: 'This tenant is already registered as "Northwind".',
        existing: { id: first.id, displayName: 'Northwind', entraTenantId: NORTHWIND },
      });
    }
    expect(await db.customerTenant.count()).toBe(1);
  }, 60_000);

  it('refuses an unknown tenant with AADSTS90002 and saves nothing', async () => {
    const result = await register({ tenant: 'no-such-tenant.onmicrosoft.com' });
    expect(result).toEqual({
      ok: false,
      error:
        'No Microsoft Entra tenant is known as "no-such-tenant.onmicrosoft.com" in this cloud (AADSTS90002). Check the spelling, or use the tenant ID.',
    });
    expect(await db.customerTenant.count()).toBe(1);
    expect((await auditActions()).at(-1)).toBe('tenant.registration-refused FAILURE -');
  }, 60_000);

  it('registers by GUID, naming it by the GUID when no name is given; the partner’s own tenant too', async () => {
    expect(await register({ tenant: LITWARE })).toMatchObject({ ok: true, tenant: { displayName: LITWARE } });
    const partner = simulator.world.application.homeTenantId;
    expect(await register({ tenant: 'contososecurity.onmicrosoft.com' })).toMatchObject({
      ok: true,
      tenant: { displayName: 'contososecurity.onmicrosoft.com' },
    });
    expect(await db.customerTenant.count({ where: { entraTenantId: { in: [LITWARE, partner] } } })).toBe(2);
  }, 60_000);
});

describe('the audit log', () => {
  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const client = new pg.Client({ connectionString: world.databaseUrl });
    await client.connect();
    try {
      for (const sql of [
        `UPDATE audit_event SET actor_name = 'someone else'`,
        'DELETE FROM audit_event',
        'TRUNCATE audit_event',
      ]) {
        await expect(client.query(sql), sql).rejects.toThrow(/audit_event is append-only/);
      }
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM audit_event');
      expect(Number(rows[0]!.n)).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });
});
