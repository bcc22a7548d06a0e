import { LocalTime } from '@/components/ui/local-time';
import { describeAction } from '@/lib/audit/describe-action';
import { describeDetail } from '@/lib/audit/describe-detail';

type TimelineEvent = {
  id: bigint;
  at: Date;
  actorName: string;
  actorIsGuest: boolean;
  action: string;
  result: string;
  detail: unknown;
};

export function TenantTimeline({ events }: { events: TimelineEvent[] }) {
  return (
    <section aria-labelledby="timeline" className="space-y-3">
      <h2 id="timeline" className="text-lg font-semibold">
        Timeline
      </h2>
      {events.length === 0 ? (
        <p className="text-sm text-slate-700">Nothing has happened yet.</p>
      ) : (
        <ol className="space-y-2 border-l-2 border-slate-200 pl-4 text-sm">
          {events.map((event) => (
            <li key={event.id.toString()} data-testid="timeline-event">
              <span className="font-medium">{describeAction(event.action)}</span>
              {event.result !== 'SUCCESS' ? (
                <span className="text-red-800"> ({event.result.toLowerCase()})</span>
              ) : null}
              {describeDetail(event.detail) ? (
                <span className="block text-xs wrap-anywhere text-slate-700">{describeDetail(event.detail)}</span>
              ) : null}
              <span className="block text-xs text-slate-600">
                <LocalTime value={event.at} /> · {event.actorName}
                {event.actorIsGuest ? ' (guest)' : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
