'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { registerTenantAction, type RegisterTenantFormState } from '@/app/(portal)/tenants/actions';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { DATA_SOURCE_LABELS } from '@/lib/tenants/tenant-status';
import { FormField } from '@/components/ui/form-field';

const INITIAL: RegisterTenantFormState = { error: null, fieldErrors: {}, existing: null, values: {} };
const ALL_SOURCES = Object.keys(DATA_SOURCE_LABELS);

export function RegisterTenantForm() {
  const [state, formAction, pending] = useActionState(registerTenantAction, INITIAL);
  const value = (name: string) => {
    const v = state.values[name];
    return typeof v === 'string' ? v : '';
  };
  const chosenSources = Array.isArray(state.values.dataSources) ? state.values.dataSources : ALL_SOURCES;
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
        hint="For example 3f2a…-…-… or contoso.onmicrosoft.com"
        error={errors.tenant}
      >
        <input name="tenant" required autoComplete="off" spellCheck={false} defaultValue={value('tenant')} />
      </FormField>
      <FormField
        id="displayName"
        label="Display name"
        hint="How staff see this customer. Empty: the domain or tenant ID."
        error={errors.displayName}
      >
        <input name="displayName" defaultValue={value('displayName')} />
      </FormField>
      <FormField
        id="adminEmails"
        label="Customer administrator email addresses"
        hint="Who receives the consent invitation: a Global Administrator or Privileged Role Administrator. Separate several with commas."
        error={errors.adminEmails}
      >
        <textarea name="adminEmails" rows={2} defaultValue={value('adminEmails')} />
      </FormField>
      <fieldset aria-describedby={errors.dataSources ? 'dataSources-error' : undefined}>
        <legend className="text-sm font-medium text-slate-900">Defender data to collect</legend>
        <div className="mt-2 space-y-2">
          {Object.entries(DATA_SOURCE_LABELS).map(([source, { label, permission }]) => (
            <label key={source} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                name="dataSources"
                value={source}
                defaultChecked={chosenSources.includes(source)}
                className="mt-1"
              />
              <span>
                {label}
                <span className="block text-xs text-slate-600">Needs {permission}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.dataSources ? (
          <p id="dataSources-error" className="mt-1 text-sm text-red-800">
            {errors.dataSources}
          </p>
        ) : null}
      </fieldset>
      <FormField
        id="notes"
        label="Notes"
        hint="For your staff only (contract, contacts, anything useful)."
        error={errors.notes}
      >
        <textarea name="notes" rows={3} defaultValue={value('notes')} />
      </FormField>
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
