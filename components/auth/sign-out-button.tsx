'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { signOutAction, type SignOutState } from './sign-out-action';

/** A form, so sign-out also works before hydration; a failure is said, never hidden. */
export function SignOutButton() {
  const [state, formAction, pending] = useActionState<SignOutState>(signOutAction, { error: null });
  return (
    <form action={formAction} className="flex items-center gap-2">
      {state.error ? (
        <p role="alert" className="text-xs text-red-800">
          {state.error}
        </p>
      ) : null}
      <Button type="submit" variant="secondary" disabled={pending} aria-busy={pending}>
        {pending ? 'Signing out…' : 'Sign out'}
      </Button>
    </form>
  );
}
