import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { Detail, DetailList } from '@/components/ui/detail-list';
import { LocalTime } from '@/components/ui/local-time';
import { APP_ROLE_VALUES, ROLE_LABELS, roleSatisfies } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/session';
import { describeConnection } from '@/lib/config/describe-connection';

export const metadata: Metadata = { title: 'Your account' };

/** Who you are in Canopy, until when, and (for admins) how Canopy is registered with Microsoft. */
export default async function AccountPage() {
  const session = await requireRole('ANALYST');
  // The app registration is what admins configure; analysts have no use for it.
  const isAdmin = roleSatisfies(session.role, 'ADMIN');
  const connection = isAdmin ? describeConnection() : null;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Your account</h1>
      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Your access">
          <DetailList>
            <Detail label="Name">{session.user.name}</Detail>
            <Detail label="Account">{session.user.email ?? '—'}</Detail>
            <Detail label="Role">
              {ROLE_LABELS[session.role]} <span className="text-slate-500">({APP_ROLE_VALUES[session.role]})</span>
            </Detail>
            <Detail label="Session ends">
              <LocalTime value={session.expiresAt} />
            </Detail>
          </DetailList>
        </Card>
        {connection ? (
          <Card title="Microsoft connection">
            <DetailList>
              <Detail label="Cloud">{connection.cloud}</Detail>
              <Detail label="Sign-in host">{connection.authorityHost}</Detail>
              <Detail label="Partner tenant" mono>
                {connection.partnerTenantId}
              </Detail>
              <Detail label="App (client) ID" mono>
                {connection.clientId}
              </Detail>
              <Detail label="Credential">{connection.credential}</Detail>
            </DetailList>
          </Card>
        ) : null}
      </div>
    </div>
  );
}
