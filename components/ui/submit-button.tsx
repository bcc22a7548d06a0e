'use client';

import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';
import { Button } from './button';

/** The submit button of a server-action form: disabled, with a progress label, while it runs. */
export function SubmitButton({
  pendingLabel,
  children,
  variant,
  className,
}: {
  pendingLabel: string;
  children: ReactNode;
  variant?: 'primary' | 'secondary';
  className?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} className={className} disabled={pending} aria-busy={pending}>
      {pending ? pendingLabel : children}
    </Button>
  );
}
