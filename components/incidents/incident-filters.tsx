import { TenantFilter } from '@/components/tenants/tenant-filter';
import { FilterBar, FilterSelect } from '@/components/ui/filter-bar';
import {
  INCIDENT_SEVERITIES,
  INCIDENT_STATUSES,
  incidentStatusLabel,
  type IncidentListQuery,
} from '@/lib/incidents/incident-list-query';
import type { TenantFilterChoices } from '@/lib/tenants/tenant-filter';

export function IncidentFilters({ query, tenants }: { query: IncidentListQuery; tenants: TenantFilterChoices }) {
  return (
    <FilterBar
      action="/incidents"
      search={{ id: 'incident-search', value: query.q, placeholder: 'Incident name' }}
      active={Boolean(query.tenant || query.severity || query.status || query.q)}
    >
      <TenantFilter id="incident-tenant" list="incidents" choices={tenants} />
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
