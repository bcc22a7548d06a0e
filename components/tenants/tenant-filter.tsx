import { FilterSelect } from '@/components/ui/filter-bar';
import type { TenantFilterChoices, TenantList } from '@/lib/tenants/tenant-filter';
import { TenantPicker } from './tenant-picker';

/**
 * A filter bar's tenant filter, sent as `tenant`: a select of every tenant when there are few, a
 * search when there are more (see TENANT_SELECT_LIMIT), so the page never carries every tenant.
 */
export function TenantFilter({ id, list, choices }: { id: string; list: TenantList; choices: TenantFilterChoices }) {
  if (!choices.options)
    // Keyed by the choice: a client-side navigation to another tenant starts the picker afresh.
    return <TenantPicker key={choices.chosen?.id ?? ''} id={id} list={list} chosen={choices.chosen} />;
  return (
    <FilterSelect
      id={id}
      name="tenant"
      label="Tenant"
      value={choices.chosen?.id ?? ''}
      options={choices.options.map((tenant) => [tenant.id, tenant.displayName] as const)}
    >
      <option value="">All tenants</option>
    </FilterSelect>
  );
}
