import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { APP_ROLE_VALUES, ROLE_LABELS } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/session';
import { describeConnection } from '@/lib/config/describe-connection';

export const metadata: Metadata = { title: 'Dashboard' };

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function DashboardPage() {
  const session = await requireRole('ANALYST');
  const connection = describeConnection();

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Dashboard</h1>
      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Your access">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
            <dt className="text-slate-500">Name</dt>
            <dd>{session.user.name}</dd>
            <dt className="text-slate-500">Account</dt>
            <dd>{session.user.email ?? '—'}</dd>
            <dt className="text-slate-500">Role</dt>
            <dd>
              {ROLE_LABELS[session.role]} <span className="text-slate-500">({APP_ROLE_VALUES[session.role]})</span>
            </dd>
            <dt className="text-slate-500">Session ends</dt>
            <dd>{dateTime.format(session.expiresAt)} UTC</dd>
          </dl>
        </Card>
        <Card title="Microsoft connection">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 break-all">
            <dt className="text-slate-500">Cloud</dt>
            <dd>{connection.cloud}</dd>
            <dt className="text-slate-500">Sign-in host</dt>
            <dd>{connection.authorityHost}</dd>
            <dt className="text-slate-500">Partner tenant</dt>
            <dd className="font-mono">{connection.partnerTenantId}</dd>
            <dt className="text-slate-500">App (client) ID</dt>
            <dd className="font-mono">{connection.clientId}</dd>
            <dt className="text-slate-500">Credential</dt>
            <dd>{connection.credential}</dd>
          </dl>
        </Card>
      </div>
    </div>
  );
}
