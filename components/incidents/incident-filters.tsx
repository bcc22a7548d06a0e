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
      <FilterSelect
        id="incident-severity"
        name="severity"
        label="Severity"
        value={query.severity ?? ''}
        options={INCIDENT_SEVERITIES.map((severity) => [severity, severity] as const)}
      >
        <option value="">All</option>
      </FilterSelect>
      <FilterSelect
        id="incident-status"
        name="status"
        label="Status"
        value={query.status ?? ''}
        options={INCIDENT_STATUSES.map((status) => [status, incidentStatusLabel(status)] as const)}
      >
        <option value="">All</option>
      </FilterSelect>
    </FilterBar>
  );
}
