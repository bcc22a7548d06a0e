'use client';

import Link from 'next/link';
import { useActionState, useEffect, useRef, useState, type ReactNode } from 'react';
import { importTenantsAction, type ImportTenantsState } from '@/app/(portal)/tenants/import/actions';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Notice } from '@/components/ui/notice';
import type { ImportTenantsResult } from '@/lib/tenants/import-tenants';
import type { RegisteredTenant } from '@/lib/tenants/register-tenant';
import { ImportResults } from './import-results';
import { InviteImportedForm } from './invite-imported-form';

const INITIAL: ImportTenantsState = { result: null };

/**
 * Paste a CSV, or choose a file, which is read into the same box so that what is imported can be
 * seen and corrected first. The results appear above the form; the box keeps the CSV, so bad rows
 * can be fixed and the file imported again (rows already registered then say so).
 */
export function ImportTenantsForm({ maxBytes, help }: { maxBytes: number; help: ReactNode }) {
  const [state, formAction, pending] = useActionState(importTenantsAction, INITIAL);
  const [csv, setCsv] = useState('');
  const [fileNotice, setFileNotice] = useState<{ error: boolean; text: string } | null>(null);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const refusal = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  // Take keyboard and screen-reader users to what the import did.
  useEffect(() => {
    (state.result?.ok ? resultsHeading : refusal).current?.focus();
  }, [state]);

  // A file chosen before the page finished loading fired its change event before React listened:
  // read it now rather than leave the person looking at a chosen file and an empty box.
  useEffect(() => {
    const early = fileInput.current?.files?.[0];
    if (early) void readFile(early);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, at hydration
  }, []);

  async function readFile(file: File | undefined) {
    if (!file) return;
    if (file.size > maxBytes) {
      setFileNotice({ error: true, text: `${file.name} is larger than 1 MB. Split it into several files.` });
      return;
    }
    try {
      setCsv(new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()));
      setFileNotice({ error: false, text: `${file.name} is in the box below: check it, then import.` });
    } catch {
      setFileNotice({
        error: true,
        text: `${file.name} is not UTF-8 text. In Excel, save it as "CSV UTF-8 (Comma delimited)".`,
      });
    }
  }

  return (
    <div className="space-y-6">
      {state.result && !state.result.ok ? (
        <div ref={refusal} tabIndex={-1} className="focus:outline-none">
          <Notice tone="error" title="Nothing was imported">
            {state.result.error}
          </Notice>
        </div>
      ) : null}
      {state.result?.ok ? <ImportResults result={state.result} headingRef={resultsHeading} /> : null}
      {state.result?.ok && importedTenants(state.result).length > 0 ? (
        // A new import starts a new choice of tenants.
        <InviteImportedForm
          key={importedTenants(state.result)
            .map((t) => t.id)
            .join()}
          tenants={importedTenants(state.result)}
        />
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-start">
        <form
          action={formAction}
          onSubmit={() => setFileNotice(null)}
          className="space-y-5 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
        >
          <div>
            <label htmlFor="csv-file" className="text-sm font-medium text-slate-900">
              CSV file
            </label>
            <p id="csv-file-hint" className="text-xs text-slate-600">
              Its text appears in the box below. Or paste the rows there.
            </p>
            <input
              ref={fileInput}
              id="csv-file"
              type="file"
              accept=".csv,text/csv"
              aria-describedby="csv-file-hint"
              onChange={(event) => void readFile(event.target.files?.[0])}
              disabled={pending}
              className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-100"
            />
            {fileNotice ? (
              <p
                role={fileNotice.error ? 'alert' : 'status'}
                className={`mt-1 text-sm ${fileNotice.error ? 'text-red-800' : 'text-slate-700'}`}
              >
                {fileNotice.text}
              </p>
            ) : null}
          </div>
          <FormField id="csv" label="CSV" hint="A header row naming the columns, then one customer tenant per row.">
            <textarea
              name="csv"
              rows={10}
              required
              spellCheck={false}
              value={csv}
              onChange={(event) => setCsv(event.target.value)}
              readOnly={pending}
              placeholder={
                'tenant,name,admin_emails,data\nfabrikam.onmicrosoft.com,Fabrikam,dana@fabrikam.com,mde_alerts'
              }
            />
          </FormField>
          {pending ? (
            <p role="status" className="text-sm text-slate-700">
              Importing. Canopy looks each tenant up at Microsoft Entra ID, one row after the other: a long file takes a
              minute or two. Keep this page open.
            </p>
          ) : null}
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={pending} aria-busy={pending}>
              {pending ? 'Importing…' : 'Import tenants'}
            </Button>
            <Link href="/tenants" className="text-sm text-slate-700 underline">
              Back to the tenants
            </Link>
          </div>
        </form>
        {help}
      </div>
    </div>
  );
}

/** The tenants an import registered or found registered, once each; the new ones first. */
function importedTenants(result: Extract<ImportTenantsResult, { ok: true }>) {
  const seen = new Map<string, RegisteredTenant & { isNew: boolean }>();
  for (const row of result.rows)
    if (row.outcome !== 'error' && !seen.has(row.tenant.id))
      seen.set(row.tenant.id, { ...row.tenant, isNew: row.outcome === 'registered' });
  return [...seen.values()].sort((a, b) => Number(b.isNew) - Number(a.isNew));
}
