import Link from 'next/link';
import { AuditResult } from '@/lib/generated/prisma/enums';
import type { AuditQuery } from '@/lib/audit/list-audit-events';

export function AuditFilters({ query }: { query: AuditQuery }) {
  return (
    <form method="get" action="/audit" role="search" className="flex flex-wrap items-end gap-3 text-sm">
      <div className="min-w-0 grow sm:grow-0">
        <label htmlFor="audit-search" className="block font-medium">
          Search
        </label>
        <input
          id="audit-search"
          name="q"
          type="search"
          defaultValue={query.q ?? ''}
          placeholder="Action, person or tenant"
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 sm:w-72"
        />
      </div>
      <div>
        <label htmlFor="audit-result" className="block font-medium">
          Result
        </label>
        <select
          id="audit-result"
          name="result"
          defaultValue={query.result ?? ''}
          className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2"
        >
          <option value="">All</option>
          {Object.values(AuditResult).map((result) => (
            <option key={result} value={result}>
              {result.charAt(0) + result.slice(1).toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100">
        Apply
      </button>
      {query.q || query.result ? (
        <Link href="/audit" className="py-2 text-brand-700 underline">
          Clear
        </Link>
      ) : null}
    </form>
  );
}
