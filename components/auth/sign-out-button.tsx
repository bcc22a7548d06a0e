'use client';

import { signOut } from 'next-auth/react';
import { PendingButton } from '@/components/ui/pending-button';

export function SignOutButton() {
  return (
    <PendingButton
      variant="secondary"
      pendingLabel="Signing out…"
      action={() => signOut({ callbackUrl: '/signin?error=SignedOut' })}
    >
      Sign out
    </PendingButton>
  );
}
