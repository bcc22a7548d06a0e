import { LocalTime } from '@/components/ui/local-time';
import type { IncidentDetails } from '@/lib/incidents/incident-details';

/** Comments written in the customer's tenant: shown as text, oldest first as Microsoft lists them. */
export function IncidentComments({ comments }: { comments: IncidentDetails['comments'] }) {
  if (comments.length === 0) return <p>No comments.</p>;
  return (
    <ul className="space-y-3">
      {comments.map((comment, index) => (
        <li key={index}>
          <p className="whitespace-pre-line wrap-anywhere">{comment.text}</p>
          <p className="text-xs text-slate-600">
            {comment.by ?? 'Someone'}
            {comment.at ? (
              <>
                , <LocalTime value={comment.at} />
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
}
