import type { Metadata } from 'next';
import Link from 'next/link';
import { AlertCountsPanel, SHOWN_TENANTS } from '@/components/alerts/alert-counts';
import { AlertFilters } from '@/components/alerts/alert-filters';
import { AlertList } from '@/components/alerts/alert-list';
import { AlertSyncPanel } from '@/components/alerts/alert-sync-panel';
import { AlertTimelineChart } from '@/components/alerts/alert-timeline-chart';
import { NewAlertsBanner } from '@/components/alerts/new-alerts-banner';
import { ButtonLink } from '@/components/ui/button';
import {
  alertFilterParams,
  encodeAlertCursor,
  isAlertListFiltered,
  parseAlertListQuery,
} from '@/lib/alerts/alert-list-query';
import { countAlerts, countAlertsPerDay, readMatchSample } from '@/lib/alerts/count-alerts';
import { withTextSearch } from '@/lib/alerts/text-search';
import { listAlerts } from '@/lib/alerts/list-alerts';
import { listAlertTenants } from '@/lib/alerts/list-alert-tenants';
import { requireRole } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { firstValue } from '@/lib/http/search-params';
import { listTenantFilterChoices, readTenantNames } from '@/lib/tenants/tenant-filter';

export const metadata: Metadata = { title: 'Alerts' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AlertsPage({ searchParams }: { searchParams: SearchParams }) {
  await requireRole('ANALYST');
  const params = await searchParams;
  const db = getDb();
  const query = await withTextSearch(db, parseAlertListQuery(params));
  const now = new Date();
  // A filter the rollups cannot count (a text search above all) is matched once, up to a bound:
  // the counts come from those matches, and so does the list when they are all of them.
  const sample = readMatchSample(db, query, now);
  const [tenants, { panel }, page, counts, perDay] = await Promise.all([
    listTenantFilterChoices(db, { list: 'alerts', chosenId: query.tenant }),
    listAlertTenants(db),
    sample.then((matches) =>
      listAlerts(db, query, now, matches?.complete ? matches.rows.map((row) => row.id) : undefined),
    ),
    sample.then((matches) => countAlerts(db, query, now, matches)),
    countAlertsPerDay(db, query, now),
  ]);

  if (tenants.options?.length === 0)
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Alerts</h1>
        <section aria-label="No connected tenants" className="rounded-lg border border-slate-200 bg-white p-6 text-sm">
          <h2 className="text-base font-semibold">No connected tenants yet</h2>
          <p className="mt-2 text-slate-700">
            Alerts appear here once a customer tenant is connected: Canopy then copies its Defender alerts every few
            minutes.
          </p>
          <div className="mt-4">
            <ButtonLink href="/tenants">Go to Tenants</ButtonLink>
          </div>
        </section>
      </div>
    );

  const filters = alertFilterParams(query);
  const pageHref = (cursor: { before: string } | { after: string }) => {
    const params = new URLSearchParams(filters);
    for (const [key, value] of Object.entries(cursor)) params.set(key, value);
    return `/alerts?${params.toString()}`;
  };
  const filtered = isAlertListFiltered(query);
  const paged = Boolean(query.before || query.after);
  const newest = page.rows[0];
  const since = newest
    ? encodeAlertCursor({ sort: 'updated', time: newest.lastUpdateTime, rank: 0, id: BigInt(newest.id) })
    : null;
  const link = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100';
  const names = await readTenantNames(db, {
    choices: tenants,
    ids: counts.byTenant?.slice(0, SHOWN_TENANTS).map((row) => row.tenantId) ?? [],
  });
  // The chart's numbers are a view of their own (`numbers=1`), kept on the same list page.
  const view = new URLSearchParams(filters);
  if (query.before) view.set('before', encodeAlertCursor(query.before));
  if (query.after) view.set('after', encodeAlertCursor(query.after));
  const viewHref = (extra: string) => `/alerts?${[view.toString(), extra].filter(Boolean).join('&')}`;
  const numbers =
    firstValue(params.numbers) === '1'
      ? { shown: true, href: viewHref('') }
      : { shown: false, href: `${viewHref('numbers=1')}#alert-numbers` };
  const scope = [tenants.chosen?.displayName ?? 'all tenants', query.severity ? `${query.severity} severity` : null]
    .filter(Boolean)
    .join(', ');

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Alerts</h1>
        {/* A plain link: the route answers with a file, not a page to navigate to. */}
        <a
          href={`/alerts/export${filters.size > 0 ? `?${filters.toString()}` : ''}`}
          download
          className={`${link} text-sm`}
        >
          Export CSV
        </a>
      </div>
      {/* Only the first page of the default order (newest change first) has alerts above it to announce. */}
      {paged || query.sort !== 'updated' ? null : (
        <NewAlertsBanner key={since ?? ''} filters={filters.toString()} since={since} />
      )}
      <AlertSyncPanel panel={panel} now={now} />
      <AlertFilters query={query} tenants={tenants} counts={counts} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <AlertTimelineChart days={perDay} scope={scope} numbers={numbers} />
        <AlertCountsPanel counts={counts} query={query} names={names} />
      </div>
      {page.rows.length > 0 ? (
        <AlertList rows={page.rows} sort={query.sort} />
      ) : (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-700">
          {filtered || paged ? (
            <>
              No alerts match.{' '}
              <Link href="/alerts" className="text-brand-700 underline">
                Reset filters
              </Link>
            </>
          ) : (
            'No alerts yet: they appear here after each tenant’s next sync.'
          )}
        </p>
      )}
      {page.newerCursor || page.olderCursor || paged ? (
        <nav aria-label="Pagination" className="flex flex-wrap items-center gap-3 text-sm">
          {paged ? (
            <Link href={filters.size > 0 ? `/alerts?${filters.toString()}` : '/alerts'} className={link}>
              First page
            </Link>
          ) : null}
          {page.newerCursor ? (
            <Link href={pageHref({ after: page.newerCursor })} className={link} rel="prev">
              Previous
            </Link>
          ) : null}
          {page.olderCursor ? (
            <Link href={pageHref({ before: page.olderCursor })} className={link} rel="next">
              Next
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
