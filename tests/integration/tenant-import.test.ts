// Bulk onboarding through Canopy's import use case, against a real PostgreSQL and the simulator's
// discovery documents over https (in a child process that trusts the simulator's CA, as the
// server does): good and bad rows in one file, files that cannot be used, and rows that fail to save.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db/client';
import type { ImportTenantsResult } from '@/lib/tenants/import-tenants';
import type { RegisterTenantResult } from '@/lib/tenants/register-tenant';
import { startIntegrationWorld, TENANTS, type IntegrationWorld } from './support/integration-world';

const { fabrikam: FABRIKAM, northwind: NORTHWIND, litware: LITWARE, adatum: ADATUM } = TENANTS;

let world: IntegrationWorld;
let db: Db;
let actor: { id: string; name: string };

beforeAll(async () => {
  world = await startIntegrationWorld({ name: 'import', simulator: true, driver: true });
  ({ db } = world);
  actor = await world.createStaffUser('Avery Admin');
}, 60_000);

afterAll(() => world?.stop());

const importCsv = (csv: string): Promise<ImportTenantsResult> => world.driver.call('importTenants', { csv, actor });

const tenants = async () =>
  db.customerTenant.findMany({
    orderBy: { displayName: 'asc' },
    select: { entraTenantId: true, displayName: true, domain: true, adminEmails: true, dataSources: true },
  });

const auditRows = async () =>
  db.auditEvent.findMany({
    orderBy: { id: 'asc' },
    select: { action: true, result: true, tenantId: true, detail: true, correlationId: true },
  });

describe('importing customer tenants from a CSV', () => {
  it('registers the good rows, explains each bad one, and saves exactly the good ones with their audit rows', async () => {
    const before = await world.driver.call<RegisterTenantResult>('register', {
      input: {
        tenant: 'northwindtraders.onmicrosoft.com',
        displayName: 'Northwind',
        adminEmails: '',
        notes: '',
        dataSources: ['MDE_ALERTS'],
      },
      actor,
    });
    if (!before.ok) throw new Error(before.error);
    const auditBefore = (await auditRows()).length;

    const result = await importCsv(
      [
        'tenant,name,admin_emails,data',
        `${LITWARE},Litware,lee@litware.example,mde_alerts`,
        'fabrikam.onmicrosoft.com,"Fabrikam, Inc.",dana@fabrikam.example; secops@fabrikam.example,Defender XDR incidents',
        'no-such-customer.onmicrosoft.com,Nobody,,',
        'relecloud.onmicrosoft.com,Relecloud,not-an-address,',
        'northwindtraders.onmicrosoft.com,Northwind again,,',
        'FABRIKAM.onmicrosoft.com,Fabrikam twice,,',
        `${FABRIKAM},Fabrikam by its tenant ID,,`,
        '"tailspintoys.onmicrosoft.com" Toys,Tailspin,,',
      ].join('\r\n'),
    );
    if (!result.ok) throw new Error(result.error);

    const litware = await db.customerTenant.findUniqueOrThrow({ where: { entraTenantId: LITWARE } });
    const fabrikam = await db.customerTenant.findUniqueOrThrow({ where: { entraTenantId: FABRIKAM } });
    expect(result.rows).toEqual([
      {
        row: 2,
        reference: LITWARE,
        outcome: 'registered',
        tenant: { id: litware.id, displayName: 'Litware', entraTenantId: LITWARE },
      },
      {
        row: 3,
        reference: 'fabrikam.onmicrosoft.com',
        outcome: 'registered',
        tenant: { id: fabrikam.id, displayName: 'Fabrikam, Inc.', entraTenantId: FABRIKAM },
      },
      {
        row: 4,
        reference: 'no-such-customer.onmicrosoft.com',
        outcome: 'error',
        message:
          'No Microsoft Entra tenant is known as "no-such-customer.onmicrosoft.com" in this cloud (AADSTS90002). Check the spelling, or use the tenant ID.',
      },
      {
        row: 5,
        reference: 'relecloud.onmicrosoft.com',
        outcome: 'error',
        message: 'admin_emails: "not-an-address" is not an email address',
      },
      {
        row: 6,
        reference: 'northwindtraders.onmicrosoft.com',
        outcome: 'already-registered',
        tenant: before.tenant,
        message: 'This tenant is already registered as "Northwind".',
      },
      {
        row: 7,
        reference: 'FABRIKAM.onmicrosoft.com',
        outcome: 'error',
        message: 'Duplicate: the same tenant as row 3.',
      },
      { row: 8, reference: FABRIKAM, outcome: 'error', message: 'Duplicate: the same tenant as row 3.' },
      {
        row: 9,
        reference: 'tailspintoys.onmicrosoft.com Toys',
        outcome: 'error',
        message: 'The row cannot be read: a quoted value must be followed by a comma or the end of the row.',
      },
    ]);
    expect(result.counts).toEqual({ registered: 2, 'already-registered': 1, error: 5 });

    expect(await tenants()).toEqual([
      {
        entraTenantId: FABRIKAM,
        displayName: 'Fabrikam, Inc.',
        domain: 'fabrikam.onmicrosoft.com',
        adminEmails: ['dana@fabrikam.example', 'secops@fabrikam.example'],
        dataSources: ['XDR_INCIDENTS'],
      },
      {
        entraTenantId: LITWARE,
        displayName: 'Litware',
        domain: null,
        adminEmails: ['lee@litware.example'],
        dataSources: ['MDE_ALERTS'],
      },
      {
        entraTenantId: NORTHWIND,
        displayName: 'Northwind',
        domain: 'northwindtraders.onmicrosoft.com',
        adminEmails: [],
        dataSources: ['MDE_ALERTS'],
      },
    ]);

    // One correlation id ties the import's events together: the rows that reached Microsoft, then the summary.
    const events = (await auditRows()).slice(auditBefore);
    expect(events.map((e) => `${e.action} ${e.result} ${e.tenantId ?? '-'}`)).toEqual([
      `tenant.registered SUCCESS ${LITWARE}`,
      `tenant.registered SUCCESS ${FABRIKAM}`,
      'tenant.registration-refused FAILURE -',
      'tenant.registration-refused FAILURE -',
      'tenant.registration-refused FAILURE -',
      'tenant.bulk-imported SUCCESS -',
    ]);
    expect(new Set(events.map((e) => e.correlationId)).size).toBe(1);
    expect(events.at(-1)!.detail).toEqual({ rows: 8, registered: 2, alreadyRegistered: 1, errors: 5 });
  }, 120_000);

  it('saves nothing from a file it cannot use, and says why', async () => {
    const tenantsBefore = await tenants();
    const auditBefore = (await auditRows()).length;
    const tooMany = ['tenant', ...Array.from({ length: 501 }, (_, i) => `customer${i}.onmicrosoft.com`)].join('\n');
    expect(await importCsv(tooMany)).toEqual({
      ok: false,
      error: 'The CSV has 501 tenants; at most 500 can be imported at once. Split it into several files.',
    });
    expect(await importCsv(`adatum.onmicrosoft.com,Adatum\n${ADATUM},Adatum`)).toEqual({
      ok: false,
      error:
        'The first row must name the columns (tenant,name,admin_emails,data), but it starts with "adatum.onmicrosoft.com", which looks like a tenant.',
    });
    expect(await importCsv('name,admin_emails\nAdatum,')).toMatchObject({ ok: false });
    expect(await importCsv(`tenant,name\n${ADATUM},"Adatum\n`)).toMatchObject({ ok: false });
    expect(await tenants()).toEqual(tenantsBefore);
    expect(await auditRows()).toHaveLength(auditBefore);
  }, 120_000);

  it('leaves nothing of a row whose audit row cannot be written, and goes on with the next rows', async () => {
    const client = new pg.Client({ connectionString: world.databaseUrl });
    await client.connect();
    try {
      // The audit row is written after the tenant, in the same transaction: refusing it must undo the tenant.
      await client.query(`
        CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.action = 'tenant.registered' AND NEW.tenant_name = 'Adatum' THEN
            RAISE EXCEPTION 'refused by the test';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_event
          FOR EACH ROW EXECUTE FUNCTION test_refuse_audit();`);
      const result = await importCsv('tenant,name\nadatum.onmicrosoft.com,Adatum\nrelecloud.onmicrosoft.com,Relecloud');
      expect(
        result.ok && result.rows.map((row) => [row.row, row.outcome, 'message' in row ? row.message : '']),
      ).toEqual([
        [2, 'error', 'Canopy could not save this row. Try it again.'],
        [3, 'registered', ''],
      ]);
      expect(await db.customerTenant.count({ where: { entraTenantId: ADATUM } })).toBe(0);
      expect((await auditRows()).filter((e) => e.tenantId === ADATUM)).toEqual([]);
      expect((await auditRows()).at(-1)).toMatchObject({
        action: 'tenant.bulk-imported',
        result: 'SUCCESS',
        detail: { rows: 2, registered: 1, alreadyRegistered: 0, errors: 1 },
      });
    } finally {
      await client.query('DROP TRIGGER test_refuse_audit ON audit_event; DROP FUNCTION test_refuse_audit();');
      await client.end();
    }
  }, 120_000);
});
