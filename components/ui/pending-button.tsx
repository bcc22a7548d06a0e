'use client';

import { useState, type ReactNode } from 'react';
import { Button } from './button';

/** A button for an action that navigates away: disabled with a progress label once clicked. */
export function PendingButton({
  action,
  pendingLabel,
  children,
  variant,
  className,
}: {
  action: () => unknown;
  pendingLabel: string;
  children: ReactNode;
  variant?: 'primary' | 'secondary';
  className?: string;
}) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant={variant}
      className={className}
      disabled={pending}
      aria-busy={pending}
      onClick={() => {
        setPending(true);
        void action();
      }}
    >
      {pending ? pendingLabel : children}
    </Button>
  );
}
