import { TenantFilter } from '@/components/tenants/tenant-filter';
import { FilterBar, FilterSelect } from '@/components/ui/filter-bar';
import {
  ALERT_CATEGORIES,
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  isAlertListFiltered,
  SEVERITY_RANK,
  type AlertListQuery,
} from '@/lib/alerts/alert-list-query';
import type { AlertCounts } from '@/lib/alerts/count-alerts';
import type { TenantFilterChoices } from '@/lib/tenants/tenant-filter';
import { formatAlertCount, totalAlertCount } from './alert-counts';
import { alertStatusLabel } from './severity-badge';

const SOURCES = { MDE: 'Defender for Endpoint', XDR: 'Defender XDR incidents', GRAPH: 'Microsoft Graph' };
const CLASSIFICATIONS = {
  Unclassified: 'Not classified',
  TruePositive: 'True positive',
  InformationalExpectedActivity: 'Informational, expected activity',
  FalsePositive: 'False positive',
};
const RANGES = { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days', custom: 'Between the days below' };
const SORTS = { updated: 'Newest change', created: 'Newest created', severity: 'Severity (High first)' };

/** Words from a category's PascalCase: `CommandAndControl` reads "Command and control". */
function categoryLabel(category: string): string {
  const words = category.replace(/([a-z\d])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const DATE_INPUT = 'mt-1 rounded-md border border-slate-300 bg-white px-3 py-2';

/** The alerts page's GET form: every choice lands in the URL, and it works without script. */
export function AlertFilters({
  query,
  tenants,
  counts,
}: {
  query: AlertListQuery;
  tenants: TenantFilterChoices;
  counts: AlertCounts;
}) {
  // A category from a shared URL that is not in the usual list still shows as chosen.
  const categories: string[] = [...ALERT_CATEGORIES];
  if (query.category && !categories.includes(query.category)) categories.push(query.category);
  // The creation range is one filter, its days included (they exist only in a custom range).
  const moreSet = [query.source, query.category, query.classification, query.range].filter(Boolean).length;
  return (
    <FilterBar
      action="/alerts"
      search={{ id: 'alert-search', value: query.q, placeholder: 'Title, device or user' }}
      active={isAlertListFiltered(query) || query.sort !== 'updated'}
    >
      <TenantFilter id="alert-tenant" list="alerts" choices={tenants} />
      <FilterSelect
        id="alert-severity"
        name="severity"
        label="Severity"
        value={query.severity ?? ''}
        options={ALERT_SEVERITIES.map(
          (severity) =>
            [severity, `${severity} (${formatAlertCount(counts.bySeverity.get(SEVERITY_RANK[severity]))})`] as const,
        )}
      >
        <option value="">All ({formatAlertCount(totalAlertCount(counts))})</option>
      </FilterSelect>
      <FilterSelect
        id="alert-status"
        name="status"
        label="Status"
        value={query.status ?? ''}
        options={ALERT_STATUSES.map((status) => [status, alertStatusLabel(status)] as const)}
      >
        <option value="">All</option>
      </FilterSelect>
      {/* The rarer filters, folded so that the list starts within a phone's first screen; open
          whenever one of them is set, so a chosen value is never out of sight. Closed, its
          fields still belong to the form and keep their values. */}
      <details open={moreSet > 0} className="open:basis-full">
        <summary className="cursor-pointer py-2 text-brand-700 underline">
          More filters{moreSet > 0 ? ` (${moreSet} set)` : ''}
        </summary>
        <div className="mt-1 flex flex-wrap items-end gap-3">
          <FilterSelect
            id="alert-source"
            name="source"
            label="Source"
            value={query.source ?? ''}
            options={Object.entries(SOURCES)}
          >
            <option value="">Any (each detection once)</option>
          </FilterSelect>
          <FilterSelect
            id="alert-category"
            name="category"
            label="Category"
            value={query.category ?? ''}
            options={categories.map((category) => [category, categoryLabel(category)] as const)}
          >
            <option value="">All</option>
          </FilterSelect>
          <FilterSelect
            id="alert-classification"
            name="classification"
            label="Classification"
            value={query.classification ?? ''}
            options={Object.entries(CLASSIFICATIONS)}
          >
            <option value="">All</option>
          </FilterSelect>
          <FilterSelect
            id="alert-range"
            name="range"
            label="Created"
            value={query.range ?? ''}
            options={Object.entries(RANGES)}
          >
            <option value="">Any time</option>
          </FilterSelect>
          <div>
            <label htmlFor="alert-from" className="block font-medium">
              From day
            </label>
            <input id="alert-from" name="from" type="date" defaultValue={query.from ?? ''} className={DATE_INPUT} />
          </div>
          <div>
            <label htmlFor="alert-to" className="block font-medium">
              To day
            </label>
            <input id="alert-to" name="to" type="date" defaultValue={query.to ?? ''} className={DATE_INPUT} />
          </div>
        </div>
      </details>
      <FilterSelect id="alert-sort" name="sort" label="Sort by" value={query.sort} options={Object.entries(SORTS)} />
    </FilterBar>
  );
}
