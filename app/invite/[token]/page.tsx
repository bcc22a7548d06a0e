import type { Metadata } from 'next';
import { LocalTime } from '@/components/ui/local-time';
import { getConfig } from '@/lib/config';
import { needsPrivilegedAdmin, requiredPermissions } from '@/lib/consent/required-permissions';
import { findInvitation, recordInvitationOpened } from '@/lib/invitations/find-invitation';
import { DATA_SOURCE_LABELS } from '@/lib/tenants/tenant-status';

export const metadata: Metadata = { title: 'Admin consent invitation', referrer: 'no-referrer', robots: 'noindex' };

const UNUSABLE = {
  unknown: 'This invitation link is not valid. Check that you copied the whole link.',
  expired: 'This invitation has expired.',
  revoked: 'This invitation was withdrawn, or replaced by a newer one.',
} as const;

/**
 * The public page a customer's Global Administrator opens from the invitation: who asks, for
 * what, who may approve, how to revoke, and "Continue to Microsoft". Opening it is recorded.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { onboarding, app } = getConfig();
  const partner = onboarding.partnerName;
  const found = await findInvitation(token);
  if (!found.ok) {
    return (
      <CustomerShell partner={partner} title="This invitation cannot be used">
        <p className="text-sm text-slate-700">{UNUSABLE[found.reason]}</p>
        <p className="text-sm text-slate-700">Ask {partner} to send you a new invitation.</p>
      </CustomerShell>
    );
  }
  await recordInvitationOpened(found);
  const permissions = requiredPermissions(found.tenant.dataSources, getConfig().endpoints);
  return (
    <CustomerShell partner={partner} title={`${partner} asks for read access to your Microsoft Defender data`}>
      <p className="text-sm text-slate-700">
        {partner} protects <strong>{found.tenant.displayName}</strong> as your security partner. To read your
        organisation&apos;s security alerts and incidents, their app needs an administrator of your organisation to
        approve it once in Microsoft Entra ID (admin consent).
      </p>
      <section aria-labelledby="permissions" className="space-y-2">
        <h2 id="permissions" className="text-base font-semibold">
          What the app may read
        </h2>
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
          {permissions.map((permission) => (
            <li key={permission.dataSource}>
              {DATA_SOURCE_LABELS[permission.dataSource].label}: {permission.api} {permission.roles.join(', ')} (read
              only)
            </li>
          ))}
        </ul>
        <p className="text-sm text-slate-700">
          The app reads alerts and incidents only; it cannot change settings, devices or data. App ID:{' '}
          <code className="rounded bg-slate-100 px-1 break-all">{app.clientId}</code>
        </p>
      </section>
      <section aria-labelledby="who" className="space-y-2">
        <h2 id="who" className="text-base font-semibold">
          Who can approve
        </h2>
        <p className="text-sm text-slate-700">
          {needsPrivilegedAdmin(found.tenant.dataSources)
            ? 'A Global Administrator or Privileged Role Administrator of your organisation (Microsoft Graph permissions are included).'
            : 'A Global Administrator, Privileged Role Administrator, Application Administrator or Cloud Application Administrator of your organisation.'}
        </p>
      </section>
      <section aria-labelledby="revoke" className="space-y-2">
        <h2 id="revoke" className="text-base font-semibold">
          How to withdraw it later
        </h2>
        <p className="text-sm text-slate-700">
          In the Microsoft Entra admin center, open Enterprise applications, select the app, then delete it or remove
          its permissions.
        </p>
      </section>
      <form method="post" action={`/invite/${encodeURIComponent(token)}/continue`} className="space-y-2">
        <button
          type="submit"
          className="inline-flex w-full items-center justify-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 sm:w-auto"
        >
          Continue to Microsoft
        </button>
        <p className="text-xs text-slate-600">
          You will sign in at Microsoft and see the permissions before you accept. This invitation expires{' '}
          <LocalTime value={found.invitation.expiresAt} />.
        </p>
      </form>
    </CustomerShell>
  );
}

function CustomerShell({ partner, title, children }: { partner: string; title: string; children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-4 sm:p-6">
      <div className="w-full max-w-xl space-y-5 rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <div>
          <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">{partner}</p>
          <h1 className="mt-1 text-xl font-semibold">{title}</h1>
        </div>
        {children}
      </div>
    </main>
  );
}
