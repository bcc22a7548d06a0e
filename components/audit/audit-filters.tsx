import { FilterBar, FilterSelect } from '@/components/ui/filter-bar';
import type { AuditQuery } from '@/lib/audit/list-audit-events';
import { AuditResult } from '@/lib/generated/prisma/enums';

export function AuditFilters({ query }: { query: AuditQuery }) {
  return (
    <FilterBar
      action="/audit"
      search={{ id: 'audit-search', value: query.q, placeholder: 'Action, person or tenant' }}
      active={Boolean(query.q || query.result)}
    >
      <FilterSelect
        id="audit-result"
        name="result"
        label="Result"
        value={query.result ?? ''}
        options={Object.values(AuditResult).map(
          (result) => [result, result.charAt(0) + result.slice(1).toLowerCase()] as const,
        )}
      >
        <option value="">All</option>
      </FilterSelect>
    </FilterBar>
  );
}
