import { FilterBar, FilterSelect } from '@/components/ui/filter-bar';
import { ALERT_SEVERITIES, ALERT_STATUSES, type AlertListQuery } from '@/lib/alerts/alert-list-query';
import type { AlertTenant } from '@/lib/alerts/list-alert-tenants';
import { alertStatusLabel } from './severity-badge';

export function AlertFilters({
  query,
  tenants,
  countsBySeverity,
}: {
  query: AlertListQuery;
  tenants: AlertTenant[];
  countsBySeverity: Record<string, number>;
}) {
  const total = Object.values(countsBySeverity).reduce((sum, n) => sum + n, 0);
  return (
    <FilterBar
      action="/alerts"
      search={{ id: 'alert-search', value: query.q, placeholder: 'Title or device' }}
      active={Boolean(query.tenant || query.severity || query.status || query.q)}
    >
      <FilterSelect id="alert-tenant" name="tenant" label="Tenant" value={query.tenant ?? ''}>
        <option value="">All tenants</option>
        {tenants.map((tenant) => (
          <option key={tenant.id} value={tenant.id}>
            {tenant.displayName}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect id="alert-severity" name="severity" label="Severity" value={query.severity ?? ''}>
        <option value="">All ({total})</option>
        {ALERT_SEVERITIES.map((severity) => (
          <option key={severity} value={severity}>
            {severity} ({countsBySeverity[severity] ?? 0})
          </option>
        ))}
      </FilterSelect>
      <FilterSelect id="alert-status" name="status" label="Status" value={query.status ?? ''}>
        <option value="">All</option>
        {ALERT_STATUSES.map((status) => (
          <option key={status} value={status}>
            {alertStatusLabel(status)}
          </option>
        ))}
      </FilterSelect>
    </FilterBar>
  );
}
