import type { Metadata } from 'next';
import Link from 'next/link';
import { IncidentFilters } from '@/components/incidents/incident-filters';
import { IncidentList } from '@/components/incidents/incident-list';
import { ButtonLink } from '@/components/ui/button';
import { KeysetPagination } from '@/components/ui/keyset-pagination';
import { requireRole } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { incidentFilterParams, parseIncidentListQuery } from '@/lib/incidents/incident-list-query';
import { listIncidents } from '@/lib/incidents/list-incidents';
import { listTenantFilterChoices } from '@/lib/tenants/tenant-filter';

export const metadata: Metadata = { title: 'Incidents' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function IncidentsPage({ searchParams }: { searchParams: SearchParams }) {
  await requireRole('ANALYST');
  const query = parseIncidentListQuery(await searchParams);
  const [tenants, page] = await Promise.all([
    listTenantFilterChoices(getDb(), { list: 'incidents', chosenId: query.tenant }),
    listIncidents(query),
  ]);

  if (tenants.options?.length === 0)
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Incidents</h1>
        <section aria-label="No connected tenants" className="rounded-lg border border-slate-200 bg-white p-6 text-sm">
          <h2 className="text-base font-semibold">No connected tenants yet</h2>
          <p className="mt-2 text-slate-700">
            Incidents appear here once a customer tenant is connected: Canopy then copies its Defender incidents every
            few minutes.
          </p>
          <div className="mt-4">
            <ButtonLink href="/tenants">Go to Tenants</ButtonLink>
          </div>
        </section>
      </div>
    );

  const filters = incidentFilterParams(query);
  const filtered = filters.size > 0;
  const paged = Boolean(query.before || query.after);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Incidents</h1>
        {/* A plain link: the route answers with a file, not a page to navigate to. */}
        <a
          href={`/incidents/export${filtered ? `?${filters.toString()}` : ''}`}
          download
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100"
        >
          Export CSV
        </a>
      </div>
      <IncidentFilters query={query} tenants={tenants} />
      {page.rows.length > 0 ? (
        <IncidentList rows={page.rows} />
      ) : (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-700">
          {filtered || paged ? (
            <>
              No incidents match.{' '}
              <Link href="/incidents" className="text-brand-700 underline">
                Reset filters
              </Link>
            </>
          ) : (
            'No incidents yet: they appear here after each tenant’s next sync.'
          )}
        </p>
      )}
      <KeysetPagination
        basePath="/incidents"
        filters={filters}
        paged={paged}
        newerCursor={page.newerCursor}
        olderCursor={page.olderCursor}
      />
    </div>
  );
}
