// The incidents list and detail queries and the CSV exports, against a real PostgreSQL. Rows are
// inserted directly (the XDR and Graph sync is tested on its own): these tests are about what the
// pages and the export read, in which order, and what they write.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db/client';
import { readCsv } from '@/lib/csv/read-csv';
import type { Prisma } from '@/lib/generated/prisma/client';
import { startIntegrationWorld, type IntegrationWorld } from './support/integration-world';

let world: IntegrationWorld;
let db: Db;
let lib: {
  listIncidents: typeof import('@/lib/incidents/list-incidents').listIncidents;
  parseIncidentListQuery: typeof import('@/lib/incidents/incident-list-query').parseIncidentListQuery;
  getIncidentOrThrow: typeof import('@/lib/incidents/get-incident').getIncidentOrThrow;
  exportAlertsCsv: typeof import('@/lib/alerts/export-alerts-csv').exportAlertsCsv;
  exportIncidentsCsv: typeof import('@/lib/incidents/export-incidents-csv').exportIncidentsCsv;
  parseAlertListQuery: typeof import('@/lib/alerts/alert-list-query').parseAlertListQuery;
  withTextSearch: typeof import('@/lib/alerts/text-search').withTextSearch;
};
let contoso: string;
let fabrikam: string;

const BASE = Date.UTC(2026, 10, 1);

beforeAll(async () => {
  // Canopy's own modules read their configuration (and so the database) from the environment.
  world = await startIntegrationWorld({
    name: 'incidents',
    env: { ENTRA_CLIENT_SECRET: 'dev-secret' },
    inProcess: true,
  });
  ({ db } = world);
  lib = {
    ...(await import('@/lib/incidents/list-incidents')),
    ...(await import('@/lib/incidents/incident-list-query')),
    ...(await import('@/lib/incidents/get-incident')),
    ...(await import('@/lib/alerts/export-alerts-csv')),
    ...(await import('@/lib/incidents/export-incidents-csv')),
    ...(await import('@/lib/alerts/alert-list-query')),
    ...(await import('@/lib/alerts/text-search')),
  };
}, 120_000);

afterAll(() => world?.stop());

beforeEach(async () => {
  await db.customerTenant.deleteMany();
  contoso = (
    await db.customerTenant.create({
      data: { entraTenantId: '2b8a1f4e-6c7d-4e8f-9a0b-1c2d3e4f5a6b', displayName: 'Contoso', status: 'CONNECTED' },
    })
  ).id;
  fabrikam = (
    await db.customerTenant.create({
      data: { entraTenantId: 'b9af6492-1a90-486c-a88f-91ca1828be3b', displayName: 'Fabrikam', status: 'CONNECTED' },
    })
  ).id;
});

function incident(
  tenantId: string,
  n: number,
  fields: Partial<Prisma.IncidentCreateManyInput> = {},
): Prisma.IncidentCreateManyInput {
  return {
    tenantId,
    source: 'XDR',
    upstreamId: String(n),
    name: `Incident ${n}`,
    severity: 'Medium',
    severityRank: 3,
    status: 'Active',
    createdTime: new Date(BASE),
    // Many rows share a time, so the id must break ties.
    lastUpdateTime: new Date(BASE + Math.floor(n / 7) * 60_000),
    payload: {},
    ...fields,
  };
}

function alert(
  tenantId: string,
  n: number,
  fields: Partial<Prisma.AlertCreateManyInput> = {},
): Prisma.AlertCreateManyInput {
  return {
    tenantId,
    source: 'MDE',
    upstreamId: `da${n}`,
    title: `Alert ${n}`,
    severity: 'High',
    severityRank: 4,
    status: 'New',
    alertCreationTime: new Date(BASE),
    lastUpdateTime: new Date(BASE + Math.floor(n / 5) * 1000),
    payload: {},
    ...fields,
  };
}

type Page = Awaited<ReturnType<typeof lib.listIncidents>>;

/** Follows Older from the first page to the last, then Newer back to the first. */
async function walk(raw: Record<string, string>) {
  const pages: Page[] = [await lib.listIncidents(lib.parseIncidentListQuery(raw))];
  while (pages.at(-1)!.olderCursor)
    pages.push(await lib.listIncidents(lib.parseIncidentListQuery({ ...raw, before: pages.at(-1)!.olderCursor! })));
  const back: Page[] = [pages.at(-1)!];
  while (back.at(-1)!.newerCursor)
    back.push(await lib.listIncidents(lib.parseIncidentListQuery({ ...raw, after: back.at(-1)!.newerCursor! })));
  return { forward: pages.flatMap((p) => p.rows.map((r) => r.id)), pageCount: pages.length, back };
}

async function expectedIds(where: Prisma.IncidentWhereInput) {
  const rows = await db.incident.findMany({
    where: { isPrimary: true, ...where },
    orderBy: [{ lastUpdateTime: 'desc' }, { id: 'desc' }],
    select: { id: true },
  });
  return rows.map((row) => String(row.id));
}

async function readAll(stream: ReadableStream<Uint8Array>) {
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const parsed = readCsv(new TextDecoder().decode(bytes), ',');
  if (!parsed.ok) throw new Error(parsed.error);
  return { bytes, records: parsed.records.map((record) => record.fields) };
}

describe('incidents list', () => {
  it('pages through every primary incident exactly once, newest change first, and back', async () => {
    await db.incident.createMany({
      data: [
        ...Array.from({ length: 90 }, (_, n) => incident(contoso, n)),
        ...Array.from({ length: 40 }, (_, n) => incident(fabrikam, n)),
        // Graph's copies of Contoso's first ten: the same incidents, not shown twice.
        ...Array.from({ length: 10 }, (_, n) => incident(contoso, n, { source: 'GRAPH', isPrimary: false })),
      ],
    });
    const expected = await expectedIds({});
    expect(expected).toHaveLength(130);

    const { forward, pageCount, back } = await walk({});
    expect(pageCount).toBe(3);
    expect(forward).toEqual(expected);
    expect(new Set(forward).size).toBe(130);
    // Newer from the last page returns to the first page's rows.
    expect(back.at(-1)!.rows.map((r) => r.id)).toEqual(expected.slice(0, 50));
    expect(back.at(-1)!.newerCursor).toBeNull();
  });

  it('filters by tenant, severity and status in either source’s spelling, and by text in the name', async () => {
    await db.incident.createMany({
      data: [
        ...Array.from({ length: 60 }, (_, n) =>
          incident(contoso, n, {
            source: n % 2 ? 'GRAPH' : 'XDR',
            severity: n % 3 === 0 ? (n % 2 ? 'high' : 'High') : 'Medium',
            status: n % 4 === 0 ? (n % 2 ? 'inProgress' : 'InProgress') : 'Active',
          }),
        ),
        ...Array.from({ length: 60 }, (_, n) => incident(fabrikam, n, { severity: 'High', status: 'InProgress' })),
        incident(contoso, 500, { name: '100% on disk_usage' }),
        incident(contoso, 501, { name: '100 percent on disk usage' }),
      ],
    });
    const high = await walk({ tenant: contoso, severity: 'High' });
    expect(high.forward).toEqual(await expectedIds({ tenantId: contoso, severity: { in: ['High', 'high'] } }));
    expect(high.forward).toHaveLength(20);

    const inProgress = await walk({ tenant: fabrikam.toUpperCase(), status: 'InProgress' });
    expect(inProgress.forward).toEqual(await expectedIds({ tenantId: fabrikam }));
    expect(inProgress.pageCount).toBe(2);

    const both = await walk({ status: 'InProgress', severity: 'High' });
    expect(both.forward).toEqual(
      await expectedIds({ severity: { in: ['High', 'high'] }, status: { in: ['InProgress', 'inProgress'] } }),
    );
    expect(both.forward).toHaveLength(60 + 5);

    // `%` and `_` are text, not wildcards.
    const text = await lib.listIncidents(lib.parseIncidentListQuery({ q: '100% ON DISK_' }));
    expect(text.rows.map((r) => r.name)).toEqual(['100% on disk_usage']);
  });
});

describe('incident detail', () => {
  it('holds every field, its sources, the incident it was merged into and exactly its primary alerts', async () => {
    await db.incident.createMany({
      data: [
        incident(contoso, 7, {
          name: '<b>Ransomware</b> on 3 devices',
          severity: 'high',
          status: 'redirected',
          classification: 'truePositive',
          determination: 'malware',
          assignedTo: 'soc@contoso.com',
          tags: ['Ransomware', 'VIP'],
          redirectIncidentId: '8',
          alertCount: 3,
          webUrl: 'https://security.microsoft.com/incidents/7?tid=x',
          source: 'GRAPH',
          payload: {
            description: 'Several devices',
            summary: 'Encrypted files',
            comments: [
              { comment: 'Isolated', createdByDisplayName: 'Sam', createdDateTime: '2026-11-02T10:00:00Z' },
              { comment: 42 },
            ],
          },
        }),
        incident(contoso, 7, { isPrimary: false }),
        incident(contoso, 8, { name: 'Merged incident' }),
      ],
    });
    await db.alert.createMany({
      data: [
        alert(contoso, 1, { incidentId: '7' }),
        alert(contoso, 2, { incidentId: '7', lastUpdateTime: new Date(BASE + 3_600_000) }),
        // The XDR copy of alert 1: the same detection, not listed twice.
        alert(contoso, 1, { incidentId: '7', source: 'XDR', isPrimary: false }),
        // Another incident, and another tenant's incident with the same number.
        alert(contoso, 3, { incidentId: '8' }),
        alert(fabrikam, 4, { incidentId: '7' }),
      ],
    });
    const [primary] = await db.incident.findMany({ where: { tenantId: contoso, upstreamId: '7', isPrimary: true } });
    const [merged] = await db.incident.findMany({ where: { tenantId: contoso, upstreamId: '8' } });
    const alertIds = await db.alert.findMany({
      where: { tenantId: contoso, upstreamId: { in: ['da1', 'da2'] }, isPrimary: true },
      select: { id: true, upstreamId: true },
    });
    const idOf = (upstreamId: string) => String(alertIds.find((a) => a.upstreamId === upstreamId)!.id);

    const detail = await lib.getIncidentOrThrow(String(primary!.id));
    expect(detail).toMatchObject({
      name: '<b>Ransomware</b> on 3 devices',
      upstreamId: '7',
      severity: 'high',
      status: 'redirected',
      classification: 'truePositive',
      determination: 'malware',
      assignedTo: 'soc@contoso.com',
      tags: ['Ransomware', 'VIP'],
      alertCount: 3,
      webUrl: 'https://security.microsoft.com/incidents/7?tid=x',
      sources: ['XDR', 'GRAPH'],
      redirect: { upstreamId: '8', stored: { id: String(merged!.id), name: 'Merged incident' } },
      tenant: { id: contoso, displayName: 'Contoso' },
      storedAlertCount: 2,
      details: {
        description: 'Several devices',
        summary: 'Encrypted files',
        comments: [
          { text: 'Isolated', by: 'Sam', at: new Date('2026-11-02T10:00:00Z') },
          { text: '', by: null, at: null },
        ],
      },
    });
    expect(detail.alerts.map((a) => a.id)).toEqual([idOf('da2'), idOf('da1')]);
    // Written without tags (a nullable text[]) and without a redirect.
    expect(await lib.getIncidentOrThrow(String(merged!.id))).toMatchObject({
      tags: [],
      alerts: [{ title: 'Alert 3' }],
      storedAlertCount: 1,
      redirect: null,
      sources: ['XDR'],
    });
  });

  it('answers 404 for an id that is not an incident', async () => {
    await expect(lib.getIncidentOrThrow('999999')).rejects.toMatchObject({ digest: expect.stringContaining('404') });
    await expect(lib.getIncidentOrThrow('1; DROP')).rejects.toMatchObject({ digest: expect.stringContaining('404') });
  });
});

describe('CSV export', () => {
  it('streams every alert under the filter across several batches, in the list’s order, formulas neutralised', async () => {
    await db.alert.createMany({
      data: [
        ...Array.from({ length: 2300 }, (_, n) =>
          alert(contoso, n, n % 10 === 0 ? { severity: 'Low', severityRank: 2 } : {}),
        ),
        alert(contoso, 5000, {
          title: '=HYPERLINK("http://evil.example","Open me")',
          computerDnsName: '@SUM(1+1)',
          relatedUser: 'CONTOSO\\-admin',
        }),
        alert(contoso, 5001, { title: 'Line one\nline "two", three' }),
        alert(contoso, 5002, { severity: 'High', isPrimary: false, source: 'GRAPH' }),
        ...Array.from({ length: 50 }, (_, n) => alert(fabrikam, n)),
      ],
    });
    const expected = await db.alert.findMany({
      where: { tenantId: contoso, severity: 'High', isPrimary: true },
      orderBy: [{ lastUpdateTime: 'desc' }, { id: 'desc' }],
      select: { upstreamId: true, title: true, lastUpdateTime: true },
    });
    expect(expected.length).toBe(2072);

    const query = await lib.withTextSearch(
      db,
      lib.parseAlertListQuery({ tenant: contoso, severity: 'High', before: '1.1' }),
    );
    const { bytes, records } = await readAll(lib.exportAlertsCsv(query));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = records;
    expect(header).toContain('Title');
    const column = (name: string) => header!.indexOf(name);
    expect(rows).toHaveLength(expected.length);
    expect(rows.map((r) => r[column('Alert ID')])).toEqual(expected.map((a) => a.upstreamId));
    expect(new Set(rows.map((r) => r[column('Tenant')]))).toEqual(new Set(['Contoso']));
    expect(rows[0]![column('Last update (UTC)')]).toBe(expected[0]!.lastUpdateTime.toISOString());

    const formula = rows.find((r) => r[column('Alert ID')] === 'da5000')!;
    expect(formula[column('Title')]).toBe(`'=HYPERLINK("http://evil.example","Open me")`);
    expect(formula[column('Device')]).toBe(`'@SUM(1+1)`);
    expect(formula[column('User')]).toBe('CONTOSO\\-admin');
    expect(rows.find((r) => r[column('Alert ID')] === 'da5001')![column('Title')]).toBe('Line one\nline "two", three');
  }, 60_000);

  it('reads the next batch only when the reader takes more', async () => {
    await db.alert.createMany({ data: Array.from({ length: 2500 }, (_, n) => alert(contoso, n)) });
    const reader = lib.exportAlertsCsv(await lib.withTextSearch(db, lib.parseAlertListQuery({}))).getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (let chunks = 0; chunks < 2; chunks++) text += decoder.decode((await reader.read()).value);
    // The header and the first batch are read; the rest is read when asked for, so it is gone now.
    await db.alert.deleteMany();
    for (let next = await reader.read(); !next.done; next = await reader.read()) text += decoder.decode(next.value);
    expect(text.trimEnd().split('\r\n')).toHaveLength(1 + 1000);
  }, 60_000);

  it('exports the incidents under the incidents list’s filter', async () => {
    await db.incident.createMany({
      data: [
        ...Array.from({ length: 30 }, (_, n) => incident(contoso, n, { severity: n % 2 ? 'high' : 'High' })),
        incident(contoso, 99, { severity: 'Low', tags: ['x'] }),
        incident(fabrikam, 1, { severity: 'High', name: '-cmd', tags: ['a', 'b'] }),
      ],
    });
    const { records } = await readAll(lib.exportIncidentsCsv(lib.parseIncidentListQuery({ severity: 'High' })));
    const [header, ...rows] = records;
    expect(rows.map((r) => r[header!.indexOf('Incident ID')])).toEqual(
      (
        await db.incident.findMany({
          where: { severity: { in: ['High', 'high'] } },
          orderBy: [{ lastUpdateTime: 'desc' }, { id: 'desc' }],
          select: { upstreamId: true },
        })
      ).map((i) => i.upstreamId),
    );
    const fabrikamRow = rows.find((r) => r[header!.indexOf('Tenant')] === 'Fabrikam')!;
    expect(fabrikamRow[header!.indexOf('Name')]).toBe(`'-cmd`);
    expect(fabrikamRow[header!.indexOf('Tags')]).toBe('a; b');
  });
});
