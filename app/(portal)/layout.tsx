import type { ReactNode } from 'react';
import { PartnerCredentialBanner } from '@/components/layout/partner-credential-banner';
import { PortalShell } from '@/components/layout/portal-shell';
import { requireRole } from '@/lib/auth/session';

export default async function PortalLayout({ children }: { children: ReactNode }) {
  // Renders the header; every page below still runs its own role check.
  const session = await requireRole('ANALYST');
  return (
    <PortalShell userName={session.user.name} role={session.role}>
      <div className="space-y-6">
        <PartnerCredentialBanner />
        {children}
      </div>
    </PortalShell>
  );
}
