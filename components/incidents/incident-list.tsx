import Link from 'next/link';
import { SeverityBadge } from '@/components/alerts/severity-badge';
import { LocalTime } from '@/components/ui/local-time';
import { incidentSeverityLabel, incidentStatusLabel } from '@/lib/incidents/incident-list-query';
import type { IncidentListRow } from '@/lib/incidents/list-incidents';

const CELL = 'block px-4 sm:table-cell sm:py-2 sm:align-top';
const HEADINGS = ['Updated', 'Severity', 'Name', 'Tenant', 'Status', 'Alerts', 'Assigned to'];

/**
 * A table on a desktop; on a phone each row becomes a card (every cell its own line), as the
 * alerts list. Names and assignees come from customers' tenants: rendered as text.
 */
export function IncidentList({ rows }: { rows: IncidentListRow[] }) {
  return (
    <table className="block w-full rounded-lg border border-slate-200 bg-white text-sm sm:table" aria-label="Incidents">
      <thead className="hidden border-b border-slate-200 text-left text-slate-600 sm:table-header-group">
        <tr>
          {HEADINGS.map((heading) => (
            <th key={heading} scope="col" className="px-4 py-2 font-medium">
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="block divide-y divide-slate-200 sm:table-row-group">
        {rows.map((incident) => (
          <tr key={incident.id} data-testid="incident-row" className="block py-3 sm:table-row sm:py-0">
            <td className={`${CELL} text-xs text-slate-600 sm:text-sm sm:whitespace-nowrap`}>
              <LocalTime value={incident.lastUpdateTime} />
            </td>
            <td className={`${CELL} py-1`}>
              <SeverityBadge severity={incidentSeverityLabel(incident.severity)} />
            </td>
            <td className={`${CELL} min-w-0 wrap-anywhere`}>
              <Link
                href={`/incidents/${incident.id}`}
                className="font-medium text-brand-700 underline-offset-2 hover:underline"
              >
                {incident.name}
              </Link>
              <span className="block text-xs text-slate-600">#{incident.upstreamId}</span>
            </td>
            <td className={`${CELL} wrap-anywhere`}>
              <span className="sm:hidden">Tenant: </span>
              {incident.tenantName}
            </td>
            <td className={`${CELL} sm:whitespace-nowrap`}>
              <span className="sm:hidden">Status: </span>
              {incidentStatusLabel(incident.status)}
            </td>
            <td className={`${CELL} sm:text-right`}>
              <span className="sm:hidden">Alerts: </span>
              {incident.alertCount}
            </td>
            <td className={`${CELL} wrap-anywhere`}>
              <span className="sm:hidden">Assigned to: </span>
              {incident.assignedTo ?? 'Nobody'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
