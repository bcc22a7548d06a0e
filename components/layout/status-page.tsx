import type { ReactNode } from 'react';
import type { StaffSession } from '@/lib/auth/session';
import { PortalShell } from './portal-shell';

/**
 * A status message outside the portal's layout (an unknown address): in the portal's frame for
 * staff with a role, so they keep their navigation; bare for everyone else.
 */
export function StatusPage({ session, children }: { session: StaffSession | null; children: ReactNode }) {
  if (!session?.role) return <main className="mx-auto max-w-lg p-6 sm:p-10">{children}</main>;
  return (
    <PortalShell userName={session.user.name} role={session.role}>
      {children}
    </PortalShell>
  );
}
