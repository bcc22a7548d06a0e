import Link from 'next/link';
import { LocalTime } from '@/components/ui/local-time';
import type { AlertSort } from '@/lib/alerts/alert-list-query';
import type { AlertListRow } from '@/lib/alerts/list-alerts';
import { SeverityBadge, alertStatusLabel } from './severity-badge';

/** Every cell's layout, set once on the body: fifty rows of six cells repeated it 300 times. */
const CELLS = '[&>tr>td]:block [&>tr>td]:px-4 sm:[&>tr>td]:table-cell sm:[&>tr>td]:py-2 sm:[&>tr>td]:align-top';

/**
 * A table on a desktop; on a phone each row becomes a card (every cell its own line), so nothing
 * scrolls sideways. Titles and names come from customers' tenants: rendered as text. The time
 * shown is the one the list is sorted by (creation when sorted by it, else the last change).
 */
export function AlertList({ rows, sort }: { rows: AlertListRow[]; sort: AlertSort }) {
  const created = sort === 'created';
  return (
    <table className="block w-full rounded-lg border border-slate-200 bg-white text-sm sm:table" aria-label="Alerts">
      <thead className="hidden border-b border-slate-200 text-left text-slate-600 sm:table-header-group">
        <tr>
          <th scope="col" className="px-4 py-2 font-medium">
            {created ? 'Created' : 'Updated'}
          </th>
          <th scope="col" className="px-4 py-2 font-medium">
            Severity
          </th>
          <th scope="col" className="px-4 py-2 font-medium">
            Title
          </th>
          <th scope="col" className="px-4 py-2 font-medium">
            Tenant
          </th>
          <th scope="col" className="px-4 py-2 font-medium">
            Device / user
          </th>
          <th scope="col" className="px-4 py-2 font-medium">
            Status
          </th>
        </tr>
      </thead>
      <tbody className={`block divide-y divide-slate-200 sm:table-row-group ${CELLS}`}>
        {rows.map((alert) => (
          <tr key={alert.id} data-testid="alert-row" className="block py-3 sm:table-row sm:py-0">
            <td className="text-xs text-slate-600 sm:text-sm sm:whitespace-nowrap">
              <LocalTime value={created ? alert.alertCreationTime : alert.lastUpdateTime} />
            </td>
            <td className="py-1">
              <SeverityBadge severity={alert.severity} />
            </td>
            <td className="min-w-0 wrap-anywhere">
              <Link
                href={`/alerts/${alert.id}`}
                className="font-medium text-brand-700 underline-offset-2 hover:underline"
              >
                {alert.title}
              </Link>
            </td>
            <td className="wrap-anywhere">
              <span className="sm:hidden">Tenant: </span>
              {alert.tenantName}
            </td>
            <td className="font-mono text-xs wrap-anywhere">
              <span className="font-sans sm:hidden">Device: </span>
              {alert.computerDnsName ?? '—'}
              {alert.relatedUser ? (
                <span className="block text-slate-600">
                  <span className="font-sans sm:hidden">User: </span>
                  {alert.relatedUser}
                </span>
              ) : null}
            </td>
            <td className="sm:whitespace-nowrap">
              <span className="sm:hidden">Status: </span>
              {alertStatusLabel(alert.status)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
