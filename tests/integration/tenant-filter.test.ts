// The tenant filter of the alerts and incidents pages against a real PostgreSQL: a select of every
// tenant up to TENANT_SELECT_LIMIT, beyond it the chosen tenant alone and a search (the picker's)
// by name, domain or tenant ID, bounded, through the trigram indexes.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@/lib/db/client';
import type { TenantStatus } from '@/lib/generated/prisma/enums';
import {
  listTenantFilterChoices,
  readTenantNames,
  searchTenantOptions,
  TENANT_MATCH_LIMIT,
  TENANT_SELECT_LIMIT,
} from '@/lib/tenants/tenant-filter';
import { applyMigrations } from '@/scripts/db/apply-migrations';
import { startEmbeddedPostgres, type RunningPostgres } from '@/scripts/db/embedded-postgres';

let tempDir: string;
let postgres: RunningPostgres;
let db: Db;

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'canopy-tenant-filter-'));
  postgres = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'postgres') });
  await applyMigrations({ databaseUrl: postgres.databaseUrl });
  db = createDb(postgres.databaseUrl);
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await postgres?.stop();
  await rm(tempDir, { recursive: true, force: true });
});

async function addTenant(name: string, options: { status?: TenantStatus; domain?: string } = {}) {
  return db.customerTenant.create({
    data: {
      entraTenantId: randomUUID(),
      displayName: name,
      domain: options.domain ?? null,
      status: options.status ?? 'CONNECTED',
    },
    select: { id: true, entraTenantId: true, displayName: true },
  });
}

const names = (tenants: { displayName: string }[]) => tenants.map((tenant) => tenant.displayName);
const numbered = (n: number) => `Tenant ${String(n).padStart(4, '0')}`;

describe('the tenant filter', () => {
  it('up to the limit: every listed tenant by name for the select, and the chosen one', async () => {
    for (let n = TENANT_SELECT_LIMIT; n > 1; n--) await addTenant(numbered(n));
    const revoked = await addTenant('Revoked, never synced', { status: 'REVOKED' });
    const first = await addTenant(numbered(1));
    const choices = await listTenantFilterChoices(db, { list: 'alerts', chosenId: first.id });
    expect(names(choices.options!)).toEqual(Array.from({ length: TENANT_SELECT_LIMIT }, (_, n) => numbered(n + 1)));
    expect(choices.chosen).toEqual({ id: first.id, displayName: numbered(1) });
    // A tenant the page does not list is no choice.
    expect((await listTenantFilterChoices(db, { list: 'alerts', chosenId: revoked.id })).chosen).toBeNull();
    // The names the page links to come from the options, without another query.
    expect(await readTenantNames(db, { choices, ids: [first.id] })).toEqual(
      new Map(choices.options!.map((tenant) => [tenant.id, tenant.displayName])),
    );
  });

  it('beyond it: no options, only the chosen tenant and the names asked for', async () => {
    const extra = await addTenant(numbered(TENANT_SELECT_LIMIT + 1));
    const second = (await db.customerTenant.findFirst({ where: { displayName: numbered(2) }, select: { id: true } }))!;
    const choices = await listTenantFilterChoices(db, { list: 'incidents', chosenId: extra.id });
    expect(choices).toEqual({
      options: null,
      chosen: { id: extra.id, displayName: numbered(TENANT_SELECT_LIMIT + 1) },
    });
    expect(await readTenantNames(db, { choices, ids: [second.id, extra.id] })).toEqual(
      new Map([
        [second.id, numbered(2)],
        [extra.id, numbered(TENANT_SELECT_LIMIT + 1)],
      ]),
    );
    expect(await listTenantFilterChoices(db, { list: 'alerts', chosenId: undefined })).toEqual({
      options: null,
      chosen: null,
    });
  });

  it('searches by part of the name (any case), domain, tenant ID or id, by name, at most TENANT_MATCH_LIMIT', async () => {
    await db.customerTenant.createMany({
      data: Array.from({ length: 1000 }, (_, n) => ({
        entraTenantId: randomUUID(),
        displayName: `Customer ${String(n).padStart(4, '0')}`,
        domain: `customer${n}.onmicrosoft.com`,
        status: 'CONNECTED' as const,
      })),
    });
    const northwind = await addTenant('Northwind Traders', { domain: 'northwindtraders.onmicrosoft.com' });
    await addTenant('100% Secure_Ltd');
    await addTenant('Northwind revoked', { status: 'REVOKED' });

    expect(await searchTenantOptions(db, { list: 'alerts', text: '  WIND trad ' })).toEqual({
      tenants: [{ id: northwind.id, displayName: 'Northwind Traders' }],
      more: false,
    });
    expect(names((await searchTenantOptions(db, { list: 'alerts', text: 'customer12.onmicrosoft' })).tenants)).toEqual([
      'Customer 0012',
    ]);
    for (const id of [northwind.entraTenantId.toUpperCase(), northwind.id])
      expect(names((await searchTenantOptions(db, { list: 'incidents', text: id })).tenants)).toEqual([
        'Northwind Traders',
      ]);
    // `%` and `_` match themselves.
    expect(names((await searchTenantOptions(db, { list: 'alerts', text: '0% Secure_' })).tenants)).toEqual([
      '100% Secure_Ltd',
    ]);
    expect(await searchTenantOptions(db, { list: 'alerts', text: 'no such tenant' })).toEqual({
      tenants: [],
      more: false,
    });
    const many = await searchTenantOptions(db, { list: 'alerts', text: 'customer 00' });
    expect(names(many.tenants)).toEqual(
      Array.from({ length: TENANT_MATCH_LIMIT }, (_, n) => `Customer ${String(n).padStart(4, '0')}`),
    );
    expect(many.more).toBe(true);
  });

  it('reads the name search through the trigram index', async () => {
    await db.$executeRawUnsafe('ANALYZE customer_tenant');
    // The planner's choice at a thousand tenants, shown without the other plans it could take.
    const plan = await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      return tx.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT id FROM customer_tenant c WHERE c.display_name ILIKE '%wind trad%' OR c.domain ILIKE '%wind trad%'`,
      );
    });
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toContain('customer_tenant_display_name_trgm_idx');
    expect(text).toContain('customer_tenant_domain_idx');
  });
});
