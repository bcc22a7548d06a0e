import Link from 'next/link';
import type { ReactNode } from 'react';

/**
 * A list's filters as a plain GET form: the view lives in the URL, so it can be bookmarked and
 * shared, and it works before any script runs. Children are the list's own selects.
 */
export function FilterBar({
  action,
  search,
  active,
  children,
}: {
  action: string;
  search: { id: string; value: string | undefined; placeholder: string };
  /** Whether any filter differs from the default view (then "Clear" is offered). */
  active: boolean;
  children?: ReactNode;
}) {
  return (
    <form method="get" action={action} role="search" className="flex flex-wrap items-end gap-3 text-sm">
      <div className="min-w-0 grow sm:grow-0">
        <label htmlFor={search.id} className="block font-medium">
          Search
        </label>
        <input
          id={search.id}
          name="q"
          type="search"
          defaultValue={search.value ?? ''}
          placeholder={search.placeholder}
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 sm:w-72"
        />
      </div>
      {children}
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100">
        Apply
      </button>
      {active ? (
        <Link href={action} className="py-2 text-brand-700 underline">
          Clear
        </Link>
      ) : null}
    </form>
  );
}

/**
 * A labelled select of a filter bar: its `options` as [value, label], after the children (the
 * "All" line that leaves the filter out).
 */
export function FilterSelect({
  id,
  name,
  label,
  value,
  options,
  children,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: readonly (readonly [value: string, label: string])[];
  children?: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={value}
        className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2"
      >
        {children}
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </div>
  );
}
