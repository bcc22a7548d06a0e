import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { FirstRunGuide } from '@/components/home/first-run-guide';
import { roleSatisfies } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/session';
import { hasTenants } from '@/lib/tenants/tenant-summary';

export const metadata: Metadata = { title: 'Welcome' };

/** Home: the alerts once any customer tenant is registered; before that, how to get there. */
export default async function HomePage() {
  const session = await requireRole('ANALYST');
  if (await hasTenants()) redirect('/alerts');
  return <FirstRunGuide isAdmin={roleSatisfies(session.role, 'ADMIN')} />;
}
