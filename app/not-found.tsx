import type { Metadata } from 'next';
import { NotFoundMessage } from '@/components/layout/status-messages';
import { StatusPage } from '@/components/layout/status-page';
import { getSession } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Page not found' };

/**
 * Unknown addresses: rendered in the root layout, so it adds the portal's frame itself
 * (app/(portal)/not-found.tsx serves notFound() in the portal's pages).
 */
export default async function NotFound() {
  return (
    <StatusPage session={await getSession()}>
      <NotFoundMessage withTitle={false} />
    </StatusPage>
  );
}
