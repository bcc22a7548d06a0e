import { ButtonLink } from '@/components/ui/button';

/** No tenant registered yet: say what Canopy does and what to do first. */
export function TenantsEmptyState({ isAdmin }: { isAdmin: boolean }) {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Customer tenants</h1>
      <section className="max-w-2xl space-y-3 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold">No customers yet</h2>
        <p className="text-sm text-slate-700">
          Canopy reads each customer&apos;s Microsoft Defender alerts and incidents with the customer&apos;s permission.
          Onboarding a customer takes three steps:
        </p>
        <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
          <li>
            Register the customer&apos;s Entra tenant by its tenant ID or a verified domain, or many customers at once
            from a CSV file.
          </li>
          <li>Send their Global Administrator an admin-consent invitation.</li>
          <li>Once they approve it at Microsoft, Canopy verifies the consent and starts collecting data.</li>
        </ol>
        {isAdmin ? (
          <div className="flex flex-wrap gap-3">
            <ButtonLink href="/tenants/new">Register your first customer</ButtonLink>
            <ButtonLink href="/tenants/import" variant="secondary">
              Import from CSV
            </ButtonLink>
          </div>
        ) : (
          <p className="text-sm text-slate-700">Ask a Canopy administrator to register your first customer.</p>
        )}
      </section>
    </div>
  );
}
