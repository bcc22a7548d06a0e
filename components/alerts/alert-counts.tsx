import Link from 'next/link';
import { alertFilterParams, ALERT_SEVERITIES, SEVERITY_RANK, type AlertListQuery } from '@/lib/alerts/alert-list-query';
import { COUNT_BOUND, type AlertCount, type AlertCounts } from '@/lib/alerts/count-alerts';

/** Tenants the counts by tenant name at most; the page reads the names of these alone. */
export const SHOWN_TENANTS = 10;

export function formatAlertCount(count: AlertCount | undefined): string {
  if (!count) return '0';
  return `${count.value.toLocaleString('en')}${count.atLeast ? '+' : ''}`;
}

/** The total of the severities; a lower bound when any of them is. */
export function totalAlertCount(counts: AlertCounts): AlertCount {
  let value = 0;
  let atLeast = false;
  for (const count of counts.bySeverity.values()) {
    value += count.value;
    atLeast ||= count.atLeast;
  }
  return { value, atLeast };
}

/** Counts by severity and by tenant (`names`: of the first SHOWN_TENANTS), each a link that narrows the list to it. */
export function AlertCountsPanel({
  counts,
  query,
  names,
}: {
  counts: AlertCounts;
  query: AlertListQuery;
  names: ReadonlyMap<string, string>;
}) {
  const href = (key: 'severity' | 'tenant', value: string) => {
    const params = alertFilterParams(query);
    params.set(key, value);
    return `/alerts?${params.toString()}`;
  };
  const byTenant = counts.byTenant?.slice(0, SHOWN_TENANTS);
  const link = 'text-brand-700 underline-offset-2 hover:underline';
  // The severities are counted as if none were chosen (so each can be picked); the heading is the list's own total.
  const total = query.severity ? counts.bySeverity.get(SEVERITY_RANK[query.severity]) : totalAlertCount(counts);
  return (
    <section aria-labelledby="alert-counts-title" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <h2 id="alert-counts-title" className="font-semibold">
        {formatAlertCount(total)} matching alerts
      </h2>
      <div className="mt-2 grid gap-4 sm:grid-cols-2">
        <div>
          <h3 className="font-medium text-slate-700">By severity</h3>
          <ul className="mt-1 space-y-0.5" data-testid="counts-by-severity">
            {ALERT_SEVERITIES.map((severity) => (
              <li key={severity} className="flex justify-between gap-3">
                <Link href={href('severity', severity)} className={link}>
                  {severity}
                </Link>
                <span className="tabular-nums">{formatAlertCount(counts.bySeverity.get(SEVERITY_RANK[severity]))}</span>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3 className="font-medium text-slate-700">By tenant</h3>
          {byTenant ? (
            <ul className="mt-1 space-y-0.5" data-testid="counts-by-tenant">
              {byTenant.map((row) => (
                <li key={row.tenantId} className="flex justify-between gap-3">
                  <Link href={href('tenant', row.tenantId)} className={`${link} min-w-0 wrap-anywhere`}>
                    {names.get(row.tenantId) ?? row.tenantId}
                  </Link>
                  <span className="tabular-nums">{row.count.toLocaleString('en')}</span>
                </li>
              ))}
              {byTenant.length === 0 ? <li className="text-slate-700">None</li> : null}
              {counts.byTenant && counts.byTenant.length > SHOWN_TENANTS ? (
                <li className="text-slate-700">and {counts.byTenant.length - SHOWN_TENANTS} more tenants</li>
              ) : null}
            </ul>
          ) : (
            <p className="mt-1 text-slate-700">
              More than {COUNT_BOUND.toLocaleString('en')} alerts match: narrow the filters to count them by tenant.
            </p>
          )}
        </div>
      </div>
      {counts.from === 'bounded' ? (
        <p className="mt-3 text-xs text-slate-700">
          Under these filters, alerts are counted up to {COUNT_BOUND.toLocaleString('en')} per severity. Tenant,
          severity and whole-day time ranges are counted exactly.
        </p>
      ) : null}
    </section>
  );
}
