import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { LocalTime } from '@/components/ui/local-time';
import { getConfig } from '@/lib/config';
import { findInvitation, recordInvitationOpened } from '@/lib/invitations/find-invitation';
import { invitationFacts } from '@/lib/invitations/invitation-facts';

export const metadata: Metadata = { title: 'Admin consent invitation', referrer: 'no-referrer', robots: 'noindex' };

const UNUSABLE = {
  unknown: 'This invitation link is not valid. Check that you copied the whole link.',
  expired: 'This invitation has expired.',
  revoked: 'This invitation was withdrawn, or replaced by a newer one.',
} as const;

/**
 * The public page a customer's Global Administrator opens from the invitation: who asks, for
 * what, who may approve, how to revoke, and "Continue to Microsoft". Opening it is recorded.
 * The words are the invitation email's (lib/invitations/invitation-facts.ts).
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const config = getConfig();
  const partner = config.onboarding.partnerName;
  const found = await findInvitation(token);
  if (!found.ok) {
    return (
      <CustomerShell partner={partner} title="This invitation cannot be used">
        <p>{UNUSABLE[found.reason]}</p>
        <p>Ask {partner} to send you a new invitation.</p>
      </CustomerShell>
    );
  }
  await recordInvitationOpened(found);
  const facts = invitationFacts(config, found.tenant);
  return (
    <CustomerShell partner={partner} title={`${partner} asks for read access to your Microsoft Defender data`}>
      <p>
        {partner} protects <strong>{facts.tenantName}</strong> as your security partner. Their Microsoft Entra app needs
        an administrator of your organisation to approve it once (admin consent).
      </p>
      <Section title="What the app may read">
        <ul className="list-disc space-y-2 pl-5">
          {facts.permissions.map((permission) => (
            <li key={permission.label}>
              {permission.label}: {permission.inPlainWords}.
              <span className="block font-mono text-xs break-all text-slate-600">
                {permission.api}: {permission.roles.join(', ')} (application permission)
              </span>
            </li>
          ))}
        </ul>
        <p>{facts.whatItGives}</p>
      </Section>
      <Section title="Who can approve">
        <p>{facts.whoMustApprove}</p>
      </Section>
      <Section title="How to withdraw it later">
        <p className="wrap-anywhere">{facts.howToRevoke}</p>
      </Section>
      <form method="post" action={`/invite/${encodeURIComponent(token)}/continue`} className="space-y-2">
        <button
          type="submit"
          className="inline-flex w-full items-center justify-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 sm:w-auto"
        >
          Continue to Microsoft
        </button>
        <p className="text-xs text-slate-600">
          You sign in at Microsoft and see the permissions there before you accept. This invitation expires{' '}
          <LocalTime value={found.invitation.expiresAt} />.
        </p>
      </form>
    </CustomerShell>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="space-y-2">
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {children}
    </section>
  );
}

function CustomerShell({ partner, title, children }: { partner: string; title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-4 sm:p-6">
      <div className="w-full max-w-xl space-y-5 rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-700 shadow-sm sm:p-8">
        <div>
          <p className="font-semibold tracking-wide text-brand-700 uppercase">{partner}</p>
          <h1 className="mt-1 text-xl font-semibold text-slate-900">{title}</h1>
        </div>
        {children}
      </div>
    </main>
  );
}
