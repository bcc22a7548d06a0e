import type { TenantFormState } from '@/app/(portal)/tenants/actions';
import { FormField } from '@/components/ui/form-field';
import { DATA_SOURCE_LABELS, DEFAULT_DATA_SOURCES } from '@/lib/tenants/tenant-status';

/** The fields staff fill in for a tenant, shared by registration and editing. */
export function TenantDetailFields({
  values,
  errors,
}: {
  values: TenantFormState['values'];
  errors: TenantFormState['fieldErrors'];
}) {
  const text = (name: string) => {
    const value = values[name];
    return typeof value === 'string' ? value : '';
  };
  const chosenSources: string[] = Array.isArray(values.dataSources) ? values.dataSources : DEFAULT_DATA_SOURCES;
  return (
    <>
      <FormField
        id="displayName"
        label="Display name"
        hint="How staff see this customer. Empty: the domain or tenant ID."
        error={errors.displayName}
      >
        <input name="displayName" defaultValue={text('displayName')} />
      </FormField>
      <FormField
        id="adminEmails"
        label="Customer administrator email addresses"
        hint="Who receives the consent invitation: a Global Administrator or Privileged Role Administrator. Separate several with commas."
        error={errors.adminEmails}
      >
        <textarea name="adminEmails" rows={2} defaultValue={text('adminEmails')} />
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
        <textarea name="notes" rows={3} defaultValue={text('notes')} />
      </FormField>
    </>
  );
}
