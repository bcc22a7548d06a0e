// A sync page against a real PostgreSQL (savePage, written through node-postgres in one
// transaction): a run that lost its lease writes nothing, a page that fails halfway leaves none of
// itself behind, and the connection goes back to the pool usable.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '@/lib/db/client';
import type { AlertRow } from '@/lib/defender/alert-row';
import { claimSourceRun, LeaseLost, savePage, type SourceKey } from '@/lib/defender/source-sync-state';
import { UPSERT_BATCH_SIZE } from '@/lib/defender/upsert-alerts';
import { startIntegrationWorld, type IntegrationWorld } from './support/integration-world';

let world: IntegrationWorld;
let db: Db;

beforeAll(async () => {
  world = await startIntegrationWorld({ name: 'save-page' });
  db = world.db;
}, 120_000);

afterAll(() => world?.stop());

async function claimedFeed(): Promise<{ key: SourceKey; runId: string }> {
  const tenant = await db.customerTenant.create({
    data: {
      entraTenantId: randomUUID(),
      displayName: 'Save page',
      dataSources: ['MDE_ALERTS'],
      status: 'CONNECTED',
      permissions: [{ dataSource: 'MDE_ALERTS', granted: ['Alert.Read.All'] }],
    },
  });
  const key: SourceKey = { tenantId: tenant.id, source: 'MDE_ALERTS' };
  const runId = randomUUID();
  expect(await claimSourceRun(db, key, runId)).not.toBeNull();
  return { key, runId };
}

function alertRow(n: number, overrides: Partial<AlertRow> = {}): AlertRow {
  const at = new Date(Date.UTC(2026, 10, 1, 0, n));
  return {
    source: 'MDE',
    upstreamId: `da${n}`,
    title: `Alert ${n}`,
    severity: 'Medium',
    severityRank: 3,
    status: 'New',
    category: 'Execution',
    classification: null,
    determination: null,
    detectionSource: 'WindowsDefenderAtp',
    serviceSource: null,
    assignedTo: null,
    machineId: null,
    computerDnsName: `ws-${n}.contoso.com`,
    relatedUser: null,
    incidentId: null,
    mitreTechniques: ['T1059'],
    firstActivity: at,
    lastActivity: at,
    alertCreationTime: at,
    lastUpdateTime: at,
    resolvedTime: null,
    payload: { id: `da${n}`, title: `Alert ${n}` },
    ...overrides,
  };
}

const page = (runId: string, alerts: AlertRow[]) => ({
  runId,
  alerts,
  incidents: [],
  fetched: alerts.length,
  malformed: 0,
  cursor: alerts.at(-1)?.lastUpdateTime ?? null,
  recentCalls: [new Date()],
});

async function feedState(key: SourceKey) {
  const [stored] = await db.$queryRaw<[{ alerts: number }]>`
    SELECT count(*)::int AS alerts FROM alert WHERE tenant_id = ${key.tenantId}::uuid`;
  const feed = await db.tenantSourceSync.findUniqueOrThrow({
    where: { tenantId_source: key },
    select: { cursor: true, fetched: true, upserted: true },
  });
  return { alerts: stored.alerts, ...feed };
}

it('writes nothing for a run that lost its lease, and everything for the run that holds it', async () => {
  const { key, runId } = await claimedFeed();
  const successor = randomUUID();
  // The lease lapsed and another run took the feed.
  await db.tenantSourceSync.update({ where: { tenantId_source: key }, data: { runId: successor } });
  const alerts = [alertRow(1), alertRow(2)];

  await expect(savePage(db, key, page(runId, alerts))).rejects.toBeInstanceOf(LeaseLost);
  expect(await feedState(key)).toEqual({ alerts: 0, cursor: null, fetched: 0, upserted: 0 });

  expect(await savePage(db, key, page(successor, alerts))).toEqual({ inserted: 2, updated: 0 });
  expect(await feedState(key)).toEqual({
    alerts: 2,
    cursor: alerts[1]!.lastUpdateTime,
    fetched: 2,
    upserted: 2,
  });
});

it('leaves no part of a page that fails in its second batch, and its connection serves the next page', async () => {
  const { key, runId } = await claimedFeed();
  const alerts = Array.from({ length: UPSERT_BATCH_SIZE + 1 }, (_, i) => alertRow(i));
  // The last row fails in the second batch's INSERT (not an AlertSource), after the first batch was written.
  alerts[UPSERT_BATCH_SIZE] = alertRow(UPSERT_BATCH_SIZE, { source: 'NOT_A_SOURCE' as AlertRow['source'] });

  await expect(savePage(db, key, page(runId, alerts))).rejects.toThrow(/AlertSource/);
  expect(await feedState(key)).toEqual({ alerts: 0, cursor: null, fetched: 0, upserted: 0 });

  // Every pooled connection (10) serves again: none was left inside the failed transaction.
  const good = alerts.slice(0, UPSERT_BATCH_SIZE);
  await Promise.all(Array.from({ length: 12 }, () => savePage(db, key, page(runId, good))));
  expect((await feedState(key)).alerts).toBe(UPSERT_BATCH_SIZE);
});
