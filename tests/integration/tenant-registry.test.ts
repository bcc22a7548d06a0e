// Registering customer tenants through Canopy's use case, against a real PostgreSQL and the
// simulator's discovery documents over https (a child process trusts the simulator's CA, as the
// server does): by domain and by GUID, unknown tenants, duplicates, and the append-only audit log.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@/lib/db/client';
import type { RegisterTenantResult } from '@/lib/tenants/register-tenant';
import { applyMigrations } from '@/scripts/db/apply-migrations';
import { startEmbeddedPostgres, type RunningPostgres } from '@/scripts/db/embedded-postgres';
import { startSimulator } from '../../simulator';
import { runCanopyChild } from './support/run-canopy-child';

const NORTHWIND = '57b6504a-dffe-45bb-a0ef-ec5f14e05f6a';
const LITWARE = '627bf0fe-8288-406a-a18b-79e8054a20e1';

let tempDir: string;
let postgres: RunningPostgres;
let db: Db;
let simulator: Awaited<ReturnType<typeof startSimulator>>;
let actor: { id: string; name: string };

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'canopy-tenants-test-'));
  postgres = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'postgres') });
  await applyMigrations({ databaseUrl: postgres.databaseUrl });
  db = createDb(postgres.databaseUrl);
  simulator = await startSimulator({ port: 0, dataDir: path.join(tempDir, 'simulator'), log: false });
  const user = await db.staffUser.create({
    data: { entraObjectId: '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f', name: 'Avery Admin' },
    select: { id: true, name: true },
  });
  actor = user;
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await simulator?.stop();
  await postgres?.stop();
  await rm(tempDir, { recursive: true, force: true });
});

function register(input: Record<string, unknown>): Promise<RegisterTenantResult> {
  const fullInput = { displayName: '', adminEmails: '', notes: '', dataSources: ['MDE_ALERTS'], ...input };
  return runCanopyChild('register-tenant.ts', [JSON.stringify(fullInput), JSON.stringify(actor)], {
    simulator,
    databaseUrl: postgres.databaseUrl,
  });
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
    const client = new pg.Client({ connectionString: postgres.databaseUrl });
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
