// The alerts list's queries at volume, as PostgreSQL plans them: EXPLAIN of each default view's
// page query (every sort, the usual filters, a next page) on a real PostgreSQL holding 60,000
// generated alerts, after ANALYZE. None may read the alert table sequentially: at a million alerts
// that is a second per page view, where the keyset and the text search's indexes answer in milliseconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAlertListQuery } from '@/lib/alerts/alert-list-query';
import { alertCountSql, alertMatchSampleSql, alertsPerDaySql, readMatchSample } from '@/lib/alerts/count-alerts';
import { alertPageSql } from '@/lib/alerts/list-alerts';
import { withTextSearch } from '@/lib/alerts/text-search';
import type { Db } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import { generateAlerts } from '../../scripts/bench/lib/generate-alerts';
import { startIntegrationWorld, type IntegrationWorld } from './support/integration-world';

let world: IntegrationWorld;
let db: Db;
let tenant: string;
let olderCursor: string;

beforeAll(async () => {
  world = await startIntegrationWorld({ name: 'query-plans' });
  await generateAlerts(world.databaseUrl, { tenants: 40, alerts: 60_000 });
  db = world.db;
  tenant = (await db.customerTenant.findFirstOrThrow({ select: { id: true } })).id;
  const [row] = await db.alert.findMany({ orderBy: [{ lastUpdateTime: 'desc' }, { id: 'desc' }], skip: 50, take: 1 });
  olderCursor = `u.${row!.lastUpdateTime.getTime()}.${row!.id}`;
}, 300_000);

afterAll(() => world?.stop());

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };

/** Every node of a plan that reads `relation` sequentially. */
function seqScans(node: PlanNode, relation: string): PlanNode[] {
  const own = node['Node Type'] === 'Seq Scan' && node['Relation Name'] === relation ? [node] : [];
  return [...own, ...(node.Plans ?? []).flatMap((child) => seqScans(child, relation))];
}

/** The indexes a plan reads. */
function indexesRead(node: PlanNode): string[] {
  return [...(node['Index Name'] ? [node['Index Name']] : []), ...(node.Plans ?? []).flatMap(indexesRead)];
}

async function plan(sql: Prisma.Sql): Promise<PlanNode> {
  const [row] = await db.$queryRaw<[{ 'QUERY PLAN': [{ Plan: PlanNode }] }]>`EXPLAIN (FORMAT JSON) ${sql}`;
  return row['QUERY PLAN'][0].Plan;
}

/** The alert table's indexes of the text search's values (migration 20261202050312). */
const SEARCH_INDEXES = [
  'alert_title_digest_idx',
  'alert_computer_dns_name_digest_idx',
  'alert_related_user_digest_idx',
];

describe('the alerts page’s queries at volume', () => {
  const views: [string, () => Record<string, string>][] = [
    ['newest change (the default view)', () => ({})],
    ['newest created', () => ({ sort: 'created' })],
    ['severity first', () => ({ sort: 'severity' })],
    ['one tenant', () => ({ tenant })],
    ['one tenant, newest created', () => ({ tenant, sort: 'created' })],
    ['one tenant, severity first', () => ({ tenant, sort: 'severity' })],
    ['High severity', () => ({ severity: 'High' })],
    ['status New', () => ({ status: 'New' })],
    ['category Malware', () => ({ category: 'Malware' })],
    ['Defender for Endpoint rows', () => ({ source: 'MDE' })],
    ['created in the last 7 days', () => ({ range: '7d' })],
    ['the next page', () => ({ before: olderCursor })],
    // The text search: a device, a user, a rare title word, under a tenant, and a miss.
    ['text search for a device', () => ({ q: 'ws-4711' })],
    ['text search for a user', () => ({ q: 'user1234' })],
    ['text search in titles', () => ({ q: 'Meterpreter' })],
    ['text search in one tenant', () => ({ tenant, q: 'ws-4711' })],
    ['text search that matches nothing', () => ({ q: 'no such alert' })],
  ];

  it.each(views)('%s: no sequential scan of the alert table', async (_name, params) => {
    const query = await withTextSearch(db, parseAlertListQuery(params()));
    // A view whose parameter the parser dropped would test the default view twice.
    for (const [key, value] of Object.entries(params()))
      if (key === 'before') expect(query.before).not.toBeNull();
      else expect(query).toHaveProperty(key, value);
    const scans = seqScans(await plan(alertPageSql(query, new Date())), 'alert');
    expect(scans).toEqual([]);
  });

  it.each(views)('%s: its counts and chart read no alert sequentially', async (_name, params) => {
    const query = await withTextSearch(db, parseAlertListQuery(params()));
    const { bySeverity, byTenant } = alertCountSql(query, new Date());
    for (const sql of [
      bySeverity,
      byTenant,
      alertMatchSampleSql(query, new Date()),
      alertsPerDaySql(query, new Date()),
    ])
      expect(seqScans(await plan(sql), 'alert')).toEqual([]);
  });

  // The narrow searches, whose matches the page's sample holds in full (a title word is too common).
  const narrow = ['for a device', 'for a user', 'in one tenant', 'that matches nothing'].map(
    (which) => `text search ${which}`,
  );
  const narrowSearches = views.filter(([name]) => narrow.includes(name));

  it.each(narrowSearches)(
    '%s, within its match sample: the list reads the sample’s ids by key, not the search’s indexes again',
    async (_name, params) => {
      const query = await withTextSearch(db, parseAlertListQuery(params()));
      const sample = await readMatchSample(db, query, new Date());
      expect(sample?.complete).toBe(true);
      const read = await plan(
        alertPageSql(
          query,
          new Date(),
          sample!.rows.map((row) => row.id),
        ),
      );
      expect(seqScans(read, 'alert')).toEqual([]);
      expect(indexesRead(read).filter((name) => SEARCH_INDEXES.includes(name))).toEqual([]);
    },
  );

  it('can see a search index: the device search without the sample’s ids reads one', async () => {
    const read = await plan(alertPageSql(await withTextSearch(db, parseAlertListQuery({ q: 'ws-4711' })), new Date()));
    expect(indexesRead(read).filter((name) => SEARCH_INDEXES.includes(name))).not.toEqual([]);
  });

  it('can see a sequential scan: a filter on a column no index leads with is read sequentially', async () => {
    const scans = seqScans(await plan(Prisma.sql`SELECT id FROM alert WHERE machine_id = 'nothing'`), 'alert');
    expect(scans).toHaveLength(1);
  });
});
