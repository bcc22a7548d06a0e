import { ForbiddenMessage } from '@/components/layout/status-messages';
import { StatusPage } from '@/components/layout/status-page';
import { getSession } from '@/lib/auth/session';

/** forbidden() outside the portal's layout (app/(portal)/forbidden.tsx serves the portal's pages). */
export default async function Forbidden() {
  return (
    <StatusPage session={await getSession()}>
      <ForbiddenMessage />
    </StatusPage>
  );
}
