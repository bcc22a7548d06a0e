'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

export function SignInButton({ providerId, callbackUrl }: { providerId: string; callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      className="w-full"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn(providerId, { callbackUrl });
      }}
    >
      {pending ? 'Redirecting to Microsoft…' : 'Sign in with Microsoft'}
    </Button>
  );
}
