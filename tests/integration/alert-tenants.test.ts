// The alerts page's sync panel against a real PostgreSQL: at most SYNC_PANEL_LINES lines (those
// needing attention, or every tenant when all fit) with the rest counted, however many there are. (The tenant
// filter: tenant-filter.test.ts.)
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlertTenants, SYNC_PANEL_LINES } from '@/lib/alerts/list-alert-tenants';
import type { Db } from '@/lib/db/client';
import type { SyncFeed, SyncStatus, TenantStatus } from '@/lib/generated/prisma/enums';
import { startIntegrationWorld, type IntegrationWorld } from './support/integration-world';

let world: IntegrationWorld;
let db: Db;

beforeAll(async () => {
  world = await startIntegrationWorld({ name: 'alert-tenants' });
  db = world.db;
}, 60_000);

afterAll(() => world?.stop());

/** Adds a tenant named `name` with one feed per status given (none: never scheduled). */
async function addTenant(name: string, status: TenantStatus, feeds: SyncStatus[] = ['SUCCEEDED']) {
  const sources: SyncFeed[] = ['MDE_ALERTS', 'XDR_INCIDENTS', 'GRAPH_ALERTS', 'GRAPH_INCIDENTS'];
  const { id } = await db.customerTenant.create({
    data: { entraTenantId: randomUUID(), displayName: name, status, dataSources: ['MDE_ALERTS'] },
    select: { id: true },
  });
  await db.tenantSourceSync.createMany({
    data: feeds.map((feedStatus, i) => ({ tenantId: id, source: sources[i]!, status: feedStatus })),
  });
  return id;
}

const names = (tenants: { displayName: string }[]) => tenants.map((tenant) => tenant.displayName);

describe('the alerts page’s tenants', () => {
  it('lists every tenant, by name, when all fit; a registered tenant only counts as not connected', async () => {
    for (let n = SYNC_PANEL_LINES; n > 0; n--) await addTenant(`Fresh ${String(n).padStart(4, '0')}`, 'CONNECTED');
    await addTenant('Registered only', 'REGISTERED', []);
    const { panel } = await listAlertTenants(db);
    const fresh = Array.from({ length: SYNC_PANEL_LINES }, (_, n) => `Fresh ${String(n + 1).padStart(4, '0')}`);
    expect(names(panel.tenants)).toEqual(fresh);
    expect(panel.tenants[0]).toMatchObject({ status: 'CONNECTED', sync: { status: 'SUCCEEDED' } });
    expect(panel).toMatchObject({ hidden: 0, hiddenNeedingAttention: 0, notConnectedCount: 1 });
  });

  it('beyond it, shows only those needing attention, each by its worst feed, and counts the rest', async () => {
    await db.customerTenant.createMany({
      data: Array.from({ length: 1000 }, (_, n) => ({
        entraTenantId: randomUUID(),
        displayName: `Fresh ${String(n + 1000).padStart(4, '0')}`,
        status: 'CONNECTED' as const,
      })),
    });
    await db.$executeRaw`
      INSERT INTO tenant_source_sync (tenant_id, source, status, updated_at)
      SELECT id, 'MDE_ALERTS', 'SUCCEEDED', now() FROM customer_tenant
       WHERE NOT EXISTS (SELECT 1 FROM tenant_source_sync s WHERE s.tenant_id = customer_tenant.id)
         AND status = 'CONNECTED'`;
    await addTenant('Zeta failing feed', 'CONNECTED', ['SUCCEEDED', 'FAILED']);
    await addTenant('Omega missing permission', 'MISSING_PERMISSIONS', ['SUCCEEDED', 'MISSING_PERMISSION']);
    await addTenant('Never synced', 'CONNECTED', []);
    await addTenant('Revoked, synced before', 'REVOKED');
    const { panel } = await listAlertTenants(db);
    expect(names(panel.tenants)).toEqual([
      'Never synced',
      'Omega missing permission',
      'Revoked, synced before',
      'Zeta failing feed',
    ]);
    expect(panel.tenants.map((tenant) => tenant.sync?.status ?? null)).toEqual([
      null,
      'MISSING_PERMISSION',
      'SUCCEEDED',
      'FAILED',
    ]);
    expect(panel).toMatchObject({ hidden: 1005, hiddenNeedingAttention: 0 });
  });

  it('counts the tenants needing attention it could not show', async () => {
    for (let n = 0; n < SYNC_PANEL_LINES; n++) await addTenant(`Failing ${n}`, 'CONNECTED', ['FAILED']);
    const { panel } = await listAlertTenants(db);
    expect(panel.tenants).toHaveLength(SYNC_PANEL_LINES);
    expect(panel.tenants.every((tenant) => tenant.sync?.status !== 'SUCCEEDED' || tenant.status !== 'CONNECTED')).toBe(
      true,
    );
    expect(panel).toMatchObject({ hidden: 1009, hiddenNeedingAttention: 4 });
  });
});
