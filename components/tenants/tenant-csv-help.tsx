import type { ReactNode } from 'react';
import { TENANT_CSV_LIMITS } from '@/lib/tenants/tenant-csv';

const COLUMNS: { name: string; aliases?: string; children: ReactNode }[] = [
  {
    name: 'tenant',
    aliases: 'domain, tenant_id',
    children: 'Required. The tenant ID (a GUID) or a domain the customer verified in Entra, such as contoso.com.',
  },
  { name: 'name', aliases: 'display_name', children: 'How staff see the customer. Empty: the domain or tenant ID.' },
  {
    name: 'admin_emails',
    aliases: 'admin_email, email',
    children: 'Who receives the consent invitation. Separate several with ; or spaces.',
  },
  {
    name: 'data',
    children: (
      <>
        Which Defender data to collect: <code>mde_alerts</code>, <code>xdr_incidents</code>, <code>graph_security</code>
        , separated by ;. Empty: all three.
      </>
    ),
  },
  { name: 'notes', children: 'For your staff only.' },
];

/** The columns an import reads, and a template to start from. */
export function TenantCsvHelp() {
  return (
    <section aria-labelledby="csv-columns" className="space-y-3 text-sm text-slate-700">
      <h2 id="csv-columns" className="text-base font-semibold text-slate-900">
        Columns
      </h2>
      <p>
        The first row names the columns, in any order and any case. Only <code>tenant</code> is required; other columns
        are ignored.
      </p>
      <dl className="space-y-2">
        {COLUMNS.map((column) => (
          <div key={column.name}>
            <dt>
              <code className="font-semibold text-slate-900">{column.name}</code>
              {column.aliases ? <span className="text-slate-600"> (or {column.aliases})</span> : null}
            </dt>
            <dd>{column.children}</dd>
          </div>
        ))}
      </dl>
      <p>At most {TENANT_CSV_LIMITS.rows} tenants and 1 MB per file. From Excel, save as &ldquo;CSV UTF-8&rdquo;.</p>
      <p>
        <a href="/templates/customer-tenants.csv" download className="text-brand-700 underline">
          Download a template (CSV)
        </a>
      </p>
    </section>
  );
}
