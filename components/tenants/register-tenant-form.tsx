'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { registerTenantAction, type TenantFormState } from '@/app/(portal)/tenants/actions';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { FormField } from '@/components/ui/form-field';
import { TenantDetailFields } from './tenant-detail-fields';

const INITIAL: TenantFormState = { error: null, fieldErrors: {}, existing: null, values: {} };

export function RegisterTenantForm() {
  const [state, formAction, pending] = useActionState(registerTenantAction, INITIAL);
  const value = (name: string) => {
    const v = state.values[name];
    return typeof v === 'string' ? v : '';
  };
  const errors = state.fieldErrors;

  return (
    <form
      action={formAction}
      className="space-y-5 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      noValidate
    >
      {state.error ? (
        <Notice tone="error" title="The tenant was not registered">
          {state.error}{' '}
          {state.existing ? (
            <Link href={`/tenants/${state.existing.id}`} className="underline">
              Open {state.existing.displayName}
            </Link>
          ) : null}
        </Notice>
      ) : null}
      <FormField
        id="tenant"
        label="Tenant ID or verified domain"
        hint="The directory (tenant) ID, such as 72f988bf-86f1-41af-91ab-2d7cd011db47, or a domain the customer verified in Entra, such as contoso.onmicrosoft.com"
        error={errors.tenant}
      >
        <input name="tenant" required autoComplete="off" spellCheck={false} defaultValue={value('tenant')} />
      </FormField>
      <TenantDetailFields values={state.values} errors={state.fieldErrors} />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? 'Looking the tenant up…' : 'Register tenant'}
        </Button>
        <Link href="/tenants" className="text-sm text-slate-700 underline">
          Cancel
        </Link>
      </div>
    </form>
  );
}
