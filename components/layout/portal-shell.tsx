import type { ReactNode } from 'react';
import type { StaffRole } from '@/lib/auth/roles';
import { AppHeader } from './app-header';

/** What staff with a Canopy role see around every page: the header with navigation, then the page. */
export function PortalShell({ userName, role, children }: { userName: string; role: StaffRole; children: ReactNode }) {
  return (
    <>
      <AppHeader userName={userName} role={role} />
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </>
  );
}
