import { LocalTime } from '@/components/ui/local-time';
import { ROLE_LABELS } from '@/lib/auth/roles';
import type { ActiveSessionRow } from '@/lib/auth/list-active-sessions';
import { EndSessionButton } from './end-session-button';

export function ActiveSessionsTable({
  rows,
  currentSessionId,
}: {
  rows: ActiveSessionRow[];
  currentSessionId: string;
}) {
  if (rows.length === 0) return <p className="text-sm text-slate-700">No one is signed in.</p>;
  return (
    // `relative`: the screen-reader-only caption and header are absolutely positioned; without a
    // positioned scroll box they escape it and widen the page on a phone.
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Active staff sessions</caption>
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Who
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Role
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Signed in
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Last seen
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Ends
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((row) => (
            <tr key={row.id} data-testid="active-session">
              <td className="px-4 py-2">
                <span className="font-medium">{row.user.name}</span>
                {row.user.isGuest ? (
                  <span className="ml-2 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
                    Guest
                  </span>
                ) : null}
                {row.id === currentSessionId ? (
                  <span className="ml-2 text-xs text-slate-600">(this session)</span>
                ) : null}
                <div className="text-xs break-all text-slate-600">{row.user.email ?? '—'}</div>
              </td>
              <td className="px-4 py-2">{row.role ? ROLE_LABELS[row.role] : 'No role'}</td>
              <td className="px-4 py-2 whitespace-nowrap">
                <LocalTime value={row.signedInAt} />
              </td>
              <td className="px-4 py-2 whitespace-nowrap">
                <LocalTime value={row.lastSeenAt} />
              </td>
              <td className="px-4 py-2 whitespace-nowrap">
                <LocalTime value={row.expiresAt} />
              </td>
              <td className="px-4 py-2 text-right">
                <EndSessionButton sessionId={row.id} who={row.user.name} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
