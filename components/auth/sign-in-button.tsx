'use client';

import { signIn } from 'next-auth/react';
import { PendingButton } from '@/components/ui/pending-button';

export function SignInButton({
  providerId,
  callbackUrl,
  label = 'Sign in with Microsoft',
}: {
  providerId: string;
  callbackUrl: string;
  label?: string;
}) {
  return (
    <PendingButton
      className="w-full"
      pendingLabel="Redirecting to Microsoft…"
      action={() => signIn(providerId, { callbackUrl })}
    >
      {label}
    </PendingButton>
  );
}
