import { FilterBar, FilterSelect } from '@/components/ui/filter-bar';
import {
  INCIDENT_SEVERITIES,
  INCIDENT_STATUSES,
  incidentStatusLabel,
  type IncidentListQuery,
} from '@/lib/incidents/incident-list-query';

export function IncidentFilters({
  query,
  tenants,
}: {
  query: IncidentListQuery;
  tenants: { id: string; displayName: string }[];
}) {
  return (
    <FilterBar
      action="/incidents"
      search={{ id: 'incident-search', value: query.q, placeholder: 'Incident name' }}
      active={Boolean(query.tenant || query.severity || query.status || query.q)}
    >
      <FilterSelect id="incident-tenant" name="tenant" label="Tenant" value={query.tenant ?? ''}>
        <option value="">All tenants</option>
        {tenants.map((tenant) => (
          <option key={tenant.id} value={tenant.id}>
            {tenant.displayName}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect id="incident-severity" name="severity" label="Severity" value={query.severity ?? ''}>
        <option value="">All</option>
        {INCIDENT_SEVERITIES.map((severity) => (
          <option key={severity} value={severity}>
            {severity}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect id="incident-status" name="status" label="Status" value={query.status ?? ''}>
        <option value="">All</option>
        {INCIDENT_STATUSES.map((status) => (
          <option key={status} value={status}>
            {incidentStatusLabel(status)}
          </option>
        ))}
      </FilterSelect>
    </FilterBar>
  );
}
