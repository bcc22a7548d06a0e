'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { updateTenantAction, type TenantFormState } from '@/app/(portal)/tenants/actions';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { TenantDetailFields } from './tenant-detail-fields';

export function EditTenantForm({ id, initial }: { id: string; initial: TenantFormState['values'] }) {
  const [state, formAction, pending] = useActionState(updateTenantAction, {
    error: null,
    fieldErrors: {},
    existing: null,
    values: initial,
  });
  return (
    <form
      action={formAction}
      className="space-y-5 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      noValidate
    >
      <input type="hidden" name="id" value={id} />
      {state.error ? (
        <Notice tone="error" title="The changes were not saved">
          {state.error}
        </Notice>
      ) : null}
      <TenantDetailFields values={state.values} errors={state.fieldErrors} />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? 'Saving…' : 'Save changes'}
        </Button>
        <Link href={`/tenants/${id}`} className="text-sm text-slate-700 underline">
          Cancel
        </Link>
      </div>
    </form>
  );
}
