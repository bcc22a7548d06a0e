// The feeds besides Defender for Endpoint (Defender XDR incidents, Graph alerts_v2 and incidents)
// and one detection shown once across them: Canopy's own sync in a child process (trusting the
// simulator's CA as the server does) against a real PostgreSQL and the simulator over https.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db/client';
import type { SyncAlertsResult, TenantSyncResult } from '@/lib/defender/sync-tenant-feeds';
import type { SyncFeed } from '@/lib/generated/prisma/enums';
import type { RequestLogEntry } from '../../simulator/control/request-log';
import { formatTicks } from '../../simulator/defender/data/ticks';
import type { CanopyDriver } from './support/canopy-driver-client';
import { ALL_DATA, startIntegrationWorld, TENANTS, until, type IntegrationWorld } from './support/integration-world';

const {
  northwind: NORTHWIND,
  litware: LITWARE,
  relecloud: RELECLOUD,
  fabrikam: FABRIKAM,
  woodgrove: WOODGROVE,
} = TENANTS;
const XDR_PATH = '/xdr/api/incidents';
const GRAPH_ALERTS_PATH = '/graph/v1.0/security/alerts_v2';
const GRAPH_INCIDENTS_PATH = '/graph/v1.0/security/incidents';

let world: IntegrationWorld;
let db: Db;
let canopy: CanopyDriver;
let actor: { id: string; name: string };

type Finished = Exclude<SyncAlertsResult, { outcome: 'skipped' }>;

beforeAll(async () => {
  world = await startIntegrationWorld({
    name: 'alert-sources',
    simulator: true,
    env: {
      // Small pages make long backfills here: each run reads its feed to the end (no slices).
      CANOPY_SYNC_BACKFILL_PAGES: '1000',
    },
    driver: true,
  });
  ({ db, driver: canopy } = world);
  actor = await world.createStaffUser('Avery Admin');
}, 120_000);

afterAll(() => world?.stop());

/** Registered and checked as "Check now" does: Connected or Missing permissions. */
const connect = (entraTenantId: string, dataSources = ALL_DATA) =>
  world.connectTenant(entraTenantId, { actor, dataSources });

async function syncFeed(tenantId: string, feed: SyncFeed, options: object = {}): Promise<Finished> {
  const result = await canopy.call<SyncAlertsResult>('syncFeed', { tenantId, feed, options });
  if (result.outcome === 'skipped') throw new Error(`${feed} skipped: ${result.reason}`);
  return result;
}

function simulated(entraTenantId: string) {
  const { services } = world.simulator;
  const tenant = services.world.resolveTenant(entraTenantId)!;
  const data = services.defender.tenants.get(tenant);
  return {
    alerts: [...data.alertsById.values()],
    incidents: [...data.incidentsById.values()],
    alertsOf: (incidentId: number) => data.alertsOf(data.incidentsById.get(incidentId)!),
  };
}

const requests = (entraTenantId: string, pathname: string, afterId = 0): RequestLogEntry[] =>
  world.requestLog({ tenantId: entraTenantId, after: afterId }).filter((entry) => entry.path === pathname);
const lastRequestId = () => world.lastRequestId();
const isoOf = (ticks: number) => new Date(formatTicks(ticks)).toISOString();
const feedState = (tenantId: string, source: SyncFeed) =>
  db.tenantSourceSync.findUniqueOrThrow({ where: { tenantId_source: { tenantId, source } } });

/** Detections (tenant, upstream id) that do not have exactly one primary row. */
const primaryProblems = (tenantId: string) =>
  db.$queryRaw<{ upstream_id: string; primaries: bigint }[]>`
    SELECT upstream_id, count(*) FILTER (WHERE is_primary) AS primaries FROM alert
    WHERE tenant_id = ${tenantId}::uuid GROUP BY upstream_id HAVING count(*) FILTER (WHERE is_primary) <> 1`;

describe('one tenant through every source (Northwind)', () => {
  let northwind: string;

  beforeAll(async () => {
    northwind = await connect(NORTHWIND);
    // A Sentinel alert: its Graph service and detection sources are evolvable enum members.
    await world.control('POST', `/defender/tenants/${NORTHWIND}/alerts`, { count: 1, source: 'sentinel' });
  });

  it('Defender XDR: incidents stored with their alerts, paged by $top ≤ 100 and $skip under a lastUpdateTime filter', async () => {
    const since = lastRequestId();
    const result = await syncFeed(northwind, 'XDR_INCIDENTS', { pageSize: 5 });
    const served = simulated(NORTHWIND);
    const alertsInIncidents = served.incidents.flatMap((incident) => served.alertsOf(incident.incidentId));
    expect(result).toMatchObject({
      outcome: 'succeeded',
      counts: {
        fetched: served.incidents.length + alertsInIncidents.length,
        inserted: served.incidents.length + alertsInIncidents.length,
        malformed: 0,
      },
    });

    const incidents = await db.incident.findMany({ where: { tenantId: northwind }, orderBy: { upstreamId: 'asc' } });
    expect(incidents.map((incident) => incident.upstreamId).sort()).toEqual(
      served.incidents.map((incident) => String(incident.incidentId)).sort(),
    );
    for (const incident of incidents) {
      const upstream = served.incidents.find((candidate) => String(candidate.incidentId) === incident.upstreamId)!;
      expect(incident).toMatchObject({
        source: 'XDR',
        isPrimary: true,
        name: upstream.incidentName,
        status: upstream.status,
        severity: upstream.severity,
        alertCount: served.alertsOf(upstream.incidentId).length,
        redirectIncidentId: upstream.redirectIncidentId === null ? null : String(upstream.redirectIncidentId),
      });
      expect(incident.lastUpdateTime.toISOString()).toBe(isoOf(upstream.lastUpdateTime));
    }

    const alerts = await db.alert.findMany({ where: { tenantId: northwind, source: 'XDR' } });
    expect(alerts.map((alert) => alert.upstreamId).sort()).toEqual(alertsInIncidents.map((alert) => alert.id).sort());
    const withDevice = alertsInIncidents.find((alert) => alert.device !== null)!;
    const row = alerts.find((alert) => alert.upstreamId === withDevice.id)!;
    expect(row).toMatchObject({
      machineId: withDevice.device!.machineId,
      computerDnsName: withDevice.device!.computerDnsName,
      incidentId: String(withDevice.incidentId),
      status: withDevice.status,
      isPrimary: true,
    });
    expect(row.alertCreationTime.toISOString()).toBe(isoOf(withDevice.alertCreationTime));
    expect(row.lastUpdateTime.toISOString()).toBe(isoOf(withDevice.lastUpdateTime));
    // The incident's entities are the alert's evidence, in Defender for Endpoint's shape.
    const evidence = (row.payload as { evidence: { entityType: string }[] }).evidence;
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence[0]).toHaveProperty('sha256');

    const sent = requests(NORTHWIND, XDR_PATH, since);
    expect(sent.length).toBe(Math.floor(served.incidents.length / 5) + 1);
    sent.forEach((request, index) => {
      expect(Object.keys(request.query).sort()).toEqual(['$filter', '$skip', '$top']);
      expect(request.query).toMatchObject({ $top: '5', $skip: String(index * 5) });
      expect(request.query.$filter).toMatch(/^lastUpdateTime ge \S+Z$/);
    });
    const newest = Math.max(...served.incidents.map((incident) => incident.lastUpdateTime));
    expect((await feedState(northwind, 'XDR_INCIDENTS')).cursor?.toISOString()).toBe(isoOf(newest));
  }, 120_000);

  it('Graph alerts_v2: follows @odata.nextLink, sends Prefer so evolvable members come as they are, stores Defender spellings', async () => {
    const since = lastRequestId();
    const result = await syncFeed(northwind, 'GRAPH_ALERTS', { pageSize: 10 });
    const served = simulated(NORTHWIND);
    expect(result).toMatchObject({
      outcome: 'succeeded',
      counts: { fetched: served.alerts.length, inserted: served.alerts.length, malformed: 0 },
    });
    const sent = requests(NORTHWIND, GRAPH_ALERTS_PATH, since);
    expect(sent.length).toBe(Math.ceil(served.alerts.length / 10));
    // One filter, and $skip moving by the next links Graph gave.
    expect(new Set(sent.map((request) => request.query.$filter)).size).toBe(1);
    expect(sent.map((request) => request.query.$skip)).toEqual(sent.map((_, index) => String(index * 10)));
    expect(sent[0]!.query).toMatchObject({ $orderby: 'lastUpdateDateTime asc', $top: '10' });

    const rows = await db.alert.findMany({ where: { tenantId: northwind, source: 'GRAPH' } });
    for (const alert of served.alerts) {
      const row = rows.find((candidate) => candidate.upstreamId === alert.id)!;
      // Columns in Defender's spelling, the payload as Graph sent it.
      expect(row).toMatchObject({
        severity: alert.severity,
        status: alert.status,
        classification: alert.classification,
        determination: alert.determination,
      });
      expect((row.payload as { status: string }).status).toBe(
        alert.status.charAt(0).toLowerCase() + alert.status.slice(1),
      );
    }
    // A Sentinel alert: Graph's evolvable members, sent only to clients that prefer them.
    const sentinel = served.alerts.find((alert) => alert.source === 'sentinel');
    expect(sentinel).toBeDefined();
    expect(rows.find((row) => row.upstreamId === sentinel!.id)).toMatchObject({
      serviceSource: 'microsoftSentinel',
      detectionSource: 'scheduledAlerts',
      payload: expect.objectContaining({ serviceSource: 'microsoftSentinel' }),
    });
    // Graph's copy is preferred to the XDR incident's.
    expect(await primaryProblems(northwind)).toEqual([]);
    expect(await db.alert.count({ where: { tenantId: northwind, source: 'XDR', isPrimary: true } })).toBe(0);
  }, 120_000);

  it('Graph incidents: stored without $expand=alerts, the XDR row of the same number stays the one shown', async () => {
    const since = lastRequestId();
    const result = await syncFeed(northwind, 'GRAPH_INCIDENTS');
    const served = simulated(NORTHWIND);
    expect(result).toMatchObject({ outcome: 'succeeded', counts: { inserted: served.incidents.length } });
    for (const request of requests(NORTHWIND, GRAPH_INCIDENTS_PATH, since))
      expect(request.query.$expand).toBeUndefined();
    const rows = await db.incident.findMany({ where: { tenantId: northwind } });
    for (const incident of served.incidents) {
      const copies = rows.filter((row) => row.upstreamId === String(incident.incidentId));
      expect(copies.map((row) => `${row.source} ${row.isPrimary}`).sort()).toEqual(['GRAPH false', 'XDR true']);
      const graph = copies.find((row) => row.source === 'GRAPH')!;
      expect(graph).toMatchObject({
        status: incident.status,
        severity: incident.severity,
        classification: incident.classification,
        determination: incident.determination,
      });
      expect(graph.webUrl).toContain(`/incidents/${incident.incidentId}?tid=${NORTHWIND}`);
    }
  }, 120_000);

  it('one detection through three sources is shown once: Defender for Endpoint first, then Graph, then XDR; its sources listed', async () => {
    await syncFeed(northwind, 'MDE_ALERTS');
    const served = simulated(NORTHWIND);
    expect(await primaryProblems(northwind)).toEqual([]);
    const primaries = await db.alert.findMany({ where: { tenantId: northwind, isPrimary: true } });
    expect(primaries).toHaveLength(served.alerts.length);
    for (const alert of served.alerts) {
      const primary = primaries.find((row) => row.upstreamId === alert.id)!;
      // Defender for Cloud Apps and Sentinel alerts are not in the Defender for Endpoint API.
      expect(primary.source).toBe(alert.source === 'endpoint' ? 'MDE' : 'GRAPH');
    }

    const endpointAlert = served.alerts.find((alert) => alert.source === 'endpoint')!;
    const shown = primaries.find((row) => row.upstreamId === endpointAlert.id)!;
    const detail = await canopy.call<{
      sources: { source: string; isPrimary: boolean }[];
      incident: { id: string; name: string } | null;
    }>('detectionLinks', {
      alert: { tenantId: northwind, upstreamId: shown.upstreamId, incidentId: shown.incidentId },
    });
    expect(detail.sources.map((source) => `${source.source} ${source.isPrimary}`)).toEqual([
      'MDE true',
      'XDR false',
      'GRAPH false',
    ]);
    const incident = await db.incident.findFirstOrThrow({
      where: { tenantId: northwind, upstreamId: String(endpointAlert.incidentId), isPrimary: true },
    });
    expect(detail.incident).toEqual({ id: String(incident.id), name: incident.name });

    // A change read again through one source only: the shown row stays Defender for Endpoint's.
    const open = served.alerts.find((alert) => alert.source === 'endpoint' && alert.status !== 'Resolved')!;
    const statusBefore = open.status;
    await world.control('PATCH', `/defender/tenants/${NORTHWIND}/alerts/${open.id}`, { status: 'Resolved' });
    await syncFeed(northwind, 'GRAPH_ALERTS');
    expect(await primaryProblems(northwind)).toEqual([]);
    const copies = await db.alert.findMany({ where: { tenantId: northwind, upstreamId: open.id } });
    expect(copies.map((row) => `${row.source} ${row.isPrimary} ${row.status}`).sort()).toEqual([
      'GRAPH false Resolved',
      `MDE true ${statusBefore}`,
      `XDR false ${statusBefore}`,
    ]);
  }, 120_000);
});

describe('every feed of a tenant at once', () => {
  it('concurrent feed runs never leave two primary rows for one detection (the tenant write lock)', async () => {
    const litware = await connect(LITWARE);
    // All four at once, as runs of a connected tenant go (a first sync runs them in turn).
    const feeds = ['MDE_ALERTS', 'XDR_INCIDENTS', 'GRAPH_ALERTS', 'GRAPH_INCIDENTS'] as const;
    const results = await Promise.all(feeds.map((feed) => syncFeed(litware, feed, { pageSize: 25 })));
    for (const result of results) expect(result.outcome).toBe('succeeded');
    const served = simulated(LITWARE);
    expect(await primaryProblems(litware)).toEqual([]);
    const primaries = await db.alert.groupBy({
      by: ['source'],
      where: { tenantId: litware, isPrimary: true },
      _count: true,
    });
    const endpoint = served.alerts.filter((alert) => alert.source === 'endpoint').length;
    expect(Object.fromEntries(primaries.map((row) => [row.source, row._count]))).toEqual({
      MDE: endpoint,
      GRAPH: served.alerts.length - endpoint,
    });
    const incidentProblems = await db.$queryRaw<unknown[]>`
      SELECT upstream_id FROM incident WHERE tenant_id = ${litware}::uuid
      GROUP BY upstream_id HAVING count(*) FILTER (WHERE is_primary) <> 1`;
    expect(incidentProblems).toEqual([]);
  }, 300_000);

  it("a tenant's first sync stores each detection's best copy first and the others as copies, never rewritten", async () => {
    const litware = (await db.customerTenant.findFirstOrThrow({ where: { entraTenantId: LITWARE } })).id;
    // Litware starts over: no row, no feed state.
    await db.alert.deleteMany({ where: { tenantId: litware } });
    await db.incident.deleteMany({ where: { tenantId: litware } });
    await db.tenantSourceSync.deleteMany({ where: { tenantId: litware } });
    // Every row that stops being primary, logged by a trigger of this test's own.
    await db.$executeRawUnsafe(`CREATE TABLE test_demotion (tbl text, source text, upstream_id text)`);
    await db.$executeRawUnsafe(`CREATE FUNCTION test_log_demotion() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO test_demotion VALUES (TG_TABLE_NAME, NEW.source::text, NEW.upstream_id); RETURN NULL; END $$`);
    for (const table of ['alert', 'incident']) {
      await db.$executeRawUnsafe(`CREATE TRIGGER test_log_demotion AFTER UPDATE OF is_primary ON ${table}
        FOR EACH ROW WHEN (OLD.is_primary AND NOT NEW.is_primary) EXECUTE FUNCTION test_log_demotion()`);
    }
    try {
      const { feeds } = await canopy.call<TenantSyncResult>('syncTenant', {
        tenantId: litware,
        options: { pageSize: 25 },
      });
      expect(Object.keys(feeds).sort()).toEqual(['GRAPH_ALERTS', 'GRAPH_INCIDENTS', 'MDE_ALERTS', 'XDR_INCIDENTS']);
      for (const result of Object.values(feeds)) expect(result.outcome).toBe('succeeded');
      // Not one primary row became a copy: none was written twice.
      expect(await db.$queryRawUnsafe(`SELECT * FROM test_demotion`)).toEqual([]);
      expect(await primaryProblems(litware)).toEqual([]);
      const copies = await db.alert.groupBy({
        by: ['source'],
        where: { tenantId: litware, isPrimary: false },
        _count: true,
      });
      expect(copies.map((row) => row.source).sort()).toEqual(['GRAPH', 'XDR']);
      expect(
        await db.incident.count({ where: { tenantId: litware, source: 'GRAPH', isPrimary: false } }),
      ).toBeGreaterThan(0);
    } finally {
      for (const table of ['alert', 'incident'])
        await db.$executeRawUnsafe(`DROP TRIGGER test_log_demotion ON ${table}`);
      await db.$executeRawUnsafe(`DROP FUNCTION test_log_demotion`);
      await db.$executeRawUnsafe(`DROP TABLE test_demotion`);
    }
  }, 300_000);

  it('a feed whose permission is missing is marked and never called while the others sync', async () => {
    // Relecloud granted Alert.Read.All only.
    const relecloud = await connect(RELECLOUD);
    const since = lastRequestId();
    const result = await canopy.call<TenantSyncResult>('syncTenant', { tenantId: relecloud });
    expect(result.feeds).toMatchObject({
      MDE_ALERTS: { outcome: 'succeeded' },
      XDR_INCIDENTS: { outcome: 'skipped', reason: 'missing permission' },
      GRAPH_ALERTS: { outcome: 'skipped', reason: 'missing permission' },
      GRAPH_INCIDENTS: { outcome: 'skipped', reason: 'missing permission' },
    });
    expect(await feedState(relecloud, 'GRAPH_INCIDENTS')).toMatchObject({
      status: 'MISSING_PERMISSION',
      nextRunAt: null,
      lastError: { code: 'missing-permission', title: 'Permission missing: Microsoft Graph SecurityIncident.Read.All' },
    });
    expect(await feedState(relecloud, 'XDR_INCIDENTS')).toMatchObject({
      status: 'MISSING_PERMISSION',
      lastError: { title: 'Permission missing: Microsoft Threat Protection Incident.Read.All' },
    });
    const paths = world.requestLog({ tenantId: RELECLOUD, after: since }).map((entry) => entry.path);
    expect(paths.filter((pathname) => pathname.startsWith('/xdr') || pathname.startsWith('/graph'))).toEqual([]);
    expect(paths).toContain('/mde/api/alerts');
  }, 120_000);
});

describe('Graph without next links, and upstream trouble', () => {
  let woodgrove: string;
  let fabrikam: string;

  beforeAll(async () => {
    await world.control('POST', `/tenants/${WOODGROVE}/consent`);
    woodgrove = await connect(WOODGROVE, ['GRAPH_SECURITY']);
    await world.control('POST', `/tenants/${FABRIKAM}/consent`);
    fabrikam = await connect(FABRIKAM, ['XDR_INCIDENTS', 'GRAPH_SECURITY']);
  });

  it('with no @odata.nextLink, pages by a lastUpdateDateTime cursor ($skip ≤ 500); running counts grow page by page', async () => {
    await world.control('PUT', `/defender/tenants/${WOODGROVE}/faults`, {
      apis: ['graph'],
      omitNextLink: true,
      latencyMs: 300,
    });
    const since = lastRequestId();
    const running = syncFeed(woodgrove, 'GRAPH_ALERTS', { pageSize: 20 });
    // While it runs, the feed's row shows how far it got.
    const progress = await until('counts of a run in progress', async () => {
      const state = await db.tenantSourceSync.findUnique({
        where: { tenantId_source: { tenantId: woodgrove, source: 'GRAPH_ALERTS' } },
      });
      return state?.runId && state.fetched > 0 ? state : null;
    });
    const result = await running;
    await world.control('DELETE', `/defender/tenants/${WOODGROVE}/faults`);

    const served = simulated(WOODGROVE);
    expect(progress.fetched).toBeLessThan(served.alerts.length);
    expect(progress.upserted).toBe(progress.fetched);
    expect(result).toMatchObject({ outcome: 'succeeded', counts: { fetched: served.alerts.length, malformed: 0 } });
    expect(await feedState(woodgrove, 'GRAPH_ALERTS')).toMatchObject({
      status: 'SUCCEEDED',
      runId: null,
      fetched: served.alerts.length,
      upserted: served.alerts.length,
    });
    const stored = await db.alert.findMany({ where: { tenantId: woodgrove }, select: { upstreamId: true } });
    expect(stored.map((row) => row.upstreamId).sort()).toEqual(served.alerts.map((alert) => alert.id).sort());
    const sent = requests(WOODGROVE, GRAPH_ALERTS_PATH, since);
    const filters = sent.map((request) => request.query.$filter!);
    expect(new Set(filters).size).toBe(sent.length);
    expect([...filters].sort()).toEqual(filters);
    for (const request of sent) expect(Number(request.query.$skip)).toBeLessThanOrEqual(500);
  }, 120_000);

  it('skips and counts a malformed Graph alert and a malformed alert inside an XDR incident', async () => {
    const served = simulated(FABRIKAM);
    const [badGraph, badXdr] = served.alerts;
    // Each API's own field name: the other API serves the alert as it should.
    await world.control('PUT', `/defender/tenants/${FABRIKAM}/faults`, {
      apis: ['graph', 'xdr'],
      alertOverrides: { [badGraph!.id]: { lastUpdateDateTime: 'soon' }, [badXdr!.id]: { lastUpdatedTime: 42 } },
    });
    const graph = await syncFeed(fabrikam, 'GRAPH_ALERTS');
    const xdr = await syncFeed(fabrikam, 'XDR_INCIDENTS');
    await world.control('DELETE', `/defender/tenants/${FABRIKAM}/faults`);
    expect(graph).toMatchObject({ outcome: 'succeeded', counts: { malformed: 1, inserted: served.alerts.length - 1 } });
    expect(xdr).toMatchObject({ outcome: 'succeeded', counts: { malformed: 1 } });
    expect(await feedState(fabrikam, 'GRAPH_ALERTS')).toMatchObject({ status: 'SUCCEEDED', malformed: 1 });
    expect(await feedState(fabrikam, 'XDR_INCIDENTS')).toMatchObject({ status: 'SUCCEEDED', malformed: 1 });
    const ids = async (source: 'GRAPH' | 'XDR') =>
      (await db.alert.findMany({ where: { tenantId: fabrikam, source }, select: { upstreamId: true } })).map(
        (row) => row.upstreamId,
      );
    expect(await ids('GRAPH')).not.toContain(badGraph!.id);
    expect(await ids('XDR')).not.toContain(badXdr!.id);
    expect(await ids('XDR')).toContain(badGraph!.id);
    // Its incident is kept.
    expect(
      await db.incident.count({ where: { tenantId: fabrikam, source: 'XDR', upstreamId: String(badXdr!.incidentId) } }),
    ).toBe(1);
  }, 120_000);

  it("a feed whose API keeps failing fails alone, explained, while the tenant's other feeds sync", async () => {
    await world.control('PUT', `/defender/tenants/${FABRIKAM}/faults`, {
      apis: ['xdr'],
      errorRate: 1,
      errorStatus: 503,
    });
    const result = await canopy.call<TenantSyncResult>('syncTenant', {
      tenantId: fabrikam,
      options: { retry: { baseDelayMs: 20, maxAttempts: 2 } },
    });
    await world.control('DELETE', `/defender/tenants/${FABRIKAM}/faults`);
    expect(result.feeds).toMatchObject({
      XDR_INCIDENTS: { outcome: 'failed', problem: expect.stringContaining('Defender XDR did not answer') },
      GRAPH_ALERTS: { outcome: 'succeeded' },
      GRAPH_INCIDENTS: { outcome: 'succeeded' },
    });
  }, 120_000);

  it('Defender XDR 429: waits the Retry-After it is given, then goes on', async () => {
    await world.control('PUT', `/defender/tenants/${FABRIKAM}/faults`, { apis: ['xdr'], throttleRetryAfterSeconds: 2 });
    const since = lastRequestId();
    const running = syncFeed(fabrikam, 'XDR_INCIDENTS');
    const throttled = await until('a 429', () =>
      requests(FABRIKAM, XDR_PATH, since).find((request) => request.status === 429),
    );
    await world.control('DELETE', `/defender/tenants/${FABRIKAM}/faults`);
    const result = await running;
    expect(result.outcome).toBe('succeeded');
    const sent = requests(FABRIKAM, XDR_PATH, since);
    const retry = sent[sent.indexOf(throttled) + 1]!;
    expect(retry.status).toBe(200);
    expect(Date.parse(retry.time) - (Date.parse(throttled.time) + throttled.durationMs!)).toBeGreaterThanOrEqual(
      2_000 - 2,
    );
    expect(retry.query).toEqual(throttled.query);
  }, 120_000);
});
