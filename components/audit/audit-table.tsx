import { LocalTime } from '@/components/ui/local-time';
import { describeAction } from '@/lib/audit/describe-action';

type AuditRow = {
  id: bigint;
  at: Date;
  actorName: string;
  actorIsGuest: boolean;
  action: string;
  tenantId: string | null;
  tenantName: string | null;
  result: string;
  detail: unknown;
  correlationId: string;
};

export function AuditTable({ events }: { events: AuditRow[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-700">No entries match.</p>;
  return (
    <ol
      className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm"
      aria-label="Audit entries"
    >
      {events.map((event) => (
        <li key={event.id.toString()} data-testid="audit-event" className="space-y-1 px-4 py-3">
          <div className="flex flex-wrap items-baseline gap-x-3">
            <span className="font-medium">{describeAction(event.action)}</span>
            <span className={event.result === 'SUCCESS' ? 'text-emerald-800' : 'text-red-800'}>
              {event.result.toLowerCase()}
            </span>
            <span className="text-slate-600">
              <LocalTime value={event.at} /> · {event.actorName}
              {event.actorIsGuest ? ' (guest)' : null}
            </span>
          </div>
          {event.tenantName || event.tenantId ? (
            <p className="break-all text-slate-700">
              Tenant: {event.tenantName ?? ''} <span className="font-mono text-xs">{event.tenantId}</span>
            </p>
          ) : null}
          <details className="text-xs text-slate-600">
            <summary className="cursor-pointer">Details</summary>
            <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all">
              {JSON.stringify({ ...(event.detail as object), correlationId: event.correlationId }, null, 2)}
            </pre>
          </details>
        </li>
      ))}
    </ol>
  );
}
