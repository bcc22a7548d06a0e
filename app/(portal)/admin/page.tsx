import type { Metadata } from 'next';
import { ActiveSessionsTable } from '@/components/admin/active-sessions-table';
import { Pagination } from '@/components/ui/pagination';
import { listActiveSessions } from '@/lib/auth/list-active-sessions';
import { requireRole } from '@/lib/auth/session';
import { parsePageParam } from '@/lib/http/page-param';

export const metadata: Metadata = { title: 'Administration' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AdminPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requireRole('ADMIN');
  const page = parsePageParam((await searchParams).page);
  const sessions = await listActiveSessions({ page });

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Administration</h1>
      <section aria-labelledby="active-sessions" className="space-y-3">
        <div>
          <h2 id="active-sessions" className="text-lg font-semibold">
            Active sessions
          </h2>
          <p className="text-sm text-slate-600">
            Staff signed in now ({sessions.total}). Ending a session signs that browser out at its next request, for
            example after removing someone&apos;s role in Entra ID: a role is read at sign-in.
          </p>
        </div>
        <ActiveSessionsTable rows={sessions.rows} currentSessionId={session.sessionId} />
        <Pagination page={Math.min(page, sessions.pageCount)} pageCount={sessions.pageCount} basePath="/admin" />
      </section>
    </div>
  );
}
