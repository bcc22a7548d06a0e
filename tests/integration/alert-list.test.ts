// The alerts page's queries against a real PostgreSQL: rows inserted directly (no sync), then each
// sort paged by its keyset cursor both ways, each filter, the daily rollup's refresh, and the
// counts and chart read from it (or bounded when the filter does not map onto it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALERT_PAGE_SIZE,
  alertFilterParams,
  parseAlertListQuery,
  SEVERITY_RANK,
  type AlertSort,
} from '@/lib/alerts/alert-list-query';
import { countAlerts, countAlertsPerDay, COUNT_BOUND, readMatchSample } from '@/lib/alerts/count-alerts';
import { listAlerts } from '@/lib/alerts/list-alerts';
import { MAX_SEARCH_VALUES, withTextSearch } from '@/lib/alerts/text-search';
import { refreshAlertRollup } from '@/lib/alerts/refresh-alert-rollup';
import type { Db } from '@/lib/db/client';
import { severityRank } from '@/lib/defender/alert-row';
import type { AlertSource } from '@/lib/generated/prisma/enums';
import { startIntegrationWorld, type IntegrationWorld } from './support/integration-world';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const HOUR = 3_600_000;
const SEVERITIES = ['High', 'Medium', 'Low', 'Informational', 'UnSpecified', 'Critical'];
const STATUSES = ['New', 'InProgress', 'Resolved'];
const CATEGORIES = ['Execution', 'Malware', 'CommandAndControl'];
const CLASSIFICATIONS = [null, 'Unknown', 'TruePositive', 'FalsePositive', 'InformationalExpectedActivity'];

type Stored = {
  id: bigint;
  tenantId: string;
  source: AlertSource;
  isPrimary: boolean;
  title: string;
  severity: string;
  severityRank: number;
  status: string;
  category: string | null;
  classification: string | null;
  computerDnsName: string | null;
  relatedUser: string | null;
  alertCreationTime: Date;
  lastUpdateTime: Date;
};

let world: IntegrationWorld;
let db: Db;
let tenantA: string;
let tenantB: string;
let stored: Stored[];

async function createTenant(entraTenantId: string, displayName: string): Promise<string> {
  const tenant = await db.customerTenant.create({
    data: { entraTenantId, displayName, adminEmails: [], dataSources: ['MDE_ALERTS'], status: 'CONNECTED' },
    select: { id: true },
  });
  return tenant.id;
}

/** Alert rows as the sync stores them; `i` spreads them over 40 days with ties in lastUpdateTime. */
function alertData(i: number, tenantId: string, source: AlertSource = 'MDE', isPrimary = true) {
  const severity = SEVERITIES[i % SEVERITIES.length]!;
  return {
    tenantId,
    source,
    isPrimary,
    upstreamId: `${source}-${i}`,
    title: i === 5 ? 'Coverage 100% reached' : `Alert ${i}`,
    severity,
    severityRank: severityRank(severity),
    status: STATUSES[Math.floor(i / 7) % STATUSES.length]!,
    category: i % 11 === 0 ? null : CATEGORIES[i % CATEGORIES.length]!,
    classification: CLASSIFICATIONS[i % CLASSIFICATIONS.length]!,
    computerDnsName: `host-${i % 10}.contoso.local`,
    relatedUser: i % 7 === 0 ? `CONTOSO\\user${i}` : null,
    mitreTechniques: [],
    alertCreationTime: new Date(NOW.getTime() - i * 3.7 * HOUR - (i % 1000)),
    lastUpdateTime: new Date(NOW.getTime() - Math.floor(i / 4) * HOUR),
    payload: {},
  };
}

async function readStored(): Promise<Stored[]> {
  return db.alert.findMany({
    select: {
      id: true,
      tenantId: true,
      source: true,
      isPrimary: true,
      title: true,
      severity: true,
      severityRank: true,
      status: true,
      category: true,
      classification: true,
      computerDnsName: true,
      relatedUser: true,
      alertCreationTime: true,
      lastUpdateTime: true,
    },
  });
}

beforeAll(async () => {
  world = await startIntegrationWorld({ name: 'alert-list' });
  db = world.db;
  tenantA = await createTenant('57b6504a-dffe-45bb-a0ef-ec5f14e05f6a', 'Northwind');
  tenantB = await createTenant('627bf0fe-8288-406a-a18b-79e8054a20e1', 'Litware');
  await db.alert.createMany({
    data: [
      ...Array.from({ length: 260 }, (_, i) => alertData(i, i % 5 < 2 ? tenantB : tenantA)),
      // Graph's copies of 20 detections: not primary, so only the source filter shows them.
      ...Array.from({ length: 20 }, (_, i) => alertData(i, i % 5 < 2 ? tenantB : tenantA, 'GRAPH', false)),
    ],
  });
  stored = await readStored();
}, 120_000);

afterAll(() => world?.stop());

/** Descending by the sort's key, then id: what every page of that sort must add up to. */
function compareBy(sort: AlertSort) {
  const key = (a: Stored): [number, number] =>
    sort === 'created'
      ? [0, a.alertCreationTime.getTime()]
      : [sort === 'severity' ? a.severityRank : 0, a.lastUpdateTime.getTime()];
  return (a: Stored, b: Stored) => {
    const [ra, ta] = key(a);
    const [rb, tb] = key(b);
    return rb - ra || tb - ta || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0);
  };
}

/** Follows "Next" from the first page, then "Previous" back from the last, through the URL. */
/** The alerts page's query from its parameters, its text search looked up as the page does. */
const resolved = async (params: Record<string, string | undefined>) => withTextSearch(db, parseAlertListQuery(params));

async function pageThrough(
  params: Record<string, string>,
  within?: readonly bigint[],
): Promise<{ forward: string[]; backward: string[][] }> {
  const pages: string[][] = [];
  let query = await resolved(params);
  let last: Awaited<ReturnType<typeof listAlerts>> | null = null;
  for (;;) {
    const page = await listAlerts(db, query, NOW, within);
    pages.push(page.rows.map((row) => row.id));
    last = page;
    if (!page.olderCursor) break;
    expect(page.rows).toHaveLength(ALERT_PAGE_SIZE);
    query = await resolved({ ...Object.fromEntries(alertFilterParams(query)), before: page.olderCursor });
  }
  const backward: string[][] = [];
  while (last.newerCursor) {
    query = await resolved({ ...Object.fromEntries(alertFilterParams(query)), after: last.newerCursor });
    last = await listAlerts(db, query, NOW, within);
    backward.unshift(last.rows.map((row) => row.id));
  }
  return { forward: pages.flat(), backward: [...backward, pages.at(-1)!] };
}

async function expectPaging(
  params: Record<string, string>,
  match: (a: Stored) => boolean,
  sort: AlertSort,
  within?: readonly bigint[],
) {
  const expected = stored
    .filter(match)
    .sort(compareBy(sort))
    .map((a) => String(a.id));
  const { forward, backward } = await pageThrough({ ...params, sort }, within);
  expect(forward).toEqual(expected);
  expect(new Set(forward).size).toBe(forward.length);
  // Back from the last page, page by page, to the first: the same pages.
  const pages: string[][] = [];
  for (let i = 0; i < expected.length; i += ALERT_PAGE_SIZE) pages.push(expected.slice(i, i + ALERT_PAGE_SIZE));
  expect(backward).toEqual(pages);
}

const primary = (a: Stored) => a.isPrimary;

describe('keyset paging', () => {
  for (const sort of ['updated', 'created', 'severity'] as const)
    it(`returns every primary alert exactly once, in order, sorted by ${sort}, forwards and back`, async () => {
      expect(stored.filter(primary).length).toBeGreaterThan(5 * ALERT_PAGE_SIZE);
      await expectPaging({}, primary, sort);
    });

  it('pages a filtered list the same way', async () => {
    await expectPaging({ tenant: tenantA }, (a) => primary(a) && a.tenantId === tenantA, 'severity');
    await expectPaging({ status: 'Resolved' }, (a) => primary(a) && a.status === 'Resolved', 'created');
  });

  it('pages a text search within its match sample’s ids the same way, under the filters the sample leaves out', async () => {
    const params = { q: '.contoso.local', tenant: tenantA };
    const match = (a: Stored) => primary(a) && a.tenantId === tenantA;
    const sample = await readMatchSample(db, await resolved(params), NOW);
    // Read for the counts, the sample leaves the tenant out: the list must put it back.
    expect(sample?.complete).toBe(true);
    expect(sample!.rows.some((row) => row.tenantId !== tenantA)).toBe(true);
    const within = sample!.rows.map((row) => row.id);
    for (const sort of ['updated', 'severity'] as const) await expectPaging(params, match, sort, within);
    // The ids stand in for the search: one left out is not listed.
    const [first] = stored.filter(match).sort(compareBy('updated'));
    const rest = within.filter((id) => id !== first!.id);
    await expectPaging(params, (a) => match(a) && a.id !== first!.id, 'updated', rest);
  });
});

describe('filters', () => {
  const allRows = async (params: Record<string, string>) => (await pageThrough(params)).forward.sort();
  const ids = (match: (a: Stored) => boolean) =>
    stored
      .filter(match)
      .map((a) => String(a.id))
      .sort();
  const created = (a: Stored) => a.alertCreationTime.getTime();

  // Parameters are functions: the tenants' ids exist only once beforeAll has run.
  it.each<[string, () => Record<string, string>, (a: Stored) => boolean]>([
    ['tenant', () => ({ tenant: tenantB }), (a) => primary(a) && a.tenantId === tenantB],
    ['severity by rank', () => ({ severity: 'High' }), (a) => primary(a) && a.severityRank === 4],
    [
      'UnSpecified with unknown severities',
      () => ({ severity: 'UnSpecified' }),
      (a) => primary(a) && a.severityRank === 0,
    ],
    ['status', () => ({ status: 'InProgress' }), (a) => primary(a) && a.status === 'InProgress'],
    ['source, primary or not', () => ({ source: 'GRAPH' }), (a) => a.source === 'GRAPH'],
    ['category', () => ({ category: 'Malware' }), (a) => primary(a) && a.category === 'Malware'],
    [
      'classification',
      () => ({ classification: 'TruePositive' }),
      (a) => primary(a) && a.classification === 'TruePositive',
    ],
    [
      'no classification',
      () => ({ classification: 'Unclassified' }),
      (a) => primary(a) && (a.classification === null || a.classification === 'Unknown'),
    ],
    ['last 24 hours', () => ({ range: '24h' }), (a) => primary(a) && created(a) >= NOW.getTime() - 24 * HOUR],
    [
      'last 7 days, whole UTC days',
      () => ({ range: '7d' }),
      (a) => primary(a) && created(a) >= Date.parse('2026-11-24T00:00:00Z'),
    ],
    [
      'custom days, the last one included',
      () => ({ from: '2026-11-10', to: '2026-11-12' }),
      (a) =>
        primary(a) &&
        created(a) >= Date.parse('2026-11-10T00:00:00Z') &&
        created(a) < Date.parse('2026-11-13T00:00:00Z'),
    ],
    [
      'text in the related user',
      () => ({ q: 'contoso\\USER14' }),
      (a) => primary(a) && /^CONTOSO\\user14\d*$/.test(a.relatedUser ?? ''),
    ],
    ['text in the device', () => ({ q: 'HOST-3.' }), (a) => primary(a) && a.computerDnsName === 'host-3.contoso.local'],
    ['a % typed is a percent sign', () => ({ q: '100%' }), (a) => primary(a) && a.title.includes('100%')],
    [
      'several at once',
      () => ({ tenant: tenantA, severity: 'Low', status: 'New', range: '30d' }),
      (a) =>
        primary(a) &&
        a.tenantId === tenantA &&
        a.severityRank === 2 &&
        a.status === 'New' &&
        created(a) >= Date.parse('2026-11-01T00:00:00Z'),
    ],
  ])('%s', async (_, params, match) => {
    const expected = ids(match);
    expect(expected.length).toBeGreaterThan(0);
    expect(await allRows(params())).toEqual(expected);
  });
});

/** Rows of the rollup as the table should hold them, from the stored alerts. */
function expectedRollup(tenantId: string) {
  const counts = new Map<string, number>();
  for (const a of stored.filter((row) => row.isPrimary && row.tenantId === tenantId)) {
    const key = `${a.alertCreationTime.toISOString().slice(0, 10)} ${a.severityRank}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${key} ${count}`).sort();
}

async function rollupRows(tenantId: string) {
  const rows = await db.$queryRaw<{ day: string; rank: number; count: number }[]>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, severity_rank AS rank, count
      FROM alert_daily_count WHERE tenant_id = ${tenantId}::uuid`;
  return rows.map((row) => `${row.day} ${row.rank} ${row.count}`).sort();
}

/** The counts by tenant's order: most first, then by id (PostgreSQL orders uuids as their hex text). */
const byCountThenTenant = (x: { tenantId: string; count: number }, y: { tenantId: string; count: number }) =>
  y.count - x.count || (x.tenantId < y.tenantId ? -1 : 1);

describe('the daily rollup and the counts', () => {
  const severityCounts = (match: (a: Stored) => boolean) =>
    Object.values(SEVERITY_RANK).map(
      (rank) => stored.filter((a) => a.isPrimary && a.severityRank === rank && match(a)).length,
    );
  const countsOf = (counts: Awaited<ReturnType<typeof countAlerts>>) =>
    Object.values(SEVERITY_RANK).map((rank) => counts.bySeverity.get(rank)?.value ?? 0);

  it('recomputes a tenant’s rows from its primary alerts, leaving other tenants alone', async () => {
    expect(await rollupRows(tenantA)).toEqual([]);
    await refreshAlertRollup(db, tenantA);
    expect(await rollupRows(tenantA)).toEqual(expectedRollup(tenantA));
    expect(await rollupRows(tenantB)).toEqual([]);
    // Refreshes of one tenant at once (several sources' syncs ending together) wait for each other.
    await Promise.all(Array.from({ length: 8 }, () => refreshAlertRollup(db, tenantB)));
    expect(await rollupRows(tenantB)).toEqual(expectedRollup(tenantB));
  });

  it('answers the counts from the rollup under tenant, severity and whole-day filters', async () => {
    const all = await countAlerts(db, await resolved({}), NOW);
    expect(all.from).toBe('rollup');
    expect(countsOf(all)).toEqual(severityCounts(() => true));
    expect(all.byTenant).toEqual(
      [tenantA, tenantB]
        .map((tenantId) => ({ tenantId, count: stored.filter((a) => a.isPrimary && a.tenantId === tenantId).length }))
        .sort(byCountThenTenant),
    );

    const since = Date.parse('2026-11-24T00:00:00Z');
    const narrowed = await countAlerts(db, await resolved({ tenant: tenantB, severity: 'High', range: '7d' }), NOW);
    expect(narrowed.from).toBe('rollup');
    // By severity: every severity of tenant B (the severity filter is the one being counted).
    expect(countsOf(narrowed)).toEqual(
      severityCounts((a) => a.tenantId === tenantB && a.alertCreationTime.getTime() >= since),
    );
    // By tenant: High alerts of every tenant.
    expect(narrowed.byTenant).toEqual(
      [tenantA, tenantB]
        .map((tenantId) => ({
          tenantId,
          count: stored.filter(
            (a) =>
              a.isPrimary && a.tenantId === tenantId && a.severityRank === 4 && a.alertCreationTime.getTime() >= since,
          ).length,
        }))
        .sort(byCountThenTenant),
    );
  });

  it('reads the rollup, not the alerts: a new alert counts once its tenant is refreshed', async () => {
    const before = await countAlerts(db, await resolved({ tenant: tenantA }), NOW);
    const [added] = await db.alert.createManyAndReturn({ data: [alertData(300, tenantA)], select: { id: true } });
    expect(await countAlerts(db, await resolved({ tenant: tenantA }), NOW)).toEqual(before);
    await refreshAlertRollup(db, tenantA);
    const after = await countAlerts(db, await resolved({ tenant: tenantA }), NOW);
    const rank = severityRank(alertData(300, tenantA).severity);
    expect(after.bySeverity.get(rank)?.value).toBe((before.bySeverity.get(rank)?.value ?? 0) + 1);
    // A detection that stops being primary leaves the counts at the next refresh.
    await db.alert.update({ where: { id: added!.id }, data: { isPrimary: false } });
    await refreshAlertRollup(db, tenantA);
    expect(await countAlerts(db, await resolved({ tenant: tenantA }), NOW)).toEqual(before);
    stored = await readStored();
  });

  it('counts from the alert table, exactly below the bound, under the other filters', async () => {
    const counts = await countAlerts(db, await resolved({ status: 'Resolved', tenant: tenantA }), NOW);
    expect(counts.from).toBe('bounded');
    expect(countsOf(counts)).toEqual(severityCounts((a) => a.status === 'Resolved' && a.tenantId === tenantA));
    expect(counts.bySeverity.get(4)?.atLeast).toBe(false);
    expect(counts.byTenant).toEqual(
      [tenantA, tenantB]
        .map((tenantId) => ({
          tenantId,
          count: stored.filter((a) => a.isPrimary && a.status === 'Resolved' && a.tenantId === tenantId).length,
        }))
        .sort(byCountThenTenant),
    );
  });

  it('draws 30 days of the chart from the rollup', async () => {
    const days = await countAlertsPerDay(db, await resolved({}), NOW);
    expect(days).toHaveLength(30);
    expect(days[0]!.day).toBe('2026-11-01');
    expect(days.at(-1)!.day).toBe('2026-11-30');
    for (const entry of days)
      for (const rank of Object.values(SEVERITY_RANK))
        expect(entry.byRank[rank], `${entry.day} rank ${rank}`).toBe(
          stored.filter(
            (a) =>
              a.isPrimary && a.severityRank === rank && a.alertCreationTime.toISOString().slice(0, 10) === entry.day,
          ).length,
        );
    const tenantHigh = await countAlertsPerDay(db, await resolved({ tenant: tenantB, severity: 'High' }), NOW);
    expect(tenantHigh.reduce((sum, entry) => sum + entry.byRank[4]! + entry.byRank[3]!, 0)).toBe(
      stored.filter(
        (a) =>
          a.isPrimary &&
          a.tenantId === tenantB &&
          a.severityRank === 4 &&
          a.alertCreationTime.getTime() >= Date.parse('2026-11-01T00:00:00Z'),
      ).length,
    );
  });

  it('stops counting at the bound, and then does not count by tenant', async () => {
    await db.alert.createMany({
      data: Array.from({ length: COUNT_BOUND + 5 }, (_, i) => ({
        ...alertData(6 * i, tenantB),
        upstreamId: `bulk-${i}`,
        status: 'New',
      })),
    });
    const counts = await countAlerts(db, await resolved({ status: 'New' }), NOW);
    expect(counts.from).toBe('bounded');
    expect(counts.bySeverity.get(4)).toEqual({ value: COUNT_BOUND, atLeast: true });
    expect(counts.byTenant).toBeNull();
  });
});

describe('the text search’s values (alert_search_term, kept by triggers)', () => {
  const search = async (q: string) => (await listAlerts(db, await resolved({ q }), NOW)).rows.map((row) => row.title);

  it('finds a value however it was written: an insert, an update, an upsert; and a value too long for a btree', async () => {
    const longTitle = `${'Encoded command line '.repeat(400)}quokka-tail`;
    await db.alert.createMany({
      data: [
        { ...alertData(1001, tenantA), upstreamId: 'search-insert', title: 'Marmot seen on a device' },
        { ...alertData(1002, tenantA), upstreamId: 'search-update', title: 'Before its rename' },
        { ...alertData(1003, tenantA), upstreamId: 'search-long', title: longTitle },
      ],
    });
    await db.$executeRaw`UPDATE alert SET title = 'Renamed: wombat burrow' WHERE upstream_id = 'search-update'`;
    // As the sync writes a changed alert: an INSERT that conflicts and updates the row.
    await db.$executeRaw`
      INSERT INTO alert (tenant_id, source, upstream_id, title, severity, severity_rank, status, mitre_techniques,
                         alert_creation_time, last_update_time, payload, computer_dns_name)
      SELECT tenant_id, source, upstream_id, title, severity, severity_rank, status, mitre_techniques,
             alert_creation_time, last_update_time, payload, 'numbat-laptop.contoso.local'
        FROM alert WHERE upstream_id = 'search-insert'
      ON CONFLICT (tenant_id, upstream_id, source) DO UPDATE SET computer_dns_name = EXCLUDED.computer_dns_name`;
    try {
      expect(longTitle.length).toBeGreaterThan(8_000);
      expect(await search('MARMOT')).toEqual(['Marmot seen on a device']);
      expect(await search('wombat')).toEqual(['Renamed: wombat burrow']);
      expect(await search('numbat-LAPTOP')).toEqual(['Marmot seen on a device']);
      expect(await search('quokka-tail')).toEqual([longTitle]);
      // The old title stays among the values, and matches no alert.
      expect(await search('Before its rename')).toEqual([]);
    } finally {
      await db.alert.deleteMany({ where: { upstreamId: { startsWith: 'search-' } } });
    }
  });

  it('treats a word matching more than MAX_SEARCH_VALUES values as common, and still finds its alerts', async () => {
    await db.$executeRaw`
      INSERT INTO alert_search_term (kind, digest, value)
      SELECT 'device', md5(v)::uuid, v FROM (SELECT 'kiwi-' || i || '.contoso.local' AS v
        FROM generate_series(1, ${MAX_SEARCH_VALUES + 1}) AS i) AS x`;
    await db.alert.create({
      data: { ...alertData(1004, tenantB), upstreamId: 'search-common', computerDnsName: 'kiwi-7.contoso.local' },
    });
    try {
      expect((await resolved({ q: 'KIWI-' })).searchValues).toBe('common');
      expect((await resolved({ q: 'kiwi-7.' })).searchValues).toMatchObject({ device: [expect.any(String)] });
      expect(
        (await listAlerts(db, await resolved({ q: 'KIWI-' }), NOW)).rows.map((row) => row.computerDnsName),
      ).toEqual(['kiwi-7.contoso.local']);
    } finally {
      await db.alert.deleteMany({ where: { upstreamId: 'search-common' } });
    }
  });
});
