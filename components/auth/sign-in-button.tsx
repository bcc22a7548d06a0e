'use client';

import { signIn } from 'next-auth/react';
import { PendingButton } from '@/components/ui/pending-button';

export function SignInButton({ providerId, callbackUrl }: { providerId: string; callbackUrl: string }) {
  return (
    <PendingButton
      className="w-full"
      pendingLabel="Redirecting to Microsoft…"
      action={() => signIn(providerId, { callbackUrl })}
    >
      Sign in with Microsoft
    </PendingButton>
  );
}
