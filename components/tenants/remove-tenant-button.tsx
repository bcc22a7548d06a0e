'use client';

import { useState } from 'react';
import { useFormStatus } from 'react-dom';
import { removeTenantAction } from '@/app/(portal)/tenants/actions';
import { Button } from '@/components/ui/button';

/** Removing asks once more, naming the tenant, before it happens. */
export function RemoveTenantButton({ id, name }: { id: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <Button variant="secondary" onClick={() => setConfirming(true)}>
        Remove tenant…
      </Button>
    );
  return (
    <form action={removeTenantAction} className="flex flex-wrap items-center gap-3" role="group" aria-label="Confirm">
      <input type="hidden" name="id" value={id} />
      <p className="text-sm font-medium text-red-800">Remove {name} from Canopy?</p>
      <ConfirmButton name={name} />
      <Button variant="secondary" onClick={() => setConfirming(false)}>
        Keep it
      </Button>
    </form>
  );
}

function ConfirmButton({ name }: { name: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      autoFocus
      className="rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-800 disabled:bg-slate-400"
    >
      {pending ? 'Removing…' : `Remove ${name}`}
    </button>
  );
}
