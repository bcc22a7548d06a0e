import type { ReactNode } from 'react';
import { AppHeader } from '@/components/layout/app-header';
import { requireRole } from '@/lib/auth/session';

export default async function PortalLayout({ children }: { children: ReactNode }) {
  // Renders the header; every page below still runs its own role check.
  const session = await requireRole('ANALYST');
  return (
    <>
      <AppHeader userName={session.user.name} role={session.role} />
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </>
  );
}
