import Link from 'next/link';
import type { Ref } from 'react';
import { Badge } from '@/components/ui/badge';
import type { ImportOutcome, ImportTenantsResult } from '@/lib/tenants/import-tenants';
import type { RegisteredTenant } from '@/lib/tenants/register-tenant';
import type { Tone } from '@/lib/tenants/tenant-status';

const OUTCOMES: Record<ImportOutcome, { label: string; tone: Tone }> = {
  registered: { label: 'Registered', tone: 'good' },
  'already-registered': { label: 'Already registered', tone: 'info' },
  error: { label: 'Error', tone: 'bad' },
};

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * What became of each row of an import, one table row per CSV row: the tenant as typed, the
 * tenant in Canopy (registered now or before) and the result. On a phone the tenant in Canopy
 * moves under the tenant as typed, so that three columns share the width.
 */
export function ImportResults({
  result,
  headingRef,
}: {
  result: Extract<ImportTenantsResult, { ok: true }>;
  headingRef: Ref<HTMLHeadingElement>;
}) {
  const { counts, rows } = result;
  return (
    <section aria-labelledby="import-results" className="space-y-3">
      <h2 id="import-results" ref={headingRef} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
        Import results
      </h2>
      <p className="text-sm text-slate-700" data-testid="import-summary">
        {plural(rows.length, 'row', 'rows')}: {counts.registered} registered, {counts['already-registered']} already
        registered, {plural(counts.error, 'error', 'errors')}.
        {counts.registered > 0 ? ' New tenants wait for an admin-consent invitation.' : ''}
      </p>
      {result.ignoredColumns.length > 0 ? (
        <p className="text-sm text-slate-700">
          Ignored columns: {result.ignoredColumns.map((name) => `"${name}"`).join(', ')}.
        </p>
      ) : null}
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <table className="w-full table-fixed text-left text-sm">
          <caption className="sr-only">The result of each row of the CSV</caption>
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className="w-12 px-3 py-2 font-medium sm:w-14">
                Row
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Tenant
              </th>
              <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
                In Canopy
              </th>
              <th scope="col" className="px-3 py-2 font-medium sm:w-2/5">
                Result
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {rows.map((row) => (
              <tr key={row.row} data-testid="import-row" className="align-top">
                <td className="px-3 py-2 text-slate-700">{row.row}</td>
                <td className="px-3 py-2 wrap-anywhere">
                  <span className="font-mono text-xs">{row.reference ? wrapAfterDots(row.reference) : '(empty)'}</span>
                  {row.outcome === 'error' ? null : (
                    <div className="mt-1 sm:hidden">
                      <InCanopy tenant={row.tenant} reference={row.reference} />
                    </div>
                  )}
                </td>
                <td className="hidden px-3 py-2 wrap-anywhere sm:table-cell">
                  {row.outcome === 'error' ? null : <InCanopy tenant={row.tenant} />}
                </td>
                <td className="space-y-1 px-3 py-2 wrap-anywhere">
                  <Badge tone={OUTCOMES[row.outcome].tone}>{OUTCOMES[row.outcome].label}</Badge>
                  {row.outcome === 'registered' ? null : <p className="text-slate-700">{row.message}</p>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * The tenant a row registered or found registered, linked to its page, with its tenant ID unless
 * that is already its name or, under the tenant as typed, what was typed.
 */
function InCanopy({ tenant, reference = '' }: { tenant: RegisteredTenant; reference?: string }) {
  const showId = ![tenant.displayName, reference].some((shown) => shown.toLowerCase() === tenant.entraTenantId);
  return (
    <>
      <Link href={`/tenants/${tenant.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
        {wrapAfterDots(tenant.displayName)}
      </Link>
      {showId ? <span className="block font-mono text-xs text-slate-600">{tenant.entraTenantId}</span> : null}
    </>
  );
}

/** A narrow column wraps a domain after its dots rather than anywhere. */
function wrapAfterDots(text: string) {
  return text.split(/(?<=\.)/).flatMap((part, index) => (index === 0 ? [part] : [<wbr key={index} />, part]));
}
